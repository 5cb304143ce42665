extension CountKernel {
  /// An entry may shrink to no less than this share of its value at θ2 in
  /// an extrapolation: an entry pushed to ~0 would take multiplicative
  /// updates hundreds of passes to revive, so a step may cut a value at
  /// most a hundredfold.
  static let shrinkLimit = 0.01

  /// The S2 rule −r·r / r·v: on count tables it takes fewer passes than S3.
  static let stepRule = SquaremStepRule.s2

  /// The logarithms cost about twice the rest of a count pass: SQUAREM
  /// evaluates only its extrapolated point.
  static let evaluatesEveryPass = false

  /// Σ r·r, Σ r·v and Σ v·v over W and G, G's entries weighted by 1 / C_μ².
  func stepProducts(_ theta0: CountState, _ theta1: CountState, _ theta2: CountState) -> SquaremProducts {
    var products = SquaremProducts()
    products.add(theta0.w, theta1.w, theta2.w)
    products.add(theta0.g, theta1.g, theta2.g, weights: gWeight)
    return products
  }

  /// trial = θ0 − 2α r + α² v, projected back onto the constraints: each
  /// entry at least ``shrinkLimit`` of its θ2 value, W's columns summing to
  /// one (their scale moved into G).
  func extrapolate(into trial: inout CountState, from theta0: CountState, _ theta1: CountState, _ theta2: CountState,
                   alpha: Double) {
    let (a0, a1, a2) = SquaremProducts.extrapolationCoefficients(alpha: alpha)
    let r = theta0.populations, p = theta0.stride
    let limit = Self.shrinkLimit
    let (w0, w1, w2) = (theta0.w.pointer, theta1.w.pointer, theta2.w.pointer)
    let (g0, g1, g2) = (theta0.g.pointer, theta1.g.pointer, theta2.g.pointer)
    let w = trial.w.mutablePointer, g = trial.g.mutablePointer
    let columnSum = scratch.extrapolatedColumnSum.mutablePointer
    let rows = trial.w.count / p, loci = trial.g.count / p
    for a in 0..<p { columnSum[a] = 0 }
    for row in 0..<rows {
      for a in 0..<r {
        let k = row * p + a
        let value = Swift.max(a0 * w0[k] + a1 * w1[k] + a2 * w2[k], limit * w2[k])
        w[k] = value
        columnSum[a] += value
      }
    }
    for row in 0..<rows { for a in 0..<r { w[row * p + a] /= columnSum[a] } }
    for row in 0..<loci {
      for a in 0..<r {
        let k = row * p + a
        g[k] = Swift.max(a0 * g0[k] + a1 * g1[k] + a2 * g2[k], limit * g2[k]) * columnSum[a]
      }
    }
  }
}
