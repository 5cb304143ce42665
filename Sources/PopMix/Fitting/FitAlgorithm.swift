/// How the fit moves from one set of parameters to the next.
public enum FitAlgorithm: String, Sendable, CaseIterable {
  /// SQUAREM (Varadhan and Roland 2008) over the multiplicative update: two
  /// updates, an extrapolation along their direction, and a step back to the
  /// plain update whenever the extrapolated point is worse. Same fixed
  /// points, far fewer passes, the log-likelihood still never decreases.
  case accelerated
  /// Lee and Seung's multiplicative update alone, one pass per iteration.
  case mu
}
