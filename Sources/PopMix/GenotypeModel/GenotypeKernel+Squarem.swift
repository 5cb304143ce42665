extension GenotypeKernel {
  /// The S3 rule ‖r‖/‖v‖: on genotypes it converges in 867 passes where
  /// S2 takes 1,431 (600 × 10,000, K = 4).
  static let stepRule = SquaremStepRule.s3

  /// The log-likelihood's products are about a third of a genotype pass;
  /// evaluating every pass and comparing θ' with l(θ1) took 384 passes
  /// (21–22 s) on 800 × 20,000 where evaluating θ' alone took 520 (29–32 s).
  static let evaluatesEveryPass = true

  /// Σ r·r, Σ r·v and Σ v·v over Q and P (both probabilities, so unweighted).
  func stepProducts(_ theta0: GenotypeState, _ theta1: GenotypeState, _ theta2: GenotypeState)
    -> SquaremProducts {
    var products = SquaremProducts()
    products.add(theta0.q, theta1.q, theta2.q)
    products.add(theta0.p, theta1.p, theta2.p)
    return products
  }

  /// trial = θ0 − 2α r + α² v, projected back: each individual's
  /// proportions mapped onto {q_k ≥ ε, Σ q = 1} by ``FlooredSimplex`` (the
  /// step's values, clipped at 0, as weights), frequencies inside
  /// [ε, 1 − ε]. (Unlike
  /// counts, no limit on how far a step may shrink a value: with one it
  /// took 797 passes instead of 720 on 600 × 10,000, K = 4; the bounds
  /// already keep values where EM can move them.)
  func extrapolate(into trial: inout GenotypeState, from theta0: GenotypeState, _ theta1: GenotypeState,
                   _ theta2: GenotypeState, alpha: Double) {
    let (a0, a1, a2) = SquaremProducts.extrapolationCoefficients(alpha: alpha)
    let K = populations, padded = paddedIndividuals
    let epsilon = Self.boundary
    trial.q.withUnsafeMutableBufferPointer { q in
      for i in 0..<padded {
        var sum = 0.0
        for k in 0..<K {
          let index = k * padded + i
          q[index] = Swift.max(a0 * theta0.q[index] + a1 * theta1.q[index] + a2 * theta2.q[index], 0)
          sum += q[index]
        }
        // A step that clips every entry falls back to θ2's proportions.
        if !(sum > 0) { for k in 0..<K { q[k * padded + i] = theta2.q[k * padded + i] } }
        FlooredSimplex.maximise(q.baseAddress! + i, count: K, stride: padded, floor: epsilon)
      }
    }
    for index in trial.p.indices {
      let value = a0 * theta0.p[index] + a1 * theta1.p[index] + a2 * theta2.p[index]
      trial.p[index] = Swift.min(Swift.max(value, epsilon), 1 - epsilon)
    }
  }
}
