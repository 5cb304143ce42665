/// Settings for scanning the number of populations.
public struct ScanOptions: Sendable, Equatable {
  /// The numbers of populations to try.
  public var populations: ClosedRange<Int>
  /// Random starts per fit (the full fit and each fold's).
  public var restarts: Int
  /// Cross-validation folds.
  public var folds: Int
  /// The seed of the folds and of every start.
  public var seed: UInt64
  /// The fits' convergence tolerance.
  public var tolerance: Double
  /// The fits' iteration cap.
  public var maxIterations: Int
  /// How many fits may run at once.
  public var threads: Int
  /// How each fit steps.
  public var algorithm: FitAlgorithm = .accelerated
  /// Whether each fold's fit starts afresh (as the full fit does) rather
  /// than from the full fit of its number of populations.
  public var independentFolds = false

  public init(populations: ClosedRange<Int>, restarts: Int = 3, folds: Int = 5, seed: UInt64 = 1,
              tolerance: Double = 1e-8, maxIterations: Int = 5000, threads: Int = 1) {
    self.populations = populations
    self.restarts = restarts
    self.folds = folds
    self.seed = seed
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.threads = threads
  }

  /// The defaults for genotypes: one start per fit, by Newton sweeps from
  /// the SVD start (``FitAlgorithm/newton``). Restarts end within a
  /// fraction of a log-unit of one another (0.04 on data/sparrows), while
  /// the held-out deviances of neighbouring K differ by tens of standard
  /// errors; three starts would triple the scan's time for nothing.
  public static func forGenotypes(populations: ClosedRange<Int>) -> ScanOptions {
    var options = ScanOptions(populations: populations, restarts: 1)
    options.algorithm = .newton
    return options
  }

  /// The fit settings for `r` populations, with a seed of its own.
  func fitOptions(populations r: Int, stream: UInt64) -> FitOptions {
    FitOptions(populations: r, restarts: restarts, seed: SeedSequence.seed(seed, UInt64(r), stream),
               tolerance: tolerance, maxIterations: maxIterations, threads: 1, algorithm: algorithm)
  }

  /// A warm-started fold's fit by Newton sweeps stops at this many times
  /// the scan's tolerance: it starts next to its own optimum and only its
  /// held-out score is read, which the last stretch of the climb no longer
  /// moves. EM's slower climb would keep more of the start, so EM fits
  /// keep the scan's tolerance (docs/model.md §8 measures both).
  static let warmNewtonFoldToleranceFactor = 10.0

  /// The fit settings for fold `fold` (from 0) with `r` populations: the
  /// full fit's, with a seed of the fold's own, and for a Newton fit that
  /// starts from the full fit, a looser tolerance.
  func foldFitOptions(populations r: Int, fold: Int) -> FitOptions {
    var options = fitOptions(populations: r, stream: UInt64(fold + 1))
    if !independentFolds && algorithm == .newton { options.tolerance *= Self.warmNewtonFoldToleranceFactor }
    return options
  }

  /// The most cross-validation folds a scan accepts (the data may allow fewer).
  public static let maximumFolds = 100

  /// Checks the settings that do not depend on the data.
  public func validate() throws {
    if populations.lowerBound < 1 { throw PopMixError.badSetting(.populations, populations.lowerBound, .startingAtLeast("1")) }
    if folds < 2 { throw PopMixError.badSetting(.folds, folds, .atLeast("2")) }
    try fitOptions(populations: populations.lowerBound, stream: 0).validate()
    if threads < 1 { throw PopMixError.badSetting(.threads, threads, .atLeast("1")) }
    try FitOptions.checkAtMost(folds, Self.maximumFolds, .folds)
    try FitOptions.checkAtMost(threads, FitOptions.maximumThreads, .threads)
  }
}
