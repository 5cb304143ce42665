/// `popmix fit --bfile PREFIX` or `--vcf FILE`: fits ADMIXTURE's binomial
/// model and writes ADMIXTURE's `.Q` and `.P` files, Q with ids, and a summary.
public struct GenotypeFitJob: Sendable {
  public var input: GenotypeInput
  public var options: FitOptions
  /// Output files are named `prefix.K.Q`, `prefix.K.P`, `prefix.Q.tsv`, ….
  public var prefix: String
  /// The threshold quoted in the report's hybrid count.
  public var hybridThreshold: Double = 0.9
  /// Where to write every restart's accepted steps (TSV), if anywhere.
  public var tracePath: String? = nil

  public init(input: GenotypeInput, options: FitOptions, prefix: String) {
    self.input = input
    self.options = options
    self.prefix = prefix
  }

  /// The summary written to `prefix.summary.json`.
  public struct Summary: Sendable, Codable, Equatable {
    public var input: String
    public var format: GenotypeInput.Format
    public var model: String
    public var individuals: Int
    public var snps: Int
    public var droppedMonomorphic: Int
    public var skippedMultiallelic: Int
    public var missingCalls: Int
    public var populations: Int
    /// Binomial log-likelihood Σ g log p + (t − g) log(1 − p), as ADMIXTURE
    /// and fastmixture report it.
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
  /// - Parameter progress: shows the fit's progress, if given.
  /// - Throws: ``PopMixError`` for bad options, an output or trace folder
  ///   that cannot be written (both checked before the data is read), bad
  ///   genotype files, a number of populations the data cannot support, or
  ///   an output that cannot be written; nothing is written then.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    try options.validate()
    try OutputFiles.checkDestination(prefix, longestSuffix: ".summary.json")
    if let tracePath { try OutputFiles.checkDestination(tracePath) }
    let loaded = try input.load()
    let data = loaded.data
    var options = self.options
    options.recordTrace = tracePath != nil
    let fit = try BinomialAdmixture.fit(data.genotypes, options: options,
                                        observer: progress?.fitObserver(restarts: options.restarts))
    progress?.finish()
    let K = options.populations
    var files = OutputFiles()
    files.add("\(prefix).\(K).Q", fit.model.qFileText)
    files.add("\(prefix).\(K).P", fit.model.pFileText(variants: loaded.variantsRead, dropped: loaded.droppedFrequencies))
    files.add(prefix + ".Q.tsv", fit.model.proportionsTSV(individuals: data.sampleIDs))
    if let tracePath { files.add(tracePath, fit.traceTSV) }
    let summaryPath = prefix + ".summary.json"
    let summary = Summary(
      input: input.path, format: input.format, model: "binomial (ADMIXTURE)",
      individuals: data.genotypes.individuals, snps: data.genotypes.snps,
      droppedMonomorphic: data.droppedMonomorphic, skippedMultiallelic: data.skippedMultiallelic,
      missingCalls: data.genotypes.missingCount, populations: K,
      loglik: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged,
      restarts: options.restarts, bestRestart: fit.bestRestart, restartResults: fit.restartSummaries,
      seed: options.seed, tolerance: options.tolerance, maxIterations: options.maxIterations,
      threads: options.threads, seconds: fit.seconds, outputs: files.paths + [summaryPath])
    files.add(summaryPath, Format.json(summary))
    try files.commit()
    return JobReport(text: report(fit, data: data, files: files.paths), warnings: loaded.warnings)
  }

  private func report(_ fit: FitResult<AdmixtureModel>, data: GenotypeData, files: [String]) -> String {
    let genotypes = data.genotypes
    var text = "fit \(genotypes.individuals) individuals x \(genotypes.snps) SNPs with \(options.populations) populations (binomial model)\n"
    text += "  log-likelihood  \(Format.fixed(fit.logLikelihood, 3))  (binomial, as ADMIXTURE reports it)\n"
    text += fit.restartAndIterationLines(options: options)
    text += ProportionTable.shareAndHybridLines(fit.model.Q, individuals: data.sampleIDs,
                                                threshold: hybridThreshold, prefix: prefix)
    text += "  time            \(Format.fixed(fit.seconds, 2)) s\n"
    text += "  wrote           \(files.joined(separator: " "))\n"
    return text
  }
}
