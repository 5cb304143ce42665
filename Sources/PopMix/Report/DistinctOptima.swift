/// Fits of one K from several seeds, grouped by the optimum they reached.
///
/// Two fits reached the same optimum when their log-likelihoods agree
/// within ``logLikelihoodTolerance`` and their proportions, after the best
/// matching of columns (``ColumnMatching``), within ``rmseTolerance`` root
/// mean squared difference. Both must hold: equal log-likelihoods with
/// different Q are distinct optima of equal height, and a Q that barely
/// moves with a log-likelihood far below is a run that stopped early.
public struct DistinctOptima: Sendable {
  /// One seed's fit.
  public struct Run: Sendable {
    public var seed: UInt64
    public var logLikelihood: Double
    /// Q, individuals by populations.
    public var proportions: Matrix
    public init(seed: UInt64, logLikelihood: Double, proportions: Matrix) {
      self.seed = seed
      self.logLikelihood = logLikelihood
      self.proportions = proportions
    }
  }

  /// Fits that reached one optimum.
  public struct Group: Sendable, Equatable {
    /// The seeds, the best first.
    public var seeds: [UInt64]
    /// The best log-likelihood in the group.
    public var logLikelihood: Double
    /// How far it lies below the best group's (0 for the best).
    public var gap: Double
    /// The largest RMSE of a member's Q from the best member's, after matching.
    public var largestRMSE: Double
  }

  /// Log-likelihoods within this of each other may be one optimum: the
  /// spread of fits stopped by the default tolerances near one optimum
  /// stays below it (bench/optima.py uses the same 0.1).
  public static let logLikelihoodTolerance = 0.1
  /// Proportions within this RMSE (after matching) may be one optimum; the
  /// same threshold bench/optima.py uses to call two fits the same optimum.
  public static let rmseTolerance = 0.01

  /// The groups, by decreasing log-likelihood.
  public var groups: [Group]

  /// Groups `runs`: each run, best first, joins the first group whose best
  /// run it agrees with, or starts a new one.
  ///
  /// - Precondition: `runs` is not empty and every Q has the same shape.
  /// - Complexity: O(runs × groups × n K²).
  public init(_ runs: [Run], logLikelihoodTolerance: Double = Self.logLikelihoodTolerance,
              rmseTolerance: Double = Self.rmseTolerance) {
    precondition(!runs.isEmpty, "No run to group")
    let sorted = runs.sorted { ($1.logLikelihood, $0.seed) < ($0.logLikelihood, $1.seed) }
    var leaders: [Run] = []
    var groups: [Group] = []
    for run in sorted {
      let joined = leaders.indices.first { g in
        leaders[g].logLikelihood - run.logLikelihood <= logLikelihoodTolerance
          && ColumnMatching.rmse(estimate: run.proportions, truth: leaders[g].proportions) <= rmseTolerance
      }
      if let g = joined {
        groups[g].seeds.append(run.seed)
        groups[g].largestRMSE = max(groups[g].largestRMSE,
                                    ColumnMatching.rmse(estimate: run.proportions, truth: leaders[g].proportions))
      } else {
        leaders.append(run)
        groups.append(Group(seeds: [run.seed], logLikelihood: run.logLikelihood,
                            gap: sorted[0].logLikelihood - run.logLikelihood, largestRMSE: 0))
      }
    }
    self.groups = groups
  }

  /// The seed of the best fit.
  public var bestSeed: UInt64 { groups[0].seeds[0] }
}
