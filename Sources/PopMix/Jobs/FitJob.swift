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
    public var restartResults: [RestartSummary]
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    public var threads: Int
    public var seconds: Double
    public var outputs: [String]
  }

  /// Reads, fits and writes.
  ///
  /// - Throws: ``PopMixError`` for bad options, an output or trace folder
  ///   that cannot be written (both checked before the table is read), a
  ///   bad table, a number of populations the data cannot support, or an
  ///   output that cannot be written; nothing is written then.
  ///
  /// - Parameter progress: shows the fit's progress, if given.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    try options.validate()
    try OutputFiles.checkDestination(prefix, longestSuffix: ".summary.json")
    if let tracePath { try OutputFiles.checkDestination(tracePath) }
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
      files.add(tracePath, fit.traceTSV)
    }
    let summaryPath = prefix + ".summary.json"
    let summary = Summary(
      input: input.path, individuals: table.individualCount, loci: table.locusCount,
      droppedLoci: dropped, missingEntries: table.missingCount, populations: options.populations,
      loglik: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged,
      restarts: options.restarts, bestRestart: fit.bestRestart,
      restartResults: fit.restartSummaries,
      seed: options.seed, tolerance: options.tolerance, maxIterations: options.maxIterations,
      threads: options.threads, seconds: fit.seconds, outputs: files.paths + [summaryPath])
    files.add(summaryPath, Format.json(summary))
    try files.commit()
    return JobReport(text: report(fit, table: table, files: files.paths), warnings: warnings)
  }

  private func report(_ fit: FitResult<Factorization>, table: CountTable, files: [String]) -> String {
    var text = "fit \(table.individualCount) individuals x \(table.locusCount) loci with \(options.populations) populations\n"
    text += "  log-likelihood  \(Format.fixed(fit.logLikelihood, 3))  (full Poisson, with -log V!)\n"
    text += fit.restartAndIterationLines(options: options)
    text += ProportionTable.shareAndHybridLines(fit.model.admixtureProportions, individuals: table.individuals,
                                                threshold: hybridThreshold, prefix: prefix)
    text += "  time            \(Format.fixed(fit.seconds, 2)) s\n"
    text += "  wrote           \(files.joined(separator: " "))\n"
    return text
  }
}
