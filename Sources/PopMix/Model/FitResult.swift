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
  /// Whether it met the tolerance before the iteration cap.
  public var converged: Bool
}

/// The result of fitting a Poisson NMF with several starts.
public struct FitResult: Sendable {
  /// The best start's model, populations sorted by share.
  public var model: Factorization
  /// The best start's full log-likelihood (with the log V! term).
  public var logLikelihood: Double
  /// The best start's iterations.
  public var iterations: Int
  /// Whether the best start converged.
  public var converged: Bool
  /// Which start was best.
  public var bestRestart: Int
  /// Every start, in order.
  public var restarts: [RestartOutcome]
  /// Wall-clock seconds for the whole fit.
  public var seconds: Double
  /// Every start's accepted steps, when ``FitOptions/recordTrace`` is set.
  public var traces: [[FitProgress]]
}

/// One run of the iteration from one start.
struct SingleRun: Sendable {
  var model: Factorization
  var logLikelihood: Double
  var iterations: Int
  var converged: Bool
  /// Every accepted step, when asked for.
  var trace: [FitProgress]
}
