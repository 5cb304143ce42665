/// How a least-squares NMF moves from one W, H to the next.
public enum LeastSquaresSolver: String, Sendable, CaseIterable, Codable {
  /// Hierarchical alternating least squares: each column of W, then each
  /// row of H, set to its exact non-negative least-squares optimum given
  /// the others. The loss never increases; the default, and the fastest.
  case hals
  /// Lee and Seung's multiplicative updates, with a small δ in the
  /// denominators (docs/model.md); the seeds' method, for reference.
  case mu
  /// Stochastic gradient descent on one entry at a time, entries in a
  /// seeded random order, with an L2 penalty, projected onto W, H ≥ 0.
  case sgd
}
