import ArgumentParser
import PopMix

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Score estimated admixture proportions against a known truth.",
    discussion: """
      For simulated data. Populations in a fit are numbered arbitrarily, so \
      the estimate's columns are first matched to the truth's (the matching \
      with the least squared difference); then it reports the root mean \
      squared error of the proportions over all individuals and \
      populations, and, with --labels, the precision and recall of the \
      hybrids that popmix hybrids would list at --threshold.
      """)

  @Argument(help: ArgumentHelp("Estimated proportions (PREFIX.K.Q.tsv from popmix fit).", valueName: "estimate"))
  var estimate: String
  @Argument(help: ArgumentHelp("True proportions (PREFIX.Q.tsv from popmix simulate).", valueName: "truth"))
  var truth: String
  @Option(help: "PREFIX.labels.tsv from popmix simulate, to score the hybrid calls.") var labels: String?
  @Option(parsing: .unconditional, help: "Hybrid threshold, as in popmix hybrids.") var threshold = 0.9
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try runJob {
      try CompareJob(estimatePath: estimate, truthPath: truth, labelsPath: labels, threshold: threshold, json: json).run()
    }
  }
}
