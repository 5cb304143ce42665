/// The inner products SQUAREM's step rules need.
struct SquaremProducts {
  var rr = 0.0
  var rv = 0.0
  var vv = 0.0

  /// Adds the products of r = x1 − x0 and v = x2 − x1 − r over one
  /// parameter block, each entry weighted by `weights[k]` when given.
  ///
  /// - Precondition: the arrays (and `weights`) have one length.
  mutating func add(_ x0: [Double], _ x1: [Double], _ x2: [Double], weights: [Double]? = nil) {
    precondition(x0.count == x1.count && x1.count == x2.count && (weights?.count ?? x0.count) == x0.count,
                 "SQUAREM's points must have one shape")
    for k in x0.indices {
      let r = x1[k] - x0[k]
      let v = x2[k] - x1[k] - r
      let w = weights?[k] ?? 1
      rr += r * r * w
      rv += r * v * w
      vv += v * v * w
    }
  }

  /// The coefficients of θ' = a0 θ0 + a1 θ1 + a2 θ2, which is
  /// θ0 − 2α r + α² v written in the three points.
  static func extrapolationCoefficients(alpha: Double) -> (a0: Double, a1: Double, a2: Double) {
    (1 + 2 * alpha + alpha * alpha, -2 * alpha - 2 * alpha * alpha, alpha * alpha)
  }
}
