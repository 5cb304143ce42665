/// `popmix fit`: fits a count table and writes Q, W, H and a summary.
public struct FitJob: Sendable {
  public var input: TableInput
  public var options: FitOptions
  /// Output files are named `prefix.Q.tsv`, `prefix.W.tsv`, ….
  public var prefix: String
  /// The threshold quoted in the report's hybrid count.
  public var hybridThreshold: Double = 0.9
  /// Where to write every restart's accepted steps (TSV), if anywhere.
  public var tracePath: String? = nil

  public init(input: TableInput, options: FitOptions, prefix: String) {
    self.input = input
    self.options = options
    self.prefix = prefix
  }

  /// The summary written to `prefix.summary.json`.
  public struct Summary: Sendable, Codable, Equatable {
    public var input: String
    public var individuals: Int
    public var loci: Int
    public var droppedLoci: [String]
    public var missingEntries: Int
    public var populations: Int
    /// Full Poisson log-likelihood Σ (V log λ − λ − log V!).
    public var loglik: Double
    public var iterations: Int
    public var converged: Bool
    public var restarts: Int
    public var bestRestart: Int
    public var restartResults: [Restart]
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    public var threads: Int
    public var seconds: Double
    public var outputs: [String]

    public struct Restart: Sendable, Codable, Equatable {
      public var restart: Int
      public var seed: UInt64
      public var loglik: Double
      public var iterations: Int
      public var converged: Bool
    }
  }

  /// Reads, fits and writes.
  ///
  /// - Throws: ``InputError`` for bad options, a bad table, a number of
  ///   populations the data cannot support, or an output that cannot be
  ///   written; nothing is written then.
  ///
  /// - Parameter progress: shows the fit's progress, if given.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    try options.validate()
    let (table, dropped, warnings) = try input.load()
    var options = self.options
    options.recordTrace = tracePath != nil
    let fit = try PoissonNMF.fit(table, options: options, observer: progress?.fitObserver(restarts: options.restarts))
    progress?.finish()
    let model = fit.model
    var files = OutputFiles()
    files.add(prefix + ".Q.tsv", model.proportionsTSV(individuals: table.individuals))
    files.add(prefix + ".W.tsv", model.weightsTSV(individuals: table.individuals))
    files.add(prefix + ".H.tsv", model.frequenciesTSV(loci: table.loci))
    if let tracePath {
      files.add(tracePath, TSV.table(header: ["restart", "pass", "seconds", "loglik"], rows: fit.traces.joined().map {
        [String($0.restart), String($0.pass), String(format: "%.6f", $0.seconds), TSV.exact($0.logLikelihood)]
      }))
    }
    let summaryPath = prefix + ".summary.json"
    let summary = Summary(
      input: input.path, individuals: table.individualCount, loci: table.locusCount,
      droppedLoci: dropped, missingEntries: table.missingCount, populations: options.populations,
      loglik: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged,
      restarts: options.restarts, bestRestart: fit.bestRestart,
      restartResults: fit.restarts.map {
        .init(restart: $0.index, seed: $0.seed, loglik: $0.logLikelihood, iterations: $0.iterations, converged: $0.converged)
      },
      seed: options.seed, tolerance: options.tolerance, maxIterations: options.maxIterations,
      threads: options.threads, seconds: fit.seconds, outputs: files.paths + [summaryPath])
    files.add(summaryPath, Format.json(summary))
    try files.commit()
    return JobReport(text: report(fit, table: table, files: files.paths), warnings: warnings)
  }

  private func report(_ fit: FitResult, table: CountTable, files: [String]) -> String {
    let q = fit.model.admixtureProportions
    let shares = q.columnSums().map { $0 / Double(q.rows) }
    let best = fit.logLikelihood
    // How far the starts ended from one another: a wide spread means
    // competing optima (or a tolerance too loose to settle), worth more restarts.
    let worst = fit.restarts.map(\.logLikelihood).min()!
    let reached = fit.restarts.filter { best - $0.logLikelihood <= 1 }.count
    let hybrids = ProportionTable(individuals: table.individuals, populations: TSV.populationNames(q.columns),
                                  proportions: q).hybrids(threshold: hybridThreshold).count
    var text = "fit \(table.individualCount) individuals x \(table.locusCount) loci with \(options.populations) populations\n"
    text += "  log-likelihood  \(Format.fixed(best, 3))  (full Poisson, with -log V!)\n"
    text += "  restarts        best was restart \(fit.bestRestart) of \(fit.restarts.count); \(reached) ended within 1 log-unit of it; the worst \(Format.fixed(best - worst, 2)) below\n"
    text += "  iterations      \(fit.iterations), " + (fit.converged
      ? "converged (relative gain < \(Format.general(options.tolerance)))\n"
      : "NOT converged: hit --max-iterations \(options.maxIterations); raise it or loosen --tolerance\n")
    text += "  populations     " + shares.enumerated().map { "pop\($0.offset) \(Format.percent($0.element))" }.joined(separator: "  ")
      + "  (mean admixture proportion)\n"
    text += "  hybrids         \(hybrids) individuals with largest proportion < \(Format.general(hybridThreshold)) (popmix hybrids \(prefix).Q.tsv)\n"
    text += "  time            \(Format.fixed(fit.seconds, 2)) s\n"
    text += "  wrote           \(files.joined(separator: " "))\n"
    return text
  }
}
