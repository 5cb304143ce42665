import ArgumentParser
import PopMix

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one HTML page for a fit or a scan.",
    discussion: """
      Give a fit's PREFIX.K.summary.json or a scan's JSON (PREFIX.scan.json \
      from scan --out, or what scan --json printed). The page holds the \
      figures and what each means, the ancestry bars (every K a scan kept), \
      the scan curve, the hybrids and the command that made the result. It \
      is one file: the pictures are inline SVG, there are no scripts, and \
      nothing is fetched from the network, so it can be mailed or archived.
      """)

  @Argument(help: ArgumentHelp("A fit's PREFIX.K.summary.json or a scan's JSON.", valueName: "summary"))
  var summary: String
  @Option(help: ArgumentHelp("Labels that group the bars: a .fam (family ids), or id and label per line.", valueName: "file"))
  var groups: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("The column (from 1) of --groups that holds the label (not for a .fam).", valueName: "n"))
  var groupColumn = 2
  @Option(parsing: .unconditional, help: "Hybrids: individuals whose largest proportion is below this (0 to 1).")
  var threshold = 0.9
  @Option(help: ArgumentHelp("The page to write.", valueName: "file.html")) var out: String

  func run() throws {
    var job = ReportJob(path: summary, out: out)
    job.groupsPath = groups
    job.groupColumn = groupColumn
    job.threshold = threshold
    try runJob { try job.run() }
  }
}
