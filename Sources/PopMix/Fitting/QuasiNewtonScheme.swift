/// How the driver's quasi-Newton acceleration (``EMDriver/runQuasiNewton()``)
/// chooses and checks its points.
///
/// Both schemes keep the accepted log-likelihoods non-decreasing; they
/// differ in how many sweeps a cycle spends and what a rejected point costs
/// (docs/model.md §9, Acceleration, measures them).
struct QuasiNewtonScheme: Sendable, Equatable {
  /// Secant pairs kept (the oldest is replaced).
  var pairs: Int
  /// Whether an accepted point x' and the sweeps after it, x' → F(x') →
  /// F(F(x')), give the next secant pair, so that a cycle after an accepted
  /// point costs two sweeps instead of three; points are then extrapolated
  /// from the newest sweep's result.
  var chainsAcceptedPoints: Bool
  /// How often a rejected point is halved towards its base and tried again
  /// (a sweep each) before the cycle falls back to plain sweeps; with any,
  /// the next cycle's first try starts at twice the step length that was
  /// last accepted (at most the full step), or at the shortest one tried
  /// when none was, but no shorter than ``shortestStep``.
  var halvings: Int
  /// The largest secant coefficient a point may take
  /// (``SecantHistory/largestCoefficient``).
  var largestCoefficient: Double

  /// The shortest step length a cycle starts from.
  static let shortestStep = 1.0 / 16

  /// Zhou, Alexander and Lange's scheme for ADMIXTURE: three pairs, cycles
  /// of three sweeps, a rejected point given up at once (the count model's).
  /// Coefficients up to 10⁶: a count table's slow mode can shrink by 0.996
  /// a sweep, whose removal needs c near 250 (docs/model.md §11).
  static let classic = QuasiNewtonScheme(pairs: 3, chainsAcceptedPoints: false, halvings: 0,
                                         largestCoefficient: 1e6)

  /// For likelihoods with long curved ridges, where the full secant step
  /// overshoots (genotypes with competing optima): chained pairs and up to
  /// four halvings, with the step length remembered between cycles.
  static let ridge = QuasiNewtonScheme(pairs: 3, chainsAcceptedPoints: true, halvings: 4,
                                       largestCoefficient: 100)
}
