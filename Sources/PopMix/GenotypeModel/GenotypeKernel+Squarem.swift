extension GenotypeKernel {
  /// The S3 rule ‖r‖/‖v‖: on genotypes it converges in fewer passes than S2.
  static let stepRule = SquaremStepRule.s3

  /// The log-likelihood's products are about a third of a genotype pass:
  /// evaluating every pass, and comparing θ' with l(θ1), saves more passes
  /// than it costs.
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
  /// [ε, 1 − ε]. (Unlike counts, no limit on how far a step may shrink a
  /// value: the bounds already keep values where EM can move them, and a
  /// limit slowed the fit.)
  func extrapolate(into trial: inout GenotypeState, from theta0: GenotypeState, _ theta1: GenotypeState,
                   _ theta2: GenotypeState, alpha: Double) {
    let (a0, a1, a2) = SquaremProducts.extrapolationCoefficients(alpha: alpha)
    let K = populations, padded = paddedIndividuals
    let epsilon = Self.boundary
    let (q0, q1, q2) = (theta0.q.pointer, theta1.q.pointer, theta2.q.pointer)
    let (p0, p1, p2) = (theta0.p.pointer, theta1.p.pointer, theta2.p.pointer)
    let q = trial.q.mutablePointer, p = trial.p.mutablePointer
    for i in 0..<padded {
      var sum = 0.0
      for k in 0..<K {
        let index = k * padded + i
        q[index] = Swift.max(a0 * q0[index] + a1 * q1[index] + a2 * q2[index], 0)
        sum += q[index]
      }
      // A step that clips every entry falls back to θ2's proportions.
      if !(sum > 0) { for k in 0..<K { q[k * padded + i] = q2[k * padded + i] } }
      FlooredSimplex.maximise(q + i, count: K, stride: padded, floor: epsilon)
    }
    for index in 0..<trial.p.count {
      let value = a0 * p0[index] + a1 * p1[index] + a2 * p2[index]
      p[index] = Swift.min(Swift.max(value, epsilon), 1 - epsilon)
    }
  }
}
