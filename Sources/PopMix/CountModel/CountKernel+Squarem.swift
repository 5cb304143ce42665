extension CountKernel {
  /// An entry may shrink to no less than this share of its value at θ2 in
  /// an extrapolation: an entry pushed to ~0 would take multiplicative
  /// updates hundreds of passes to revive, so a step may cut a value at
  /// most a hundredfold.
  static let shrinkLimit = 0.01

  /// The S2 rule −r·r / r·v: on count tables it takes about a quarter fewer
  /// passes than S3 (898 against 1,137 on 180 × 2,000).
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
    for a in 0..<p { extrapolatedColumnSum[a] = 0 }
    for row in 0..<(trial.w.count / p) {
      for a in 0..<r {
        let k = row * p + a
        let value = Swift.max(a0 * theta0.w[k] + a1 * theta1.w[k] + a2 * theta2.w[k], limit * theta2.w[k])
        trial.w[k] = value
        extrapolatedColumnSum[a] += value
      }
    }
    for row in 0..<(trial.w.count / p) { for a in 0..<r { trial.w[row * p + a] /= extrapolatedColumnSum[a] } }
    for row in 0..<(trial.g.count / p) {
      for a in 0..<r {
        let k = row * p + a
        trial.g[k] = Swift.max(a0 * theta0.g[k] + a1 * theta1.g[k] + a2 * theta2.g[k], limit * theta2.g[k])
          * extrapolatedColumnSum[a]
      }
    }
  }
}
