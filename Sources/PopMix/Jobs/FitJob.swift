/// `popmix fit`: fits a count table (Poisson NMF; writes Q, W, H) or
/// genotypes (ADMIXTURE's binomial model; writes ADMIXTURE's `.Q` and `.P`
/// files and Q with ids), and a summary.
public struct FitJob: Sendable {
  public var input: DataInput
  public var options: FitOptions
  /// Output files are named `prefix.K.Q.tsv`, `prefix.K.summary.json`, …
  /// (K, the number of populations, in every name).
  public var prefix: String
  /// The threshold quoted in the report's hybrid count.
  public var hybridThreshold: Double = 0.9
  /// Where to write every restart's accepted steps (TSV), if anywhere.
  public var tracePath: String? = nil
  /// The command line that ran the job, recorded in the summary.
  public var command: String? = nil
  /// When set, the table is fitted by least squares with these settings
  /// (`FitJob+LeastSquares.swift`) instead of by Poisson NMF.
  public var leastSquares: LeastSquaresOptions? = nil
  /// When set, genotype fits are followed by a moving-block bootstrap
  /// (`FitJob+Bootstrap.swift`).
  public var bootstrap: BootstrapOptions? = nil
  /// When set, genotypes are fitted with reference individuals' Q or an
  /// earlier fit's P held fixed (`FitJob+Supervised.swift`,
  /// `FitJob+Projection.swift`); `options.populations` may then be 0, for
  /// the reference's number of populations.
  public var reference: ReferenceInput? = nil

  public init(input: DataInput, options: FitOptions, prefix: String) {
    self.input = input
    self.options = options
    self.prefix = prefix
  }

  /// Reads, fits and writes.
  ///
  /// - Parameter progress: shows the fit's progress, if given.
  /// - Throws: ``PopMixError`` for bad options, an output or trace folder
  ///   that cannot be written (both checked before the data is read), a
  ///   bad table or bad genotype files, a number of populations the data
  ///   cannot support, or an output that cannot be written; nothing is
  ///   written then.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    try checkBootstrap()
    if let leastSquares { return try runLeastSquares(options: leastSquares, progress: progress) }
    if let reference { return try run(reference: reference, progress: progress) }
    try options.validate()
    try OutputFiles.checkDestination(prefix, longestSuffix: ".\(options.populations).summary.json")
    if let tracePath { try OutputFiles.checkDestination(tracePath) }
    var options = self.options
    options.recordTrace = tracePath != nil
    let observer = progress?.fitObserver(restarts: options.restarts)
    let fitted: any FittedData = switch input {
    case .table(let table): try FittedTable(table, options: options, observer: observer)
    case .genotypes(let genotypes): try FittedGenotypes(genotypes, options: options, observer: observer)
    }
    return try write(fitted, options: options, stem: "\(prefix).\(options.populations)", progress: progress).report
  }

  /// Writes the model's files (and a bootstrap's, when asked: it runs
  /// here, after the fit), the trace and the summary, all or nothing, and
  /// reports: the report and the files written.
  ///
  /// - Parameter stem: the files' names without their suffix: `prefix.K`,
  ///   or `prefix.K.sSEED` for one of several seeds.
  func write<Fitted: FittedData>(_ fitted: Fitted, options: FitOptions, stem: String,
                                 progress: ProgressLine?) throws -> (report: JobReport, files: [String]) {
    let estimate = bootstrap.flatMap { fitted.bootstrap($0, options: options, progress: progress) }
    progress?.finish()
    let fit = fitted.fit
    var files = OutputFiles()
    fitted.addModelFiles(to: &files, stem: stem)
    if let estimate { addBootstrapFiles(estimate, to: &files, individuals: fitted.individuals, stem: stem) }
    if let tracePath { files.add(tracePath, fit.traceTSV) }
    let summaryPath = "\(stem).summary.json"
    var summary = Summary(
      input: fitted.path, individuals: fitted.individuals.count, populations: options.populations,
      loglik: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged,
      restarts: options.restarts, bestRestart: fit.bestRestart, restartResults: fit.restartSummaries,
      seed: options.seed, tolerance: options.tolerance, maxIterations: options.maxIterations,
      threads: options.threads, seconds: fit.seconds, outputs: files.paths + [summaryPath],
      command: command, dataFields: fitted.summaryFields, reference: fitted.referenceFields)
    summary.bootstrap = estimate.map { Summary.Bootstrap($0, individuals: fitted.individuals) }
    files.add(summaryPath, Format.json(summary))
    try files.commit()
    let text = report(fitted, options: options, bootstrap: estimate, files: files.paths, stem: stem)
    return (JobReport(text: text, warnings: fitted.warnings), files.paths)
  }

  /// The text for standard output: what was fitted, how the fit went, the
  /// populations' shares and hybrids, and the files written.
  private func report<Fitted: FittedData>(_ fitted: Fitted, options: FitOptions, bootstrap estimate: BootstrapEstimate?,
                                          files: [String], stem: String) -> String {
    let fit = fitted.fit
    var text = "fit \(fitted.individuals.count) individuals x \(fitted.shape(populations: options.populations))\n"
    text += "  log-likelihood  \(Format.fixed(fit.logLikelihood, 3))  (\(Fitted.logLikelihoodKind))\n"
    text += fit.restartAndIterationLines(
      options: options, oneStart: fitted.referenceFields.map { _ in "the reference fixes the populations' labels: one start" })
    text += fitted.referenceLines
    text += ProportionTable.shareAndHybridLines(fitted.proportions, individuals: fitted.individuals,
                                                threshold: hybridThreshold, qPath: "\(stem).Q.tsv",
                                                populationNames: fitted.populationNames)
    if let estimate { text += bootstrapLine(estimate, stem: stem) }
    text += "  time            \(Format.fixed(fit.seconds, 2)) s\n"
    text += "  wrote           \(files.joined(separator: " "))\n"
    return text
  }
}

/// What the job needs from one kind of data once it is read and fitted;
/// everything else is the same for both.
protocol FittedData {
  associatedtype Model: Sendable
  /// The input's path, as the summary records it.
  var path: String { get }
  var fit: FitResult<Model> { get }
  /// Warnings from reading the data.
  var warnings: [String] { get }
  /// The individuals' ids, in the data's order.
  var individuals: [String] { get }
  /// The fitted admixture proportions, individuals by populations.
  var proportions: Matrix { get }
  /// The summary's fields on this kind of data.
  var summaryFields: FitJob.Summary.DataFields { get }
  /// What the report's first line says after the number of individuals.
  func shape(populations: Int) -> String
  /// Which log-likelihood the report quotes.
  static var logLikelihoodKind: String { get }
  /// Stages the files that hold the model, named `stem.Q` and so on,
  /// before the trace and the summary.
  func addModelFiles(to files: inout OutputFiles, stem: String)
  /// The bootstrap of the fit, or nil for data it does not resample (by
  /// default).
  func bootstrap(_ settings: BootstrapOptions, options: FitOptions, progress: ProgressLine?) -> BootstrapEstimate?
  /// The populations' names, when a reference names them.
  var populationNames: [String]? { get }
  /// What the summary records of the reference, if any.
  var referenceFields: FitJob.Summary.ReferenceFields? { get }
  /// Report lines on the reference, before the populations' shares.
  var referenceLines: String { get }
}

extension FittedData {
  func bootstrap(_ settings: BootstrapOptions, options: FitOptions, progress: ProgressLine?) -> BootstrapEstimate? { nil }
  var populationNames: [String]? { nil }
  var referenceFields: FitJob.Summary.ReferenceFields? { nil }
  var referenceLines: String { "" }
}

/// A count table fitted by Poisson NMF.
struct FittedTable: FittedData {
  let path: String
  let table: CountTable
  let dropped: [String]
  let warnings: [String]
  let fit: FitResult<Factorization>

  init(_ input: TableInput, options: FitOptions, observer: FitObserver?) throws {
    try self.init(input, loaded: input.load(), options: options, observer: observer)
  }

  /// Fits a table already read by `input.load()`.
  init(_ input: TableInput, loaded: (table: CountTable, dropped: [String], warnings: [String]),
       options: FitOptions, observer: FitObserver?) throws {
    path = input.path
    (table, dropped, warnings) = loaded
    fit = try PoissonNMF.fit(table, options: options, observer: observer)
  }

  var individuals: [String] { table.individuals }
  var proportions: Matrix { fit.model.admixtureProportions }
  var summaryFields: FitJob.Summary.DataFields {
    .table(.init(loci: table.locusCount, droppedLoci: dropped, missingEntries: table.missingCount))
  }
  func shape(populations: Int) -> String { "\(table.locusCount) loci with \(populations) populations" }
  static let logLikelihoodKind = "full Poisson, with -log V!"

  func addModelFiles(to files: inout OutputFiles, stem: String) {
    fit.model.addFiles(to: &files, stem: stem, individuals: table.individuals, loci: table.loci)
  }

}

/// Genotypes fitted by ADMIXTURE's binomial model.
struct FittedGenotypes: FittedData {
  let input: GenotypeInput
  let loaded: GenotypeInput.Loaded
  let fit: FitResult<AdmixtureModel>

  init(_ input: GenotypeInput, options: FitOptions, observer: FitObserver?) throws {
    try self.init(input, loaded: input.load(), options: options, observer: observer)
  }

  /// Fits genotypes already read by `input.load()`.
  init(_ input: GenotypeInput, loaded: GenotypeInput.Loaded, options: FitOptions, observer: FitObserver?) throws {
    self.input = input
    self.loaded = loaded
    fit = try BinomialAdmixture.fit(loaded.data.genotypes, options: options, observer: observer)
  }

  var path: String { input.path }
  var warnings: [String] { loaded.warnings }
  var individuals: [String] { loaded.data.sampleIDs }
  var proportions: Matrix { fit.model.Q }
  var summaryFields: FitJob.Summary.DataFields {
    let data = loaded.data
    return .genotypes(.init(format: input.format, snps: data.genotypes.snps,
                            droppedMonomorphic: data.droppedMonomorphic,
                            skippedMultiallelic: data.skippedMultiallelic,
                            missingCalls: data.genotypes.missingCount))
  }
  func shape(populations: Int) -> String {
    "\(loaded.data.genotypes.snps) SNPs with \(populations) populations (binomial model)"
  }
  static let logLikelihoodKind = "binomial, as ADMIXTURE reports it"

  /// ADMIXTURE's `stem.Q` and `stem.P`, then Q with ids (and for a VCF,
  /// the SNP list `.P` follows).
  func addModelFiles(to files: inout OutputFiles, stem: String) {
    fit.model.addFiles(to: &files, stem: stem, individuals: loaded.data.sampleIDs, loaded: loaded)
  }

  func bootstrap(_ settings: BootstrapOptions, options: FitOptions, progress: ProgressLine?) -> BootstrapEstimate? {
    FitJob.bootstrapGenotypes(loaded.data, fit: fit.model, settings: settings, options: options, progress: progress)
  }
}
