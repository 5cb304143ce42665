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
      """)

  @Argument(help: ArgumentHelp("Admixture proportions: PREFIX.K.Q.tsv from popmix fit, or a .Q file.", valueName: "proportions"))
  var path: String
  @Option(parsing: .unconditional, help: "List individuals whose largest proportion is below this (0 to 1).") var threshold = 0.9
  @Flag(help: "Print JSON: {\"threshold\": t, \"hybrids\": [{\"id\", \"populations\", \"proportions\"}]}.") var json = false

  func run() throws {
    try runJob { try HybridsJob(path: path, threshold: threshold, json: json).run() }
  }
}
