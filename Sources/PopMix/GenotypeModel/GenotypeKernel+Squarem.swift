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

  /// trial = θ0 − 2α r + α² v, projected back (``project(_:fallback:)``).
  func extrapolate(into trial: inout GenotypeState, from theta0: GenotypeState, _ theta1: GenotypeState,
                   _ theta2: GenotypeState, alpha: Double) {
    let (a0, a1, a2) = SquaremProducts.extrapolationCoefficients(alpha: alpha)
    let (q0, q1, q2) = (theta0.q.pointer, theta1.q.pointer, theta2.q.pointer)
    let (p0, p1, p2) = (theta0.p.pointer, theta1.p.pointer, theta2.p.pointer)
    let q = trial.q.mutablePointer, p = trial.p.mutablePointer
    for index in 0..<trial.q.count { q[index] = a0 * q0[index] + a1 * q1[index] + a2 * q2[index] }
    for index in 0..<trial.p.count { p[index] = a0 * p0[index] + a1 * p1[index] + a2 * p2[index] }
    project(&trial, fallback: theta2)
  }

  /// Q's and P's entries end to end, Q by population (padding included,
  /// which never moves), then P by SNP.
  var flatCount: Int { populations * paddedIndividuals + genotypes.snps * populations }

  /// With P held, each sweep is one Newton step per individual on its own
  /// concave problem (docs/model.md §9, held parameters).
  var quasiNewtonHelps: Bool { held?.holdsFrequencies != true }

  func flatten(_ state: GenotypeState, into values: inout [Double]) {
    let qCount = state.q.count
    for index in 0..<qCount { values[index] = state.q[index] }
    for index in 0..<state.p.count { values[qCount + index] = state.p[index] }
  }

  /// The point, projected; a row of Q that the projection would empty takes
  /// `state`'s old row.
  func assign(_ values: [Double], to state: inout GenotypeState) {
    let fallback = state
    let qCount = state.q.count
    let q = state.q.mutablePointer, p = state.p.mutablePointer
    for index in 0..<qCount { q[index] = values[index] }
    for index in 0..<state.p.count { p[index] = values[qCount + index] }
    project(&state, fallback: fallback)
  }

  /// Maps a combination of points back onto the parameter space: each
  /// individual's proportions, clipped at 0, onto {q_k ≥ ε, Σ q = 1} by
  /// ``FlooredSimplex`` (the clipped values as weights; a row that clips to
  /// nothing takes `fallback`'s), frequencies into [ε, 1 − ε], held values
  /// back to where they are held. (Unlike
  /// counts, no limit on how far a step may shrink a value: the bounds
  /// already keep values where the steps can move them, and a limit slowed
  /// the fit.)
  private func project(_ state: inout GenotypeState, fallback: GenotypeState) {
    let K = populations, padded = paddedIndividuals
    let epsilon = Self.boundary
    let q = state.q.mutablePointer, p = state.p.mutablePointer, old = fallback.q.pointer
    for i in 0..<padded {
      var sum = 0.0
      for k in 0..<K {
        q[k * padded + i] = Swift.max(q[k * padded + i], 0)
        sum += q[k * padded + i]
      }
      if !(sum > 0) { for k in 0..<K { q[k * padded + i] = old[k * padded + i] } }
      FlooredSimplex.maximise(q + i, count: K, stride: padded, floor: epsilon)
    }
    for index in 0..<state.p.count { p[index] = Swift.min(Swift.max(p[index], epsilon), 1 - epsilon) }
    held?.restore(&state)
  }
}
