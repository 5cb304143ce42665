import ArgumentParser
import PopMix

struct HybridsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hybrids",
    abstract: "List individuals whose ancestry is split between populations.",
    discussion: """
      An individual is listed when its largest admixture proportion is \
      below --threshold; the table shows its two main populations and their \
      proportions. A first-generation hybrid of two populations has about \
      0.5 from each; a backcross about 0.75; a pure individual close to 1, \
      short of it only by estimation noise.

      Picking the threshold: it must sit above the noise of pure \
      individuals and below the hybrids you care about. The default 0.9 \
      catches backcrosses (0.75) with room for noise. Look at the Q file's \
      largest proportions (or compare a simulation with known truth) and \
      lower it if pure individuals are being listed. Reads popmix's \
      PREFIX.K.Q.tsv or an ADMIXTURE .Q file.

      Confidence: with --replicates PREFIX.K.Q_bootstrap.tsv (from fit \
      --bootstrap N) each listed individual gets its support, the share of \
      bootstrap replicates in which its largest proportion is below the \
      threshold too; --min-support lists only those with at least that much.

      On genotype data (an ADMIXTURE .Q, or a PREFIX.K.Q.tsv beside the \
      PREFIX.K.P of a genotype fit) the table also says what the \
      proportions look like: 1/2 + 1/2, 3/4 + 1/4, mostly one, or several \
      populations (the two main ones holding less than 0.9). Proportions \
      alone cannot tell a first-generation hybrid from later generations: \
      that needs ancestry along the genome.
      """)

  @Argument(help: ArgumentHelp("Admixture proportions: PREFIX.K.Q.tsv from popmix fit, or a .Q file.", valueName: "proportions"))
  var path: String
  @Option(parsing: .unconditional, help: "List individuals whose largest proportion is below this (0 to 1).") var threshold = 0.9
  @Option(help: ArgumentHelp("Bootstrap replicates of the same fit: PREFIX.K.Q_bootstrap.tsv from fit --bootstrap.", valueName: "file"))
  var replicates: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("List only individuals with at least this support (0 to 1; needs --replicates).", valueName: "share"))
  var minSupport: Double?
  @Flag(help: "Print JSON: {\"threshold\": t, \"hybrids\": [{\"id\", \"populations\", \"proportions\", \"support\" (with --replicates), \"mixture\" (genotypes)}]}.") var json = false

  func run() throws {
    var job = HybridsJob(path: path, threshold: threshold, json: json)
    job.replicatesPath = replicates
    job.minSupport = minSupport
    try runJob { try job.run() }
  }
}
