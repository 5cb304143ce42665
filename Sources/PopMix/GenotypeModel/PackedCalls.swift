/// The calls as a pass reads them: the `.bed` bytes (SNP by SNP, four
/// individuals a byte), the haploid mask, and the tables that decode a
/// byte into four individuals' copy counts.
///
/// Valid while the ``GenotypeMatrix`` and the ``GenotypeTables`` it was
/// made from live; a kernel makes one per pass.
struct PackedCalls: @unchecked Sendable {
  typealias V = SIMD4<Double>
  let packed: UnsafePointer<UInt8>
  /// The haploid mask, when there is one (``GenotypeMatrix/haploid``).
  let haploid: UnsafePointer<UInt8>?
  /// Groups of four individuals: ⌈n / 4⌉, the bytes per SNP.
  let groups: Int
  /// Groups with four real individuals; the one after them (if any) is
  /// completed by padding slots, read as missing.
  let fullGroups: Int
  let maskBytesPerSNP: Int
  let tables: GenotypeTables.Lookup

  /// The copies of A1 (g) and of A2 (t − g) of the four individuals of
  /// `group` at SNP `snp`; missing calls and padding slots are 0 and 0, a
  /// haploid call counts one copy.
  ///
  /// `hasHaploid` is the caller's constant (haploid != nil), so that the
  /// diploid loop has no mask test.
  @inline(__always)
  func copies(snp: Int, group: Int, hasHaploid: Bool) -> (first: V, second: V) {
    let raw = packed[snp * groups + group]
    let byte = group < fullGroups ? raw : raw & tables.tailKeep | tables.tailFill
    var first = tables.first[Int(byte)], second = tables.second[Int(byte)]
    if hasHaploid {
      let mask = haploid! + snp * maskBytesPerSNP
      let nibble = Int(mask[group >> 1] >> UInt8(4 * (group & 1))) & 15
      first = first.times(tables.haploidScale[nibble])
      second = second.times(tables.haploidScale[nibble])
    }
    return (first, second)
  }
}

/// The per-call quantities of the binomial log-likelihood's derivatives,
/// for four calls with `first` = g and `second` = t − g copies at
/// frequency h: r_A = g/h and r_B = (t − g)/(1 − h) (EM's ratios),
/// d = r_A − r_B (the derivative in h) and w = g/h² + (t − g)/(1 − h)²
/// (minus the second derivative). One division serves all: 1/(h(1 − h)).
struct CallRatios {
  typealias V = SIMD4<Double>
  let first: V
  let second: V
  let difference: V
  /// The curvature weight w; computed only where asked for.
  let weight: V

  @inline(__always)
  init(first g: V, second rest: V, frequency: V, complement: V, weighted: Bool) {
    let inverse = V(repeating: 1).over(frequency.times(complement))
    first = g.times(complement).times(inverse)
    second = rest.times(frequency).times(inverse)
    difference = first.minus(second)
    weight = weighted ? first.times(complement).times(inverse).plus(second.times(frequency).times(inverse)) : V()
  }
}

/// Runs `body` with K as a constant for K ≤ 8 (so that the loops over
/// populations unroll and their sums stay in registers once `body` is
/// inlined), with K itself beyond.
@inline(__always)
func unrollingPopulations<R>(_ K: Int, _ body: (Int) -> R) -> R {
  switch K {
  case 1: body(1)
  case 2: body(2)
  case 3: body(3)
  case 4: body(4)
  case 5: body(5)
  case 6: body(6)
  case 7: body(7)
  case 8: body(8)
  default: body(K)
  }
}
