import ArgumentParser
import PopMix

struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw ancestry bars, the scan curve and a PCA as SVG.",
    discussion: """
      Bars: one panel per Q file (popmix PREFIX.K.Q.tsv, ADMIXTURE's .K.Q, \
      fastmixture's .K*.s*.Q), ordered by K; one bar per individual, \
      stacked by ancestry. Colours are aligned across panels as CLUMPP and \
      pong do: each panel's columns are matched to the previous panel's by \
      the least squared difference over individuals, so a population keeps \
      its colour and a new component at K+1 takes a new one. Runs of one K \
      whose aligned proportions differ by less than --mode-threshold (root \
      mean squared difference) form a mode; the report lists the modes. So \
      `popmix plot PREFIX.3.s*.Q.tsv` aligns the runs of `fit -K 3 --seeds \
      1-10` and groups them by mode.

      With --groups, individuals are grouped by label (groups ordered by \
      their main component, individuals within a group by their largest \
      proportion) and the labels are written under the bars. Individuals \
      whose largest proportion is below --threshold get a tick above their \
      bar.

      --scan draws a scan's held-out score (mean and one standard error \
      over folds) and log-likelihood against K, the chosen K marked. --pca \
      draws PC1 against PC2 from PLINK 2's .eigenvec, coloured by --groups \
      or by one component of the first Q file (--pca-colour), beside the \
      variance each component explains (with --eigenval).

      Writes PREFIX.bars.svg, PREFIX.scan.svg and PREFIX.pca.svg, as drawn. \
      The palette is Okabe and Ito's, then Paul Tol's muted and light \
      schemes: 24 colours readers with colour blindness can tell apart.
      """)

  @Argument(help: ArgumentHelp("Q files, one panel each.", valueName: "proportions"))
  var proportions: [String] = []
  @Option(help: ArgumentHelp("A PLINK .fam whose ids the Q files without ids (ADMIXTURE's) take.", valueName: "file"))
  var fam: String?
  @Option(help: ArgumentHelp("Labels that group the bars and colour the PCA: a .fam (family ids), or id and label per line (e.g. a 1000 Genomes panel).", valueName: "file"))
  var groups: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("The column (from 1) of --groups that holds the label (not for a .fam).", valueName: "n"))
  var groupColumn = 2
  @Option(help: ArgumentHelp("A scan's JSON (scan --json, or PREFIX.scan.json from scan --out).", valueName: "file"))
  var scan: String?
  @Option(help: ArgumentHelp("PLINK 2's .eigenvec: header #FID IID PC1 PC2 ... or #IID PC1 ...", valueName: "file"))
  var pca: String?
  @Option(help: ArgumentHelp("The .eigenval of --pca: one eigenvalue per line.", valueName: "file"))
  var eigenval: String?
  @Option(name: .customLong("pca-colour"), parsing: .unconditional,
          help: ArgumentHelp("Colour the PCA by this component (from 1) of the first Q file.", valueName: "k"))
  var pcaColour: Int?
  @Option(parsing: .unconditional, help: "Tick individuals whose largest proportion is below this (0 to 1).")
  var threshold = 0.9
  @Flag(help: "Draw no hybrid ticks.") var noHybrids = false
  @Option(parsing: .unconditional, help: "Runs of one K agree (one mode) when their aligned proportions differ by less than this root mean squared difference.")
  var modeThreshold = 0.02
  @Option(help: "Output prefix: PREFIX.bars.svg, PREFIX.scan.svg, PREFIX.pca.svg.") var out: String

  func run() throws {
    var job = PlotJob(prefix: out)
    job.proportionPaths = proportions
    job.famPath = fam
    job.groupsPath = groups
    job.groupColumn = groupColumn
    job.scanPath = scan
    job.eigenvecPath = pca
    job.eigenvalPath = eigenval
    job.colourComponent = pcaColour
    job.hybridThreshold = noHybrids ? nil : threshold
    job.modeThreshold = modeThreshold
    try runJob { try job.run() }
  }
}
