import RealModule

/// The hot loop of the binomial EM: one pass over a block of SNPs that
/// accumulates, for every call (g copies of A1 among t),
///
///     S_ik  += (t − g)/(1 − p) + P_jk [g/p − (t − g)/(1 − p)]   (Q's update)
///     A_jk  += Q_ik g/p,   B_jk += Q_ik (t − g)/(1 − p)          (P's update)
///
/// and the log-likelihood Σ g log p + (t − g) log(1 − p).
///
/// Four individuals are one vector: their two-bit codes are one byte of the
/// `.bed` layout, decoded by a 256-entry table into copy counts, and Q is
/// stored by population so that their proportions are one load. Missing
/// calls have g = t = 0 and fall out of every sum without a branch. One
/// division serves both ratios: 1/(p(1 − p)).
struct GenotypePass: @unchecked Sendable {
  /// The SNPs this pass covers (one block of a threaded pass).
  let snps: Range<Int>
  /// The calls.
  let calls: PackedCalls
  /// Q by population, `paddedIndividuals` entries per population.
  let q: UnsafePointer<Double>
  let paddedIndividuals: Int
  /// P by SNP, K entries per SNP.
  let p: UnsafePointer<Double>
  /// This block's S (K × paddedIndividuals), zeroed by the caller.
  let s: UnsafeMutablePointer<Double>
  /// A and B by SNP (m × K); the block writes only its own SNPs.
  let firstSums: UnsafeMutablePointer<Double>
  let secondSums: UnsafeMutablePointer<Double>
  /// Where the block's log-likelihood goes.
  let logLikelihood: UnsafeMutablePointer<Double>
  /// Whether to compute the log-likelihood (its running products are about
  /// a third of the pass; passes whose value nobody reads skip them).
  let evaluate: Bool

  /// Runs the pass, with the loops over populations unrolled for K ≤ 8.
  func run(populations K: Int) {
    let haploid = calls.haploid != nil
    logLikelihood.pointee = unrollingPopulations(K) { run(k: $0, haploid: haploid) }
  }

  /// The pass for K populations; inlined with a constant K so that the
  /// loops over populations unroll and the accumulators stay in registers.
  @inline(__always)
  private func run(k K: Int, haploid hasHaploid: Bool) -> Double {
    typealias V = SIMD4<Double>
    let one = V(repeating: 1)
    let qRows = VectorRows(q, paddedIndividuals: paddedIndividuals)
    let sRows = VectorRows(s, paddedIndividuals: paddedIndividuals)
    let evaluate = self.evaluate
    var total = 0.0
    return withUnsafeTemporaryAllocation(of: V.self, capacity: 2 * K) { sums in
      for j in snps {
        let pj = p + j * K
        for k in 0..<(2 * K) { sums[k] = V() }
        var likelihood = CallLikelihoodProduct()
        for group in 0..<calls.groups {
          let (first, second) = calls.copies(snp: j, group: group, hasHaploid: hasHaploid)
          let frequency = qRows.frequency(pj, populations: K, group: group)
          let complement = one.minus(frequency)
          let ratios = CallRatios(first: first, second: second, frequency: frequency, complement: complement,
                                  weighted: false)
          let ratioFirst = ratios.first, ratioSecond = ratios.second, difference = ratios.difference
          for k in 0..<K {
            let qk = qRows[k, group]
            sRows.add(ratioSecond.plus(V(repeating: pj[k]).times(difference)), row: k, group: group)
            sums[k] = sums[k].plus(ratioFirst.times(qk))
            sums[K + k] = sums[K + k].plus(ratioSecond.times(qk))
          }
          guard evaluate else { continue }
          likelihood.include(first: first, second: second, frequency: frequency, complement: complement)
        }
        for k in 0..<K {
          firstSums[j * K + k] = sums[k].sum()
          secondSums[j * K + k] = sums[K + k].sum()
        }
        guard evaluate else { continue }
        total += likelihood.logarithm
      }
      return total
    }
  }
}

/// Decoding tables for ``GenotypePass``: four two-bit codes (one byte) to
/// copies of A1 and of A2 for four individuals.
struct GenotypeTables {
  /// Copies of A1 by byte (PLINK codes: 00 → 2, 01 missing → 0, 10 → 1, 11 → 0).
  let first: AlignedBuffer<SIMD4<Double>>
  /// Copies of A2 by byte (00 → 0, 01 → 0, 10 → 1, 11 → 2).
  let second: AlignedBuffer<SIMD4<Double>>
  /// By four haploid bits: ½ for a haploid call (one copy, not two), else 1.
  let haploidScale: AlignedBuffer<SIMD4<Double>>
  /// The last byte of a SNP keeps these bits (real individuals) …
  let tailKeep: UInt8
  /// … and has these set (padding slots read as missing, 01).
  let tailFill: UInt8

  /// The tables as the pass reads them, valid while these tables live.
  struct Lookup: @unchecked Sendable {
    let first: UnsafePointer<SIMD4<Double>>
    let second: UnsafePointer<SIMD4<Double>>
    let haploidScale: UnsafePointer<SIMD4<Double>>
    let tailKeep: UInt8
    let tailFill: UInt8
  }

  var lookup: Lookup {
    Lookup(first: first.pointer, second: second.pointer, haploidScale: haploidScale.pointer, tailKeep: tailKeep,
           tailFill: tailFill)
  }

  /// Tables for `individuals` individuals (which decides the last byte's padding).
  init(individuals n: Int) {
    let copies: [(Double, Double)] = [(2, 0), (0, 0), (1, 1), (0, 2)]
    var first = AlignedBuffer(repeating: SIMD4<Double>(), count: 256), second = first
    for byte in 0..<256 {
      var a = SIMD4<Double>(), b = SIMD4<Double>()
      for slot in 0..<4 {
        let code = (byte >> (2 * slot)) & 3
        a[slot] = copies[code].0
        b[slot] = copies[code].1
      }
      first[byte] = a
      second[byte] = b
    }
    var haploidScale = AlignedBuffer(repeating: SIMD4<Double>(repeating: 1), count: 16)
    for bits in 0..<16 {
      for slot in 0..<4 where bits >> slot & 1 == 1 { haploidScale[bits][slot] = 0.5 }
    }
    (self.first, self.second, self.haploidScale) = (first, second, haploidScale)
    let real = n % 4
    var keep: UInt8 = 0xFF, fill: UInt8 = 0
    if real != 0 {
      keep = UInt8((1 << (2 * real)) - 1)
      for slot in real..<4 { fill |= 0b01 << UInt8(2 * slot) }
    }
    tailKeep = keep
    tailFill = fill
  }
}
