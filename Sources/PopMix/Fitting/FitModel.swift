/// A model popmix fits by EM: its data, the kernel that makes one pass, its
/// random start, its subsample and the shape of data it accepts.
///
/// ``PoissonNMF`` (count tables) and ``BinomialAdmixture`` (genotypes)
/// conform; restarts, starts, iteration, sorting and tracing are written
/// once for both, in `FitModel+Fitting.swift`. A model differs only where
/// its mathematics does.
protocol FitModel: SendableMetatype {
  /// The data as the kernel reads them, one column per locus or SNP.
  associatedtype Data: Sendable
  /// The fitted parameters as callers see them.
  associatedtype Parameters: Sendable
  /// One EM pass over `Data`.
  associatedtype Kernel: EMProblem
  /// Parameters a fit may hold at given values (supervised mode,
  /// projection); `Never` for a model that holds none.
  associatedtype Fixed: Sendable = Never

  /// A kernel for `data` with `populations` populations, whose passes use
  /// up to `threads` threads, stepping as `algorithm` does and leaving
  /// `fixed` where it is.
  static func kernel(_ data: Data, populations: Int, threads: Int, algorithm: FitAlgorithm,
                     fixed: Fixed?) -> Kernel
  /// The one start of a fit that holds `fixed`: the held values, and the
  /// others where the held ones point.
  static func start(_ data: Data, populations: Int, holding fixed: Fixed) -> Parameters
  /// The algorithms this model's kernel can step by.
  static var algorithms: [FitAlgorithm] { get }
  /// The kernel's state holding `parameters`.
  static func state(_ parameters: Parameters) -> Kernel.State
  /// The parameters a state holds; `data` is the data it was fitted to.
  static func parameters(_ state: Kernel.State, data: Data) -> Parameters

  /// A start computed from the data (nil when the model has none), for
  /// fits by `algorithm`; `seed` may vary it.
  static func informedStart(_ data: Data, populations: Int, seed: UInt64, threads: Int,
                            algorithm: FitAlgorithm) -> Parameters?

  /// A random point of the parameter space, drawn from a generator seeded
  /// with `seed`.
  static func randomStart(_ data: Data, populations: Int, seed: UInt64) -> Parameters

  /// The number of individuals (rows) of `data`.
  static func individuals(of data: Data) -> Int
  /// The number of columns (loci or SNPs) of `data`.
  static func columns(of data: Data) -> Int
  /// What the data are called, in the plural ("count tables", "genotypes").
  static var dataName: String { get }
  /// What a column is called, in the plural ("loci", "SNPs").
  static var columnsName: String { get }
  /// What data with no individual or no column are, in a few words.
  static var emptyDataName: String { get }
  /// Every `stride`-th column of `data`, in new storage.
  static func everyColumn(_ stride: Int, of data: Data) -> Data
  /// The fewest columns a subsample must keep to give a start to a fit by
  /// `algorithm`; smaller data start directly (from the informed start,
  /// or random points).
  static func subsampleMinimum(algorithm: FitAlgorithm) -> Int
  /// The relative gain per pass at which a subsample's fit stops: it only
  /// has to find the populations' outline, which the full fit refines.
  static var subsampleTolerance: Double { get }
  /// The full data's start from the best fit to a subsample of them.
  static func start(fromSubsampleFit fit: Parameters, data: Data) -> Parameters
  /// Plain passes each candidate start gets on data too small to
  /// subsample before the best is kept; 0 takes the first random start.
  static var screeningPasses: Int { get }

  /// How quasi-Newton accelerates this model's Newton sweeps.
  static var quasiNewtonScheme: QuasiNewtonScheme { get }

  /// Whether one pass over `data` splits evenly among `threads` threads,
  /// so that restarts had better run one after another with all of them.
  static func passesSplit(_ data: Data, threads: Int) -> Bool
  /// `parameters` with the populations ordered by decreasing share.
  static func sortedByPopulationShare(_ parameters: Parameters) -> Parameters
}

extension FitModel {
  /// Zhou, Alexander and Lange's own scheme.
  static var quasiNewtonScheme: QuasiNewtonScheme { .classic }
}

extension FitModel where Fixed == Never {
  static func start(_ data: Data, populations: Int, holding fixed: Never) -> Parameters {}
}
