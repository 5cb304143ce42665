/// The outcome of a scan: one row per number of populations and the choice.
public struct ScanResult: Sendable {
  /// One number of populations's figures.
  public struct Row: Sendable, Equatable {
    /// r.
    public var populations: Int
    /// The best full-data log-likelihood (Poisson for count tables,
    /// binomial for genotypes).
    public var logLikelihood: Double
    /// Free parameters: r (n + m − 1) for count tables, n (K − 1) + K m for
    /// genotypes (docs/model.md §8 and §9).
    public var parameters: Int
    /// −2 l + parameters × ln(observed entries or calls); lower is better.
    public var bic: Double
    /// Mean held-out score over the folds, higher is better: the Poisson
    /// log-likelihood per held-out entry for count tables, minus the
    /// binomial deviance per held-out call for genotypes.
    public var heldOut: Double
    /// Its standard error: the folds' standard deviation over √folds.
    public var heldOutStandardError: Double
    /// Each fold's held-out score, as ``heldOut``.
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
