/// The first pass of a Newton sweep: at (Q, P), the derivatives of each
/// individual's log-likelihood in its proportions, summed over a block of SNPs:
///
///     gradient_ik  += d_ij P_jk,          d = g/h − (t − g)/(1 − h)
///     curvature_ikl += w_ij P_jk P_jl,    w = g/h² + (t − g)/(1 − h)²
///     complement_i += (t − g)/(1 − h)
///
/// with h = Σ_k Q_ik P_jk, and the log-likelihood Σ g log h + (t − g) log(1 − h).
/// −curvature is the Hessian; gradient + complement is EM's S (docs/model.md
/// §9), so the same sums give the EM update that backs the Newton step.
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
  /// The block's work area (``workDoubles(populations:)`` doubles).
  let work: UnsafeMutablePointer<Double>

  /// SNPs a tile holds: each group of four individuals sums a tile's SNPs
  /// and adds them to its rows once, instead of once per SNP.
  static let tileSNPs = 32

  /// Sums held in registers at once (``sumTile(_:_:of:selecting:coefficients:stride:from:into:group:)``).
  static let sumsAtOnce = 8

  /// The doubles of a block's work area: a tile's products P_jk P_jl.
  static func workDoubles(populations K: Int) -> Int { tileSNPs * K * (K + 1) / 2 }

  /// Runs the pass, with the loops over populations unrolled for K ≤ 8.
  ///
  /// Each group's sums over a tile are gathered in two steps: the calls' d
  /// and w for the tile's SNPs into a buffer, then the sums at most
  /// ``sumsAtOnce`` at a time, their accumulators in registers. (Held
  /// across the calls, the 2K + K(K + 1)/2 + 1 sums outgrew the registers,
  /// and beyond K = 8 lived in memory.)
  func run(populations K: Int) {
    logLikelihood.pointee = unrollingPopulations(K) { run(k: $0) }
  }

  @inline(__always)
  private func run(k K: Int) -> Double {
    let hasHaploid = calls.haploid != nil
    let one = V(repeating: 1)
    let pairs = K * (K + 1) / 2
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    let gradientRows = VectorRows(gradient, paddedIndividuals: paddedIndividuals)
    let curvatureRows = VectorRows(curvature, paddedIndividuals: paddedIndividuals)
    let complementRow = VectorRows(complement, paddedIndividuals: paddedIndividuals)
    let products = work
    return withUnsafeTemporaryAllocation(of: V.self, capacity: 2 * Self.tileSNPs) { buffer in
      let values = buffer.baseAddress!
      var total = 0.0
      var tileStart = snps.lowerBound
      while tileStart < snps.upperBound {
        let tile = tileStart..<Swift.min(tileStart + Self.tileSNPs, snps.upperBound)
        var c = 0
        for j in tile {
          let pj = p + j * K
          for k in 0..<K { for l in k..<K { products[c] = pj[k] * pj[l]; c += 1 } }
        }
        for group in 0..<calls.groups {
          var complementSum = V()
          var likelihood = CallLikelihoodProduct()
          for (t, j) in tile.enumerated() {
            let (firstCopies, secondCopies) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
            let frequency = qRows.frequency(p + j * K, populations: K, group: group)
            let complementFrequency = one.minus(frequency)
            let ratios = CallRatios(first: firstCopies, second: secondCopies, frequency: frequency,
                                    complement: complementFrequency, weighted: true)
            values[2 * t] = ratios.difference
            values[2 * t + 1] = ratios.weight
            complementSum = complementSum.plus(ratios.second)
            likelihood.include(first: firstCopies, second: secondCopies, frequency: frequency,
                               complement: complementFrequency)
          }
          var k0 = 0
          while k0 < K {
            let count = Swift.min(Self.sumsAtOnce, K - k0)
            sumTile(count, tile.count, of: values, selecting: 0, coefficients: p + tile.lowerBound * K, stride: K,
                    from: k0, into: gradientRows, group: group)
            k0 += count
          }
          var c0 = 0
          while c0 < pairs {
            let count = Swift.min(Self.sumsAtOnce, pairs - c0)
            sumTile(count, tile.count, of: values, selecting: 1, coefficients: products, stride: pairs,
                    from: c0, into: curvatureRows, group: group)
            c0 += count
          }
          complementRow.add(complementSum, row: 0, group: group)
          total += likelihood.logarithm
        }
        tileStart = tile.upperBound
      }
      return total
    }
  }

  /// Adds Σ_t c_t,(first + b) f_t to row first + b of `rows` at `group`,
  /// for b < `count` (at most ``sumsAtOnce``), over the tile's `snps` SNPs:
  /// f = the buffer's d (`selecting` 0) or w (1), c_t,r =
  /// `coefficients[t × stride + r]`.
  @inline(__always)
  private func sumTile(_ count: Int, _ snps: Int, of values: UnsafePointer<V>, selecting: Int,
                       coefficients: UnsafePointer<Double>, stride: Int, from first: Int, into rows: VectorRows,
                       group: Int) {
    unrollingPopulations(count) { count in
      var sums = InlineArray<8, V>(repeating: .zero)  // sumsAtOnce
      for t in 0..<snps {
        let factor = values[2 * t + selecting], row = coefficients + t * stride + first
        for b in 0..<count { sums[b] = sums[b].plusProduct(V(repeating: row[b]), factor) }
      }
      for b in 0..<count { rows.add(sums[b], row: first + b, group: group) }
    }
  }
}
