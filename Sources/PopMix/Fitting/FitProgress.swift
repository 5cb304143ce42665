/// One accepted step of a fit, as reported to an observer and recorded in
/// a trace.
public struct FitProgress: Sendable, Equatable {
  /// The start it belongs to, from 0.
  public var restart: Int
  /// Passes over the data so far in this start.
  public var pass: Int
  /// Seconds since this start began.
  public var seconds: Double
  /// The log-likelihood of the accepted point.
  public var logLikelihood: Double
}

/// Called after every accepted step, from whichever thread runs the start.
public typealias FitObserver = @Sendable (FitProgress) -> Void
