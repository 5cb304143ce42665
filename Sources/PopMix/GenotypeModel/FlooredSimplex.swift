/// Proportions on the simplex with a floor: {q : q_k ≥ ε, Σ_k q_k = 1}.
enum FlooredSimplex {
  /// Replaces the weights N_k ≥ 0 by the q that maximises Σ_k N_k log q_k on
  /// the floored simplex: q_k = max(ε, N_k / λ), λ such that Σ_k q_k = 1.
  ///
  /// This is Q's exact M-step under the bound (N_ik = Q_ik S_ik, docs/model.md
  /// §9), so EM stays monotone; flooring N / Σ N and renormalising would
  /// leave entries below ε. Entries whose N_k / λ falls below ε are fixed at
  /// ε one round at a time; λ only grows as they leave, so no entry is ever
  /// released again and at most `count` rounds are needed.
  ///
  /// - Parameters:
  ///   - values: the first weight; weight k is at `values[k * stride]`.
  ///   - count: K, the number of proportions.
  ///   - stride: the distance between two of them.
  ///   - floor: ε.
  /// - Precondition: K ε < 1, the weights are ≥ 0 and their sum is above 0.
  /// - Complexity: O(K²) at worst, O(K) when no entry meets the floor.
  @inline(__always)
  static func maximise(_ values: UnsafeMutablePointer<Double>, count: Int, stride: Int, floor: Double) {
    precondition(Double(count) * floor < 1, "The floor leaves no room on the simplex")
    var freeWeight = 0.0
    for k in 0..<count { freeWeight += values[k * stride] }
    precondition(freeWeight > 0, "Proportions need a positive weight")
    var freeShare = 1.0
    var lambda = freeWeight
    // A fixed entry is marked by a negative value until the end.
    var changed = true
    while changed {
      changed = false
      for k in 0..<count {
        let weight = values[k * stride]
        guard weight >= 0, weight < floor * lambda else { continue }
        freeWeight -= weight
        freeShare -= floor
        values[k * stride] = -1
        changed = true
      }
      lambda = freeWeight / freeShare
    }
    for k in 0..<count {
      let weight = values[k * stride]
      values[k * stride] = weight < 0 ? floor : weight / lambda
    }
  }
}
