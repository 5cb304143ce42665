/// The result of a least-squares NMF with several starts.
public struct LeastSquaresFit: Sendable {
  /// One iteration (or SGD epoch) of one start, as traced.
  public struct Step: Sendable, Equatable {
    /// The start, from 0.
    public var restart: Int
    /// Iterations (epochs) done in this start.
    public var iteration: Int
    /// Seconds since this start began.
    public var seconds: Double
    /// ‖V − W H‖_F / ‖V‖_F over the observed entries.
    public var relativeError: Double
  }

  /// Why one start stopped.
  public enum Stop: String, Sendable, Equatable, Codable {
    /// The objective's relative fall per iteration went below the
    /// tolerance (SGD: its step fell below η / 1024).
    case converged
    /// The iteration cap came first.
    case iterationLimit = "iteration limit"
    /// SGD ran its epochs before its step fell to the floor.
    case epochs = "ran every epoch"
  }

  /// One start's outcome.
  public struct Restart: Sendable, Equatable {
    /// The start, from 0.
    public var index: Int
    /// The seed of its generator.
    public var seed: UInt64
    /// Its final squared error Σ (V − W H)² over the observed entries.
    public var squaredError: Double
    /// Its final relative error ‖V − W H‖_F / ‖V‖_F.
    public var relativeError: Double
    /// Its final objective S + λ (‖W‖² + ‖H‖²), λ in the data's units
    /// (the squared error when there is no penalty), before W and H are
    /// rescaled for output.
    public var objective: Double
    /// Iterations (epochs) run.
    public var iterations: Int
    /// Why it stopped.
    public var stop: Stop
  }

  /// The best start's product, normalised (see ``NonnegativeFactorization``).
  public var model: NonnegativeFactorization
  /// Every start, in order.
  public var restarts: [Restart]
  /// Which start was best (smallest objective).
  public var bestRestart: Int
  /// Wall-clock seconds for the whole fit.
  public var seconds: Double
  /// Every start's steps, when ``LeastSquaresOptions/recordTrace`` is set.
  public var trace: [Step]

  /// The best start's outcome.
  public var best: Restart { restarts[bestRestart] }
  /// The best start's relative error ‖V − W H‖_F / ‖V‖_F.
  public var relativeError: Double { best.relativeError }
  /// The best start's squared error.
  public var squaredError: Double { best.squaredError }
}
