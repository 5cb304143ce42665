/// The result of fitting a model with several starts: a Poisson NMF
/// (``Factorization``) or a binomial admixture model (``AdmixtureModel``).
public struct FitResult<Model: Sendable>: Sendable {
  /// The best start's model, populations sorted by share.
  public var model: Model
  /// The best start's log-likelihood (the Poisson one with the log V! term;
  /// the binomial one as ADMIXTURE reports it).
  public var logLikelihood: Double
  /// The best start's iterations.
  public var iterations: Int
  /// Why the best start stopped.
  public var stop: FitStop
  /// Whether the best start converged.
  public var converged: Bool { stop.isConverged }
  /// Which start was best.
  public var bestRestart: Int
  /// Every start, in order.
  public var restarts: [RestartOutcome]
  /// Wall-clock seconds for the whole fit.
  public var seconds: Double
  /// Every start's accepted steps, when ``FitOptions/recordTrace`` is set.
  public var traces: [[FitProgress]]
}
