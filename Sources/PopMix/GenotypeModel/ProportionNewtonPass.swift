/// The first pass of a Newton sweep: at (Q, P), the derivatives of each
/// individual's log-likelihood in its proportions, summed over a block of SNPs:
///
///     gradient_ik  += d_ij P_jk,          d = g/h − (t − g)/(1 − h)
///     curvature_ikl += w_ij P_jk P_jl,    w = g/h² + (t − g)/(1 − h)²
///     complement_i += (t − g)/(1 − h)
///
/// with h = Σ_k Q_ik P_jk, and the log-likelihood Σ g log h + (t − g) log(1 − h).
/// −curvature is the Hessian; gradient + complement is EM's S (docs/model.md
/// §10), so the same sums give the EM update that backs the Newton step.
///
/// The sums are by population pair (k ≤ l, K(K + 1)/2 of them), each a row
/// of `paddedIndividuals` entries, four individuals a vector, as Q is stored.
struct ProportionNewtonPass: @unchecked Sendable {
  typealias V = SIMD4<Double>
  /// The SNPs this pass covers (one block of a threaded pass).
  let snps: Range<Int>
  let calls: PackedCalls
  /// Q by population, `paddedIndividuals` entries per population.
  let q: UnsafePointer<Double>
  let paddedIndividuals: Int
  /// P by SNP, K entries per SNP.
  let p: UnsafePointer<Double>
  /// This block's gradient (K rows), curvature (K(K + 1)/2 rows) and
  /// complement (one row), zeroed by the caller.
  let gradient: UnsafeMutablePointer<Double>
  let curvature: UnsafeMutablePointer<Double>
  let complement: UnsafeMutablePointer<Double>
  /// Where the block's log-likelihood goes.
  let logLikelihood: UnsafeMutablePointer<Double>

  /// Runs the pass, with the loops over populations unrolled for K ≤ 8.
  func run(populations K: Int) {
    let haploid = calls.haploid != nil
    logLikelihood.pointee = unrollingPopulations(K) { run(k: $0, haploid: haploid) }
  }

  @inline(__always)
  private func run(k K: Int, haploid hasHaploid: Bool) -> Double {
    let one = V(repeating: 1)
    let pairs = K * (K + 1) / 2
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    let gradientRows = VectorRows(gradient, paddedIndividuals: paddedIndividuals)
    let curvatureRows = VectorRows(curvature, paddedIndividuals: paddedIndividuals)
    let complementRow = VectorRows(complement, paddedIndividuals: paddedIndividuals)
    var total = 0.0
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: pairs) { products in
      for j in snps {
        let pj = p + j * K
        var c = 0
        for k in 0..<K { for l in k..<K { products[c] = pj[k] * pj[l]; c += 1 } }
        var likelihood = CallLikelihoodProduct()
        for group in 0..<calls.groups {
          let (first, second) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
          let frequency = qRows.frequency(pj, populations: K, group: group)
          let complementFrequency = one - frequency
          let ratios = CallRatios(first: first, second: second, frequency: frequency, complement: complementFrequency,
                                  weighted: true)
          let difference = ratios.difference, weight = ratios.weight, ratioSecond = ratios.second
          for k in 0..<K { gradientRows.add(pj[k] * difference, row: k, group: group) }
          for c in 0..<pairs { curvatureRows.add(products[c] * weight, row: c, group: group) }
          complementRow.add(ratioSecond, row: 0, group: group)
          likelihood.include(first: first, second: second, frequency: frequency, complement: complementFrequency)
        }
        total += likelihood.logarithm
      }
      return total
    }
  }
}
