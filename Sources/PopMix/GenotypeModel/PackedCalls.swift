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
      first *= tables.haploidScale[nibble]
      second *= tables.haploidScale[nibble]
    }
    return (first, second)
  }
}
