/// How the fit moves from one set of parameters to the next.
public enum FitAlgorithm: String, Sendable, CaseIterable {
  /// SQUAREM (Varadhan and Roland 2008) over the multiplicative update: two
  /// updates, an extrapolation along their direction, and a step back to the
  /// plain update whenever the extrapolated point is worse. Same fixed
  /// points, far fewer passes, the log-likelihood still never decreases.
  case accelerated
  /// Lee and Seung's multiplicative update alone, one pass per iteration.
  case mu
  /// Newton block steps (block relaxation, as ADMIXTURE's): each
  /// individual's row (Q, or W), then each locus's (P, or G = C ∘ H), takes
  /// the constrained Newton step of its own concave problem, kept only when
  /// that row's log-likelihood rises (EM's update otherwise); quasi-Newton
  /// steps (Zhou, Alexander and Lange) accelerate the sweeps. The genotype
  /// default; an option for count tables (docs/model.md §9, §11).
  case newton
}
