/// The second pass of a Newton sweep: with the new Q, each SNP's
/// frequencies take their Newton step in the box [ε, 1 − ε], computed from
///
///     gradient_jk  = Σ_i d_ij Q_ik,        curvature_jkl = Σ_i w_ij Q_ik Q_il
///
/// (d and w as in ``ProportionNewtonPass``), and keep it only when it
/// raises the SNP's log-likelihood, computed again at the step; otherwise
/// they take EM's update P A/(P A + (1 − P) B), which never lowers it.
/// Each SNP's term rises, so the whole log-likelihood does.
///
/// Returns the log-likelihood at (new Q, old P): the sweep compares it with
/// the first pass's value to check Q's step.
struct FrequencyNewtonPass: @unchecked Sendable {
  typealias V = SIMD4<Double>
  /// The SNPs this pass covers (one block of a threaded pass).
  let snps: Range<Int>
  let calls: PackedCalls
  /// The new Q by population, `paddedIndividuals` entries per population.
  let q: UnsafePointer<Double>
  let paddedIndividuals: Int
  /// The old P by SNP, K entries per SNP.
  let p: UnsafePointer<Double>
  /// The new P (m × K); the block writes only its own SNPs.
  let updated: UnsafeMutablePointer<Double>
  /// Whether P steps; false when P is held, and the pass only computes
  /// the log-likelihood at (new Q, P) and leaves `updated` alone.
  let stepsFrequencies: Bool
  /// ε, the frequencies' distance from 0 and 1.
  let boundary: Double
  /// Where the block's log-likelihood at (new Q, old P) goes.
  let logLikelihood: UnsafeMutablePointer<Double>
  /// The block's work area (``workDoubles(populations:)`` doubles).
  let work: UnsafeMutablePointer<Double>

  /// Sums held in registers at once (``sumRows(_:of:selecting:scaledBy:from:into:)``).
  static let sumsAtOnce = 8

  /// The doubles of a block's work area: one SNP's gradient, Hessian, EM
  /// sums and step.
  static func workDoubles(populations K: Int) -> Int { K * K + 3 * K }

  /// Runs the pass, with the loops over populations unrolled for K ≤ 8.
  ///
  /// Each SNP's sums are gathered in two steps: the calls' d and w into a
  /// buffer, then the sums at most ``sumsAtOnce`` at a time, their
  /// accumulators in registers. (Held across the calls, the K + K(K + 1)/2
  /// sums outgrew the registers, and beyond K = 8 lived in memory.)
  func run(populations K: Int) {
    logLikelihood.pointee = unrollingPopulations(K) { stepsFrequencies ? run(k: $0) : likelihoodOnly(k: $0) }
  }

  /// The log-likelihood at (Q, P) alone, for a pass that does not step P.
  @inline(__always)
  private func likelihoodOnly(k K: Int) -> Double {
    let hasHaploid = calls.haploid != nil
    let one = V(repeating: 1)
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    var total = 0.0
    for j in snps {
      var likelihood = CallLikelihoodProduct()
      for group in 0..<calls.groups {
        let (firstCopies, secondCopies) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
        let frequency = qRows.frequency(p + j * K, populations: K, group: group)
        likelihood.include(first: firstCopies, second: secondCopies, frequency: frequency,
                           complement: one.minus(frequency))
      }
      total += likelihood.logarithm
    }
    return total
  }

  /// The pass that steps P.
  @inline(__always)
  private func run(k K: Int) -> Double {
    let hasHaploid = calls.haploid != nil
    let one = V(repeating: 1)
    let groups = calls.groups
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    let gradient = work, hessian = gradient + K, first = hessian + K * K, step = first + K
    return withUnsafeTemporaryAllocation(of: V.self, capacity: 2 * groups) { buffer in
      let values = buffer.baseAddress!
      var total = 0.0
      for j in snps {
        let pj = p + j * K
        var likelihood = CallLikelihoodProduct()
        for group in 0..<groups {
          let (firstCopies, secondCopies) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
          let frequency = qRows.frequency(pj, populations: K, group: group)
          let complement = one.minus(frequency)
          let ratios = CallRatios(first: firstCopies, second: secondCopies, frequency: frequency,
                                  complement: complement, weighted: true)
          values[2 * group] = ratios.difference
          values[2 * group + 1] = ratios.weight
          likelihood.include(first: firstCopies, second: secondCopies, frequency: frequency, complement: complement)
        }
        let before = likelihood.logarithm
        total += before
        var k0 = 0
        while k0 < K {
          let count = Swift.min(Self.sumsAtOnce, K - k0)
          sumRows(count, of: values, selecting: 0, scaledBy: nil, from: k0, into: gradient + k0)
          k0 += count
        }
        for k in 0..<K {
          var l0 = k
          while l0 < K {
            let count = Swift.min(Self.sumsAtOnce, K - l0)
            sumRows(count, of: values, selecting: 1, scaledBy: k, from: l0, into: hessian + k * K + l0)
            l0 += count
          }
          for l in k..<K { hessian[l * K + k] = hessian[k * K + l] }
        }
        stepSNP(K, j, before: before, gradient: gradient, hessian: hessian, step: step, first: first)
      }
      return total
    }
  }

  /// out[b] = Σ over individuals of f_i Q_i,(first + b) for b < `count`
  /// (at most ``sumsAtOnce``), with f = the buffer's d (`selecting` 0) or
  /// w (1), times Q_i,k when `scaledBy` is k.
  @inline(__always)
  private func sumRows(_ count: Int, of values: UnsafePointer<V>, selecting: Int, scaledBy k: Int?, from first: Int,
                       into out: UnsafeMutablePointer<Double>) {
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    unrollingPopulations(count) { count in
      var sums = InlineArray<8, V>(repeating: .zero)  // sumsAtOnce
      for group in 0..<calls.groups {
        var factor = values[2 * group + selecting]
        if let k { factor = factor.times(qRows[k, group]) }
        for b in 0..<count { sums[b] = sums[b].plusProduct(factor, qRows[first + b, group]) }
      }
      for b in 0..<count { out[b] = sums[b].sum() }
    }
  }

  /// SNP `j`'s step from its log-likelihood `before` and its derivatives:
  /// the Newton step into `updated` when it raises the SNP's term, else
  /// EM's update.
  @inline(__always)
  private func stepSNP(_ K: Int, _ j: Int, before: Double, gradient: UnsafePointer<Double>,
                       hessian: UnsafePointer<Double>, step: UnsafeMutablePointer<Double>,
                       first: UnsafeMutablePointer<Double>) {
    let hasHaploid = calls.haploid != nil
    let one = V(repeating: 1)
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    let pj = p + j * K, out = updated + j * K
    if newtonStep(K, frequencies: pj, gradient: gradient, hessian: hessian, step: step, into: out) {
      // The SNP's term at the step, written out here so that its loop
      // over populations unrolls with the pass's.
      var stepped = CallLikelihoodProduct()
      for group in 0..<calls.groups {
        let (firstCopies, secondCopies) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
        let frequency = qRows.frequency(UnsafePointer(out), populations: K, group: group)
        stepped.include(first: firstCopies, second: secondCopies, frequency: frequency,
                        complement: one.minus(frequency))
      }
      if stepped.logarithm >= before { return }
    }
    // EM's sums A_k = Σ Q g/h are needed only where the Newton step is
    // refused, so they are gathered then, in a pass over that SNP alone.
    firstSums(K, snp: j, frequencies: pj, haploid: hasHaploid, into: first)
    emStep(K, frequencies: pj, gradient: gradient, first: first, into: out)
  }

  /// The box-constrained Newton step of one SNP's frequencies into `out`;
  /// false when there is none (no curvature, or no move).
  @inline(__always)
  private func newtonStep(_ K: Int, frequencies pj: UnsafePointer<Double>, gradient: UnsafePointer<Double>,
                          hessian: UnsafePointer<Double>, step: UnsafeMutablePointer<Double>,
                          into out: UnsafeMutablePointer<Double>) -> Bool {
    guard BoundedQuadraticProgram.solve(hessian: hessian, gradient: gradient, point: pj, count: K,
                                        lower: boundary, upper: 1 - boundary, sumZero: false, step: step)
    else { return false }
    var moved = false
    for k in 0..<K {
      out[k] = Swift.min(Swift.max(pj[k] + step[k], boundary), 1 - boundary)
      moved = moved || out[k] != pj[k]
    }
    return moved
  }

  /// EM's update of one SNP's frequencies into `out`: A_k = Σ Q g/h and
  /// B_k = A_k − gradient_k.
  @inline(__always)
  private func emStep(_ K: Int, frequencies pj: UnsafePointer<Double>, gradient: UnsafePointer<Double>,
                      first: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
    for k in 0..<K {
      let frequency = pj[k]
      let a = frequency * first[k]
      let denominator = a + (1 - frequency) * Swift.max(first[k] - gradient[k], 0)
      out[k] = denominator > 0 ? Swift.min(Swift.max(a / denominator, boundary), 1 - boundary) : frequency
    }
  }

  /// EM's sums A_k = Σ_i Q_ik g_ij/h_ij of SNP `j` at `frequencies` into `first`.
  @inline(never)
  private func firstSums(_ K: Int, snp j: Int, frequencies pj: UnsafePointer<Double>, haploid hasHaploid: Bool,
                         into first: UnsafeMutablePointer<Double>) {
    let one = V(repeating: 1)
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    for k in 0..<K { first[k] = 0 }
    for group in 0..<calls.groups {
      let (firstCopies, secondCopies) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
      let frequency = qRows.frequency(pj, populations: K, group: group)
      let ratios = CallRatios(first: firstCopies, second: secondCopies, frequency: frequency,
                              complement: one.minus(frequency), weighted: false)
      for k in 0..<K { first[k] += ratios.first.times(qRows[k, group]).sum() }
    }
  }
}
