/// Settings for fitting a Poisson NMF.
public struct FitOptions: Sendable, Equatable {
  /// The number of populations, r.
  public var populations: Int
  /// How many random starts to run; the one with the best log-likelihood is kept.
  public var restarts: Int
  /// The seed from which every start's generator is derived.
  public var seed: UInt64
  /// Stop when the log-likelihood's relative gain in one iteration falls below this.
  public var tolerance: Double
  /// Stop after this many iterations even if not converged.
  public var maxIterations: Int
  /// How many threads may run starts at once.
  public var threads: Int
  /// How the fit steps: EM (plain or SQUAREM-accelerated) or Newton sweeps.
  public var algorithm: FitAlgorithm
  /// Keep every accepted step's log-likelihood and time in the result.
  public var recordTrace: Bool
  /// Candidate starts tried at each restart; the best one is continued.
  /// On tables with enough loci (genotypes: SNPs) each is fitted to every
  /// eighth locus; on smaller genotype sets fitted by Newton sweeps each SVD
  /// start is fitted loosely on all SNPs; on smaller count tables each
  /// random start gets a few plain updates (1: a single start).
  public var candidateStarts: Int

  /// Creates settings; the defaults suit tables of a few hundred
  /// individuals and loci.
  public init(populations: Int, restarts: Int = 10, seed: UInt64 = 1,
              tolerance: Double = 1e-10, maxIterations: Int = 5000, threads: Int = 1,
              algorithm: FitAlgorithm = .accelerated, recordTrace: Bool = false, candidateStarts: Int = 1) {
    self.populations = populations
    self.restarts = restarts
    self.seed = seed
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.threads = threads
    self.algorithm = algorithm
    self.recordTrace = recordTrace
    self.candidateStarts = candidateStarts
  }

  /// The defaults for genotypes (PLINK or VCF), where the likelihood sums
  /// millions of calls: Newton sweeps with quasi-Newton acceleration
  /// (``FitAlgorithm/newton``) from the best of ``newtonCandidateStarts``
  /// SVD starts, each fitted loosely (on a subsample from 80,000 SNPs), as
  /// small sets with few SNPs have competing optima that a single start
  /// often misses; a tolerance of 1e-9 ends next to 1e-12's optimum in
  /// fewer sweeps. With `algorithm` EM, one restart whose start is the
  /// best of four random points fitted to a subsample of SNPs
  /// (docs/benchmarks.md).
  public static func forGenotypes(populations: Int, algorithm: FitAlgorithm = .newton) -> FitOptions {
    FitOptions(populations: populations, restarts: 1, tolerance: 1e-9, algorithm: algorithm,
               candidateStarts: algorithm == .newton ? newtonCandidateStarts : 4)
  }

  /// SVD starts a default genotype fit tries: on ten sets built to have
  /// competing optima, four reach the best of 20 single starts on seven,
  /// eight on one more (a convergence gap) at over twice the cost, six on
  /// none more (docs/model.md, Newton sweeps).
  public static let newtonCandidateStarts = 4

  /// The most restarts (and candidate starts) a fit accepts: far more than
  /// any fit needs, and small enough to refuse a mistyped count at once
  /// instead of failing to allocate or running for ever.
  public static let maximumRestarts = 10_000
  /// The most threads a fit accepts.
  public static let maximumThreads = 1024
  /// The largest iteration cap a fit accepts.
  public static let maximumIterations = 10_000_000

  /// Checks the settings that do not depend on the data.
  ///
  /// - Throws: ``PopMixError/setting(_:)`` naming the setting at fault.
  public func validate() throws {
    if populations < 1 { throw PopMixError.badSetting(.populations, populations, .atLeast("1")) }
    if restarts < 1 { throw PopMixError.badSetting(.restarts, restarts, .atLeast("1")) }
    if !(tolerance >= 0 && tolerance.isFinite) { throw PopMixError.badSetting(.tolerance, tolerance, .nonNegativeNumber) }
    if maxIterations < 1 { throw PopMixError.badSetting(.maxIterations, maxIterations, .atLeast("1")) }
    if threads < 1 { throw PopMixError.badSetting(.threads, threads, .atLeast("1")) }
    if candidateStarts < 1 { throw PopMixError.badSetting(.candidateStarts, candidateStarts, .atLeast("1")) }
    try Self.checkAtMost(restarts, Self.maximumRestarts, .restarts)
    try Self.checkAtMost(candidateStarts, Self.maximumRestarts, .candidateStarts)
    try Self.checkAtMost(maxIterations, Self.maximumIterations, .maxIterations)
    try Self.checkAtMost(threads, Self.maximumThreads, .threads)
  }

  /// - Throws: ``PopMixError/setting(_:)`` for `setting` when `value`
  ///   exceeds `bound`.
  static func checkAtMost(_ value: Int, _ bound: Int, _ setting: PopMixError.Setting) throws {
    if value > bound {
      throw PopMixError.badSetting(setting, value, .atMost(Format.grouped(bound)))
    }
  }
}
