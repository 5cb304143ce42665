import Foundation

/// `popmix plot`: draws ancestry bars from Q files, the scan's curves, and
/// a PCA, as SVG files.
public struct PlotJob: Sendable {
  /// Q files: popmix `.Q.tsv`, ADMIXTURE `.K.Q`, fastmixture `.K*.s*.Q`.
  public var proportionPaths: [String] = []
  /// A PLINK `.fam` giving ids to Q files without them.
  public var famPath: String? = nil
  /// Labels that group the bars and colour the PCA (``GroupLabels``).
  public var groupsPath: String? = nil
  /// The column (from 1) of the groups file that holds the label.
  public var groupColumn = 2
  /// A scan's JSON (`scan --json` or `scan --out`'s `PREFIX.scan.json`).
  public var scanPath: String? = nil
  /// PLINK 2's `.eigenvec` and, optionally, `.eigenval`.
  public var eigenvecPath: String? = nil
  public var eigenvalPath: String? = nil
  /// Colour the PCA by this column (from 1) of the first Q file.
  public var colourComponent: Int? = nil
  /// Tick individuals whose largest proportion is below this; nil: no ticks.
  public var hybridThreshold: Double? = 0.9
  /// Runs of one K agree (form a mode) when their aligned proportions
  /// differ by less than this root mean squared difference.
  public var modeThreshold = 0.02
  /// Files are `prefix.bars.svg`, `prefix.scan.svg`, `prefix.pca.svg`.
  public var prefix: String

  public init(prefix: String) { self.prefix = prefix }

  /// What was drawn, before it is written.
  public struct Pictures: Sendable {
    public var bars: SVGDocument?
    /// The panels' alignment and modes, when bars were drawn.
    public var alignment: PanelAlignment?
    /// The bars' order and groups.
    public var order: BarOrder?
    public var scan: SVGDocument?
    public var pca: SVGDocument?
    public var warnings: [String] = []
  }

  /// Checks the settings, reads the inputs and draws.
  ///
  /// - Throws: ``PopMixError`` for a bad setting, nothing to draw, or a
  ///   bad input file.
  public func draw() throws -> Pictures {
    try validate()
    var pictures = Pictures()
    let groups = try groupsPath.map { try GroupLabels.read(path: $0, column: groupColumn) }
    var panels: [AncestryPanel] = []
    if !proportionPaths.isEmpty {
      panels = try Self.readPanels(proportionPaths, famPath: famPath)
      let alignment = PanelAlignment(panels, modeThreshold: modeThreshold)
      var labels: [String]? = nil
      if let groups {
        let (found, missing) = groups.labels(for: alignment.panels[0].table.individuals)
        if !missing.isEmpty {
          pictures.warnings.append("\(missing.count) individuals (the first '\(missing[0])') have no label in \(groupsPath!); they are grouped as 'unlabelled'")
        }
        labels = found
      }
      let reference = alignment.panels.max { $0.populations < $1.populations }!
      let order = BarOrder(panel: reference, labels: labels)
      pictures.bars = AncestryBarPlot(panels: alignment.panels, order: order, hybridThreshold: hybridThreshold).svg()
      pictures.alignment = alignment
      pictures.order = order
    }
    if let scanPath { pictures.scan = try Self.scanCurve(ScanJob.Summary.read(path: scanPath)).svg() }
    if let eigenvecPath {
      var components = try PCAScores.read(eigenvec: eigenvecPath)
      components.eigenvalues = try eigenvalPath.map { try PCAScores.read(eigenval: $0) }
      var colouring = PCAPlot.Colouring.none
      if let colourComponent {
        guard let panel = panels.first else {
          throw PopMixError.badSetting(.colourComponent, colourComponent, .needs("a Q file to take the component from"))
        }
        guard colourComponent <= panel.populations else {
          throw PopMixError.badSetting(.colourComponent, colourComponent, .atMostForData("\(panel.populations)", because: "the first Q file has \(panel.populations) components"))
        }
        let row = Dictionary(panel.table.individuals.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        colouring = .proportion(components.individuals.map { id in row[id].map { panel.table.proportions[$0, colourComponent - 1] } ?? 0 },
                                name: panel.table.populations[colourComponent - 1])
      } else if let groups {
        colouring = .groups(groups.labels(for: components.individuals).labels)
      }
      pictures.pca = PCAPlot(components: components, colouring: colouring).svg()
    }
    return pictures
  }

  /// Draws and writes the pictures, all or nothing, and reports.
  ///
  /// - Throws: ``PopMixError`` as ``draw()`` does, or when a file cannot be
  ///   written (the folder is checked before any input is read).
  public func run() throws -> JobReport {
    try OutputFiles.checkDestination(prefix, longestSuffix: ".scan.svg")
    let pictures = try draw()
    var files = OutputFiles()
    if let bars = pictures.bars { files.add(prefix + ".bars.svg", bars.rendered()) }
    if let scan = pictures.scan { files.add(prefix + ".scan.svg", scan.rendered()) }
    if let pca = pictures.pca { files.add(prefix + ".pca.svg", pca.rendered()) }
    try files.commit()
    var text = ""
    if let alignment = pictures.alignment {
      text += Self.alignmentLines(alignment)
    }
    text += "wrote \(files.paths.joined(separator: " "))\n"
    return JobReport(text: text, warnings: pictures.warnings)
  }

  /// The report's lines on the panels' colours and the modes.
  static func alignmentLines(_ alignment: PanelAlignment) -> String {
    var text = "panels (top to bottom), each column's colour after alignment:\n"
    for panel in alignment.panels {
      text += "  K=\(panel.populations)  \(panel.name): "
        + panel.table.populations.indices.map { "\(panel.table.populations[$0])→colour \(panel.colours[$0] + 1)" }
          .joined(separator: ", ") + "\n"
    }
    let repeated = Dictionary(grouping: alignment.modes, by: \.populations).filter { $0.value.count > 1 || $0.value[0].runs.count > 1 }
    for (k, modes) in repeated.sorted(by: { $0.key < $1.key }) {
      text += "K=\(k): \(modes.count) mode\(modes.count == 1 ? "" : "s") among \(modes.map(\.runs.count).reduce(0, +)) runs: "
        + modes.map { "[\($0.runs.joined(separator: ", "))] (largest RMSE \(Format.fixed($0.largestRMSE, 4)))" }
          .joined(separator: "; ") + "\n"
    }
    return text
  }

  /// Throws unless the settings make sense and something is to be drawn.
  private func validate() throws {
    guard !proportionPaths.isEmpty || scanPath != nil || eigenvecPath != nil else {
      throw PopMixError.badSetting(.modeThreshold, modeThreshold, .other("there is nothing to draw: give Q files, --scan or --pca"))
    }
    if let hybridThreshold, !(hybridThreshold > 0 && hybridThreshold <= 1) {
      throw PopMixError.badSetting(.threshold, hybridThreshold, .positiveFraction)
    }
    guard modeThreshold > 0 && modeThreshold.isFinite else {
      throw PopMixError.badSetting(.modeThreshold, modeThreshold, .positiveNumber)
    }
    guard groupColumn >= 2 else {
      throw PopMixError.badSetting(.groupColumn, groupColumn, .atLeast("2 (column 1 holds the id)"))
    }
    if let colourComponent, colourComponent < 1 {
      throw PopMixError.badSetting(.colourComponent, colourComponent, .atLeast("1"))
    }
    if eigenvalPath != nil && eigenvecPath == nil {
      throw PopMixError.badSetting(.colourComponent, 0, .other("--eigenval needs --pca"))
    }
  }

  /// Reads the Q files as panels over one list of individuals, in the
  /// first file's order. A file without ids (ADMIXTURE's, fastmixture's)
  /// takes those of `famPath`, or else of a file that has ids.
  ///
  /// - Throws: ``PopMixError`` when a file's individuals differ from the
  ///   others' or from the `.fam`'s.
  static func readPanels(_ paths: [String], famPath: String?) throws -> [AncestryPanel] {
    var tables = try paths.map { try ProportionTable.read(path: $0) }
    let famIDs = try famPath.map { path -> [String] in
      let samples = try GenotypeData.readFam(path)
      let iids = samples.map(\.id)
      return Set(iids).count == iids.count ? iids : samples.map { "\($0.family)_\($0.id)" }
    }
    let isGenerated = tables.map { $0.individuals == CountTable.defaultIndividualNames($0.individuals.count) }
    let named = tables.indices.first { !isGenerated[$0] }.map { tables[$0].individuals }
    for index in tables.indices where isGenerated[index] {
      guard let ids = famIDs ?? named else { continue }
      guard ids.count == tables[index].individuals.count else {
        throw PopMixError.badData("the file has \(tables[index].individuals.count) rows but \(famPath ?? paths[0]) lists \(ids.count) individuals", file: paths[index])
      }
      tables[index].individuals = ids
    }
    let reference = tables[0].individuals
    for index in tables.indices.dropFirst() where tables[index].individuals != reference {
      let position = Dictionary(tables[index].individuals.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      let rows = reference.compactMap { position[$0] }
      guard tables[index].individuals.count == reference.count, rows.count == reference.count else {
        let missing = reference.first { position[$0] == nil } ?? tables[index].individuals[0]
        throw PopMixError.badData("the file does not list the same individuals as \(paths[0]) (e.g. '\(missing)')", file: paths[index])
      }
      var table = tables[index]
      table.proportions = table.proportions.selectingRows(rows)
      table.individuals = reference
      tables[index] = table
    }
    return zip(paths, tables).map { AncestryPanel(name: URL(fileURLWithPath: $0).lastPathComponent, table: $1) }
  }

  /// The scan curve of a scan's summary, the held-out score as the JSON
  /// holds it (a deviance, lower better, for genotypes).
  static func scanCurve(_ summary: ScanJob.Summary) -> ScanCurvePlot {
    ScanCurvePlot(
      points: summary.results.map {
        .init(populations: $0.populations, heldOut: $0.heldout, standardError: $0.heldoutSe, logLikelihood: $0.loglik)
      },
      chosen: summary.chosen,
      heldOutMeasure: summary.model == "binomial" ? "deviance per held-out call (lower is better)" : "log-likelihood per held-out entry")
  }
}
