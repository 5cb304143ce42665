/// The inner products SQUAREM's step rules need.
struct SquaremProducts {
  var rr = 0.0
  var rv = 0.0
  var vv = 0.0

  /// Adds the products of r = x1 − x0 and v = x2 − x1 − r over one
  /// parameter block, each entry weighted by `weights[k]` when given.
  ///
  /// - Precondition: the buffers (and `weights`) have one length.
  /// - Complexity: O(count).
  mutating func add(_ x0: AlignedBuffer<Double>, _ x1: AlignedBuffer<Double>, _ x2: AlignedBuffer<Double>,
                    weights: AlignedBuffer<Double>? = nil) {
    precondition(x0.count == x1.count && x1.count == x2.count && (weights?.count ?? x0.count) == x0.count,
                 "SQUAREM's points must have one shape")
    let (p0, p1, p2, weight) = (x0.pointer, x1.pointer, x2.pointer, weights?.pointer)
    for k in 0..<x0.count {
      let r = p1[k] - p0[k]
      let v = p2[k] - p1[k] - r
      let w = weight?[k] ?? 1
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
