import Foundation

/// `popmix report`: one self-contained HTML page (inline SVG, no scripts,
/// nothing fetched) for a fit's summary or a scan's JSON: the figures and
/// what they mean, the plots, the hybrids, the command that made them.
public struct ReportJob: Sendable {
  /// `PREFIX.K.summary.json` from `fit`, or a scan's JSON.
  public var path: String
  /// Labels that group the bars (``GroupLabels``).
  public var groupsPath: String? = nil
  /// The column (from 1) of the groups file that holds the label.
  public var groupColumn = 2
  /// The hybrid threshold of the ticks and the table.
  public var threshold = 0.9
  /// The page's path.
  public var out: String

  public init(path: String, out: String) {
    self.path = path
    self.out = out
  }

  /// Reads the summary and its outputs, and writes the page.
  ///
  /// - Throws: ``PopMixError`` for a bad threshold, a file that is neither
  ///   a fit's summary nor a scan's JSON, a missing Q file, or a page that
  ///   cannot be written (its folder is checked first).
  public func run() throws -> JobReport {
    guard threshold > 0 && threshold <= 1 else {
      throw PopMixError.badSetting(.threshold, threshold, .positiveFraction)
    }
    try OutputFiles.checkDestination(out)
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw PopMixError.badData("cannot read the file: \(error.localizedDescription)", file: path)
    }
    let isScan = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] != nil
    var page = ReportPage(title: "")
    if isScan {
      try scanPage(ScanJob.Summary.read(path: path), into: &page)
    } else {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      let summary: FitJob.Summary
      do { summary = try decoder.decode(FitJob.Summary.self, from: data) } catch {
        throw PopMixError.badData("this is neither a fit's summary (PREFIX.K.summary.json) nor a scan's JSON", file: path)
      }
      try fitPage(summary, into: &page)
    }
    var files = OutputFiles()
    files.add(out, page.html())
    try files.commit()
    return JobReport(text: "wrote \(out)\n")
  }

  /// The page of one fit.
  private func fitPage(_ summary: FitJob.Summary, into page: inout ReportPage) throws {
    page.title = "popmix fit: \(summary.populations) populations, \(URL(fileURLWithPath: summary.input).lastPathComponent)"
    page.command(summary.command)
    var rows: [(String, String, String)] = [
      ("input", summary.input, "the data fitted"),
      ("individuals", String(summary.individuals), "rows of Q: one bar each below"),
      ("populations (K)", String(summary.populations), "the number of ancestral populations fitted"),
      ("log-likelihood", Format.fixed(summary.loglik, 3), Self.loglikMeaning(summary.dataFields)),
      ("converged", summary.converged ? "yes" : "no", "whether the best restart stopped because its relative gain per iteration fell below the tolerance"),
      ("iterations", String(summary.iterations), "passes over the data of the best restart"),
      ("restarts", "\(summary.restarts) (best: \(summary.bestRestart))", "random starts; the best log-likelihood is kept, and their spread shows competing optima"),
      ("seed", String(summary.seed), "the seed of the starts: the same seed and data give the same fit"),
      ("tolerance", Format.general(summary.tolerance), "the fit stops when the relative gain of one iteration is below this"),
      ("seconds", Format.fixed(summary.seconds, 2), "wall-clock time of the fit"),
    ]
    switch summary.dataFields {
    case .table(let fields):
      rows.append(("loci", String(fields.loci), "loci fitted (those with no count above zero are dropped)"))
      rows.append(("missing entries", String(fields.missingEntries), "NA entries, left out of the fit"))
    case .genotypes(let fields):
      rows.append(("SNPs", String(fields.snps), "SNPs fitted (\(fields.droppedMonomorphic) monomorphic dropped, \(fields.skippedMultiallelic) multiallelic skipped)"))
      rows.append(("missing calls", String(fields.missingCalls), "calls left out of the fit"))
    }
    page.figures("Summary", rows)
    let restartRows = summary.restartResults.map {
      ["\($0.restart)", Format.fixed($0.loglik, 3), "\($0.iterations)", $0.converged ? "yes" : "no", $0.stop]
    }
    page.table("Restarts", header: ["restart", "log-likelihood", "iterations", "converged", "stop"], rows: restartRows,
               note: "Restarts that end within about one log-unit of the best found the same optimum.")
    guard let qPath = Self.proportionsPath(summary.outputs, besides: path) else {
      throw PopMixError.badData("the summary lists no .Q.tsv file among its outputs", file: path)
    }
    try plotsAndHybrids([qPath], into: &page)
  }

  /// The page of a scan.
  private func scanPage(_ summary: ScanJob.Summary, into page: inout ReportPage) throws {
    page.title = "popmix scan: K = \(summary.results.first!.populations)–\(summary.results.last!.populations), chosen \(summary.chosen)"
    page.command(summary.command)
    page.figures("Summary", [
      ("chosen K", String(summary.chosen), "the \(summary.rule)"),
      ("best held-out K", String(summary.bestHeldout), "the K with the best mean held-out score"),
      ("model", summary.model, summary.model == "binomial" ? "ADMIXTURE's binomial model of genotypes" : "Poisson NMF of counts"),
      ("folds", String(summary.folds), "the observed entries are split at random into this many folds; each is hidden in turn and scored by a fit to the rest"),
      ("restarts", String(summary.restarts), "random starts per fit"),
      ("seed", String(summary.seed), "the seed of the folds and the starts"),
      ("observed entries", String(summary.observedEntries), "BIC's sample size"),
      ("seconds", Format.fixed(summary.seconds, 2), "wall-clock time of the whole scan"),
    ])
    page.table("Results", header: ["K", "log-likelihood", "parameters", "BIC", "held-out", "SE", "converged"],
               rows: summary.results.map {
                 ["\($0.populations)", Format.fixed($0.loglik, 1), "\($0.parameters)", Format.fixed($0.bic, 1),
                  Format.fixed($0.heldout, 5), Format.fixed($0.heldoutSe, 5), $0.converged ? "yes" : "no"]
               },
               note: "log-likelihood: of the full data, which always grows with K, so it cannot choose K. BIC: −2 × log-likelihood + parameters × ln(observed entries), lower is better. held-out: the \(summary.heldoutMeasure), mean over folds; SE: its standard error (the folds' standard deviation over √folds).")
    page.svg("Scan curve", PlotJob.scanCurve(summary).svg(),
             note: "Left: the held-out score with ±1 standard error bars; the chosen K is the smallest within one standard error of the best. Right: the full-data log-likelihood.")
    let qPaths = (summary.outputs ?? []).filter { $0.hasSuffix(".Q.tsv") }
      .compactMap { Self.proportionsPath([$0], besides: path) }
    if !qPaths.isEmpty { try plotsAndHybrids(qPaths, into: &page, hybridsOf: summary.chosen) }
  }

  /// The bars of `qPaths` and the hybrids of the panel with `hybridsOf`
  /// components (the only one when nil).
  private func plotsAndHybrids(_ qPaths: [String], into page: inout ReportPage, hybridsOf k: Int? = nil) throws {
    var plot = PlotJob(prefix: out)
    plot.proportionPaths = qPaths
    plot.groupsPath = groupsPath
    plot.groupColumn = groupColumn
    plot.hybridThreshold = threshold
    let pictures = try plot.draw()
    guard let bars = pictures.bars, let alignment = pictures.alignment else { return }
    page.svg("Ancestry", bars, note: "One bar per individual, stacked by its admixture proportions; one panel per K, colours matched across panels so that a population keeps its colour. A tick above a bar marks a hybrid: an individual whose largest proportion is below \(Format.general(threshold)).")
    if alignment.panels.count > 1 {
      page.paragraph(PlotJob.alignmentLines(alignment))
    }
    let panel = alignment.panels.first { $0.populations == (k ?? $0.populations) } ?? alignment.panels[0]
    let calls = panel.table.hybrids(threshold: threshold)
    page.table("Hybrids (K=\(panel.populations))", header: ["id", "main", "share", "second", "share"],
               rows: calls.map {
                 [$0.id, panel.table.populations[$0.populations[0]], Format.fixed($0.proportions[0], 3),
                  panel.table.populations[$0.populations[1]], Format.fixed($0.proportions[1], 3)]
               },
               note: "\(calls.count) of \(panel.table.individuals.count) individuals have a largest proportion below \(Format.general(threshold)): a first-generation hybrid of two populations has about 0.5 from each, a backcross about 0.75.")
  }

  /// What the log-likelihood is, by kind of data.
  private static func loglikMeaning(_ fields: FitJob.Summary.DataFields) -> String {
    switch fields {
    case .table: "the full Poisson log-likelihood Σ (V log λ − λ − log V!) of the best restart; higher is better, comparable between fits of one table"
    case .genotypes: "the binomial log-likelihood Σ g log p + (t − g) log(1 − p) of the best restart, as ADMIXTURE reports it; higher is better"
    }
  }

  /// The first `.Q.tsv` among `outputs` that exists as recorded or in the
  /// folder of `summaryPath`.
  private static func proportionsPath(_ outputs: [String], besides summaryPath: String) -> String? {
    let folder = URL(fileURLWithPath: summaryPath).deletingLastPathComponent()
    for output in outputs where output.hasSuffix(".Q.tsv") {
      if FileManager.default.fileExists(atPath: output) { return output }
      let beside = folder.appendingPathComponent(URL(fileURLWithPath: output).lastPathComponent).path
      if FileManager.default.fileExists(atPath: beside) { return beside }
    }
    return nil
  }
}
