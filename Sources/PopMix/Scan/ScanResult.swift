/// The outcome of a scan: one row per number of populations and the choice.
public struct ScanResult: Sendable {
  /// One number of populations's figures.
  public struct Row: Sendable, Equatable {
    /// r.
    public var populations: Int
    /// The best full-data log-likelihood.
    public var logLikelihood: Double
    /// Free parameters: r (n + m − 1).
    public var parameters: Int
    /// −2 l + parameters × ln(observed entries); lower is better.
    public var bic: Double
    /// Mean held-out Poisson log-likelihood per entry over the folds.
    public var heldOut: Double
    /// Its standard error: the folds' standard deviation over √folds.
    public var heldOutStandardError: Double
    /// Each fold's held-out log-likelihood per entry.
    public var foldScores: [Double]
    /// Whether every fit for this r converged.
    public var converged: Bool
  }

  /// One row per r, in increasing r.
  public var rows: [Row]
  /// The chosen number of populations (see ``PopulationScan/choose(_:)``).
  public var chosen: Int
  /// The r with the best held-out score.
  public var bestHeldOut: Int
  /// Observed entries in the table.
  public var observedEntries: Int
  /// Wall-clock seconds.
  public var seconds: Double
}
