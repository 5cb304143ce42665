/// Settings for fitting a least-squares NMF, V ≈ W H with W, H ≥ 0.
public struct LeastSquaresOptions: Sendable, Equatable {
  /// The number of components (populations), r.
  public var populations: Int
  /// The update that moves W and H.
  public var solver: LeastSquaresSolver
  /// Random starts; the one with the smallest squared error is kept.
  public var restarts: Int
  /// The seed from which every start's generator (and SGD's order) is derived.
  public var seed: UInt64
  /// Stop (hals, mu) when the objective's relative fall in one iteration
  /// is below this; SGD halves its step instead (see ``learningRate``).
  public var tolerance: Double
  /// Stop (hals, mu) after this many iterations even if not converged.
  public var maxIterations: Int
  /// Threads for the matrix products of one iteration (hals, mu).
  public var threads: Int
  /// The L2 penalty λ in Σ (V − W H)² + λ s (‖W‖² + ‖H‖²), s the observed
  /// values' root mean square (so λ is on data of unit scale); nil for the
  /// solver's default, ``penalty``.
  public var l2: Double?
  /// SGD's first step size η, on the data divided by their root mean
  /// square; halved when 50 epochs in a row fail to lower the objective
  /// by more than ``tolerance`` (relative), at most 10 times.
  public var learningRate: Double
  /// The most passes SGD makes over the observed entries.
  public var epochs: Int
  /// The multiplicative update's δ, added to its denominators.
  public var delta: Double
  /// Keep every iteration's relative error and time in the result.
  public var recordTrace: Bool

  /// Creates settings; the defaults suit tables up to thousands of rows
  /// and tens of thousands of columns.
  public init(populations: Int, solver: LeastSquaresSolver = .hals, restarts: Int = 1, seed: UInt64 = 1,
              tolerance: Double = 3e-5, maxIterations: Int = 5000, threads: Int = 1,
              l2: Double? = nil, learningRate: Double = 0.05, epochs: Int = 500,
              delta: Double = Double.ulpOfOne, recordTrace: Bool = false) {
    self.populations = populations
    self.solver = solver
    self.restarts = restarts
    self.seed = seed
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.threads = threads
    self.l2 = l2
    self.learningRate = learningRate
    self.epochs = epochs
    self.delta = delta
    self.recordTrace = recordTrace
  }

  /// λ as used: ``l2`` if set, otherwise 0.01 for SGD (seed 002's) and 0
  /// for hals and mu (the plain least-squares fit).
  public var penalty: Double { l2 ?? (solver == .sgd ? 0.01 : 0) }

  /// The most SGD epochs a fit accepts.
  public static let maximumEpochs = 10_000_000

  /// Checks the settings that do not depend on the data.
  ///
  /// - Throws: ``PopMixError/setting(_:)`` naming the setting at fault.
  public func validate() throws {
    try FitOptions(populations: populations, restarts: restarts, seed: seed, tolerance: tolerance,
                   maxIterations: maxIterations, threads: threads).validate()
    if let l2, !(l2 >= 0 && l2.isFinite) { throw PopMixError.badSetting(.l2, l2, .nonNegativeNumber) }
    if !(learningRate > 0 && learningRate.isFinite) {
      throw PopMixError.badSetting(.learningRate, learningRate, .positiveNumber)
    }
    if epochs < 1 { throw PopMixError.badSetting(.epochs, epochs, .atLeast("1")) }
    try FitOptions.checkAtMost(epochs, Self.maximumEpochs, .epochs)
    precondition(delta > 0 && delta.isFinite, "The multiplicative update's delta must be a positive number")
  }
}
