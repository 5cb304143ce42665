/// One random start's outcome.
public struct RestartOutcome: Sendable, Equatable {
  /// The start's number, from 0.
  public var index: Int
  /// The seed of its generator.
  public var seed: UInt64
  /// Its final log-likelihood.
  public var logLikelihood: Double
  /// Iterations run.
  public var iterations: Int
  /// Why it stopped.
  public var stop: FitStop
  /// Whether it met the tolerance before the iteration cap.
  public var converged: Bool { stop.isConverged }
}
