import Foundation
import Synchronization

/// `popmix scan`: fits a range of population numbers and chooses one by
/// cross-validation.
public struct ScanJob: Sendable {
  public var input: DataInput
  public var options: ScanOptions
  /// JSON instead of a table.
  public var json: Bool
  /// When given, each K's full-data fit is kept under this prefix, with K
  /// in the names (as `fit` names them), and the JSON summary is written
  /// to `prefix.scan.json`.
  public var prefix: String? = nil
  /// The command line that ran the job, recorded in the summary.
  public var command: String? = nil
  /// When set, a table is scanned by least squares with this solver (its
  /// r, restarts, seed, tolerance and iteration cap come from ``options``).
  public var leastSquares: LeastSquaresOptions? = nil

  public init(input: DataInput, options: ScanOptions, json: Bool = false) {
    self.input = input
    self.options = options
    self.json = json
  }

  /// What `scan --json` prints and `scan --out` writes to `PREFIX.scan.json`.
  public struct Summary: Codable, Sendable {
    var chosen: Int
    var bestHeldout: Int
    var model: String
    var heldoutMeasure: String
    var rule: String
    var folds: Int
    var restarts: Int
    var seed: UInt64
    var observedEntries: Int
    var seconds: Double
    var results: [Row]
    /// The kept fits' files (`scan --out`).
    var outputs: [String]?
    var command: String?
    /// What the scan warns of (``ScanResult/warnings(measure:)``); absent
    /// from the JSON of scans older than it.
    var warnings: [String]?
    struct Row: Codable, Sendable {
      var populations: Int
      var loglik: Double
      var parameters: Int
      var bic: Double
      var heldout: Double
      var heldoutSe: Double
      var foldHeldout: [Double]
      var converged: Bool
    }
  }

  /// Reads the table, scans and reports.
  ///
  /// - Parameter progress: shows how many fits are done, if given.
  /// - Throws: ``PopMixError`` for bad options, a bad table, or a range the
  ///   data cannot support.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    try options.validate()
    if let prefix {
      try OutputFiles.checkDestination(prefix, longestSuffix: ".\(options.populations.upperBound).summary.json")
    }
    var files = OutputFiles()
    var onFit: (@Sendable (Int, Int) -> Void)? = nil
    if let line = progress {
      onFit = { done, total in line.update("scan: \(done)/\(total) fits  \(Format.fixed(line.elapsed, 1)) s") }
    }
    let result: ScanResult, warnings: [String], shape: String
    // Genotypes are scored by deviance and least squares by squared error
    // (lower is better); the result holds minus them, so that the rule
    // reads the same for every kind of data.
    let isGenotypes: Bool, isSquared = leastSquares != nil
    switch input {
    case .table(let tableInput) where isSquared:
      let table = try NonnegativeTable.read(path: tableInput.path, orientation: tableInput.orientation)
      result = try PopulationScan.run(table, solver: leastSquares!, options: options, progress: onFit)
      warnings = []
      shape = "\(table.individuals.count) individuals x \(table.loci.count) loci (least squares, \(leastSquares!.solver.rawValue))"
      isGenotypes = false
    case .table(let tableInput):
      let (table, _, tableWarnings) = try tableInput.load()
      let kept = Mutex([Int: Factorization]())
      var keep: (@Sendable (Int, Factorization) -> Void)? = nil
      if prefix != nil { keep = { r, model in kept.withLock { models in models[r] = model } } }
      result = try PopulationScan.run(table, options: options, progress: onFit, keep: keep)
      if let prefix {
        for (_, model) in kept.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
          model.addFiles(to: &files, stem: "\(prefix).\(model.populations)", individuals: table.individuals, loci: table.loci)
        }
      }
      warnings = tableWarnings
      shape = "\(table.individualCount) individuals x \(table.locusCount) loci"
      isGenotypes = false
    case .genotypes(let genotypeInput):
      let loaded = try genotypeInput.load()
      let data = loaded.data
      let kept = Mutex([Int: AdmixtureModel]())
      var keep: (@Sendable (Int, AdmixtureModel) -> Void)? = nil
      if prefix != nil { keep = { r, model in kept.withLock { models in models[r] = model } } }
      result = try PopulationScan.run(data.genotypes, options: options, progress: onFit, keep: keep)
      if let prefix {
        for (_, model) in kept.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
          model.addFiles(to: &files, stem: "\(prefix).\(model.populations)", individuals: data.sampleIDs, loaded: loaded)
        }
      }
      warnings = loaded.warnings
      shape = "\(data.genotypes.individuals) individuals x \(data.genotypes.snps) SNPs (binomial model)"
      isGenotypes = true
    }
    progress?.finish()
    let measure: ScanResult.Measure = isSquared ? .squaredError : isGenotypes ? .binomialDeviance : .poisson
    let summaryPath = prefix.map { $0 + ".scan.json" }
    let summary = Summary(result, measure: measure, options: options,
                          outputs: summaryPath.map { files.paths + [$0] }, command: command)
    if let summaryPath {
      files.add(summaryPath, Format.json(summary))
      try files.commit()
    }
    let allWarnings = warnings + summary.allWarnings
    if json { return JobReport(text: Format.json(summary), warnings: allWarnings) }
    var text = "scan \(shape), " + Self.table(result, measure: measure, options: options)
    if prefix != nil { text += "wrote \(files.paths.joined(separator: " "))\n" }
    return JobReport(text: text, warnings: allWarnings)
  }
}

extension ScanJob.Summary {
  /// Reads a scan's JSON as `scan --json` prints it.
  ///
  /// - Throws: ``PopMixError`` naming the file when it cannot be read or
  ///   is not a scan's JSON.
  public static func read(path: String) throws -> ScanJob.Summary {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw PopMixError.badData("cannot read the scan's JSON: \(error.localizedDescription)", file: path)
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do { return try decoder.decode(ScanJob.Summary.self, from: data) } catch {
      throw PopMixError.badData("this is not the JSON of popmix scan --json (\(Self.reason(error)))", file: path)
    }
  }

  /// A decoding error in a few words.
  private static func reason(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    default: "not valid JSON"
    }
  }
}
