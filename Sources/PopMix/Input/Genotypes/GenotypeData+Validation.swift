/// Checks and filters on genotype data before a fit: SNPs that carry no
/// information about allele frequencies, individuals with nothing observed.
extension GenotypeData {
  /// This data without the SNPs at which only one allele, or nothing, is
  /// observed: every observed call has no copy of A1, or every copy is A1.
  /// A heterozygote makes a SNP polymorphic.
  ///
  /// Such a SNP adds no information about which population an individual
  /// comes from, and its frequencies would sit on the boundary (0 or 1).
  /// The dropped SNPs are listed in ``droppedSNPs`` (by index as read).
  ///
  /// - Complexity: O(m n / 4) byte look-ups at most; a SNP's scan stops at
  ///   the first byte that shows both alleles. When nothing is dropped the
  ///   genotypes are shared, not copied; otherwise they are compacted in
  ///   place when this value was the last reference to them.
  public consuming func droppingMonomorphic() -> GenotypeData {
    var result = self
    let keep = result.genotypes.polymorphicSNPs()
    let alreadyDropped = result.droppedSNPs.count
    for j in keep.indices where !keep[j] {
      var first = 0, total = 0
      for i in 0..<result.genotypes.individuals {
        guard let counts = result.genotypes[individual: i, snp: j].alleleCounts else { continue }
        first += counts.first
        total += counts.total
      }
      result.droppedSNPs.append(DroppedSNP(index: j, observedFrequency: total == 0 ? nil : Double(first) / Double(total)))
    }
    guard result.droppedSNPs.count > alreadyDropped else { return result }
    result.genotypes.keepSNPs(keep)
    result.variants = zip(result.variants, keep).compactMap { variant, kept in kept ? variant : nil }
    return result
  }

  /// Throws unless every individual has at least one observed call.
  ///
  /// An individual with nothing observed has no likelihood to fit: its
  /// ancestry proportions would be arbitrary.
  ///
  /// - Throws: ``PopMixError`` naming ``source`` and the first individual
  ///   with every call missing.
  /// - Complexity: O(m n / 4) byte look-ups at most; usually stops after a
  ///   few SNPs, once every individual has been seen.
  public func checkEveryIndividualObserved() throws {
    let observed = genotypes.observedIndividuals()
    guard let first = observed.firstIndex(of: false) else { return }
    let sample = samples[first]
    let others = observed.count(where: { !$0 }) - 1
    var message = "individual '\(QuotedText.excerpt(sample.id))' (family '\(QuotedText.excerpt(sample.family))') has no observed genotype "
      + "at any of the \(genotypes.snps) SNPs"
    if others > 0 { message += " (nor have \(others) other individual\(others == 1 ? "" : "s"))" }
    message += "; remove it from the input (with PLINK's --remove, for example)"
    throw PopMixError.badData(message, file: source)
  }

  /// Copies of A1 and observed copies, per individual and per SNP.
  ///
  /// - Complexity: O(m n).
  func alleleCountTotals() -> (perIndividual: [(first: Int, total: Int)], perSNP: [(first: Int, total: Int)]) {
    genotypes.alleleCountTotals()
  }
}

extension GenotypeMatrix {
  /// For each SNP, whether both alleles are observed.
  ///
  /// - Complexity: O(m n / 4) at most.
  func polymorphicSNPs() -> [Bool] {
    let bothAlleles = PackedGenotypeTables.bothAlleles
    return withPackedScan { scan in
      PackedGenotypeTables.alleles.withUnsafeBufferPointer { alleles in
        (0..<snps).map { j in
          var seen: UInt8 = 0
          var b = 0
          while b < bytesPerSNP && seen != bothAlleles {
            seen |= alleles[scan.tableIndex(snp: j, byte: b)]
            b += 1
          }
          return seen == bothAlleles
        }
      }
    }
  }

  /// For each individual, whether any of its calls is observed.
  ///
  /// - Complexity: O(m n / 4) at most; stops once every individual is seen.
  func observedIndividuals() -> [Bool] {
    guard bytesPerSNP > 0 else { return [] }
    // Slots of each byte that hold an individual (the last byte may be padded).
    var everyone = [UInt8](repeating: 0b1111, count: bytesPerSNP)
    if individuals % 4 != 0 { everyone[bytesPerSNP - 1] = UInt8(1 << (individuals % 4)) - 1 }
    var seen = [UInt8](repeating: 0, count: bytesPerSNP)
    withPackedScan { scan in
      PackedGenotypeTables.observed.withUnsafeBufferPointer { observed in
        seen.withUnsafeMutableBufferPointer { seen in
          for j in 0..<snps {
            for b in 0..<bytesPerSNP { seen[b] |= observed[scan.tableIndex(snp: j, byte: b)] }
            // Checking costs a pass over one SNP's bytes: do it now and then.
            if j % 64 == 63 && zip(seen, everyone).allSatisfy({ $0 & $1 == $1 }) { return }
          }
        }
      }
    }
    return (0..<individuals).map { i in seen[i >> 2] >> UInt8(i & 3) & 1 == 1 }
  }

  /// Copies of A1 and observed copies, per individual and per SNP.
  ///
  /// - Complexity: O(m n).
  func alleleCountTotals() -> (perIndividual: [(first: Int, total: Int)], perSNP: [(first: Int, total: Int)]) {
    // Both counts in one word (A1 low, total high) so that one addition
    // sums them; 32 bits hold any realistic count.
    var perIndividual = [UInt64](repeating: 0, count: individuals)
    var perSNP = [UInt64](repeating: 0, count: snps)
    withPackedScan { scan in
      PackedGenotypeTables.copies.withUnsafeBufferPointer { copies in
        PackedGenotypeTables.slotCopies.withUnsafeBufferPointer { slotCopies in
          perIndividual.withUnsafeMutableBufferPointer { perIndividual in
            for j in 0..<snps {
              var sum: UInt64 = 0
              for b in 0..<bytesPerSNP {
                let index = scan.tableIndex(snp: j, byte: b)
                sum &+= copies[index]
                for slot in 0..<min(4, individuals - 4 * b) {
                  // A slot's code and haploid bit, as slotCopies indexes them.
                  let call = index >> (2 * slot) & 3 | (index >> (8 + slot) & 1) << 2
                  perIndividual[4 * b + slot] &+= slotCopies[call]
                }
              }
              perSNP[j] = sum
            }
          }
        }
      }
    }
    let unpack = { (word: UInt64) in (first: Int(word & 0xFFFF_FFFF), total: Int(word >> 32)) }
    return (perIndividual.map(unpack), perSNP.map(unpack))
  }

  /// Calls `body` with unsafe access to the codes and the haploid mask.
  func withPackedScan<Result>(_ body: (PackedScan) throws -> Result) rethrows -> Result {
    let padded = individuals % 4
    // In the last byte of a SNP, the padding slots read as missing: PLINK
    // pads with 0b00, which would otherwise count as two copies of A1.
    let lastKeep: UInt8 = padded == 0 ? 0xFF : UInt8(1 << (2 * padded)) - 1
    let lastFill: UInt8 = 0b0101_0101 & ~lastKeep
    return try packed.withUnsafeBufferPointer { codes in
      guard let haploid else {
        return try body(PackedScan(codes: codes, mask: nil, bytesPerSNP: bytesPerSNP,
                                   maskBytesPerSNP: maskBytesPerSNP, lastKeep: lastKeep, lastFill: lastFill))
      }
      return try haploid.withUnsafeBufferPointer { mask in
        try body(PackedScan(codes: codes, mask: mask, bytesPerSNP: bytesPerSNP,
                            maskBytesPerSNP: maskBytesPerSNP, lastKeep: lastKeep, lastFill: lastFill))
      }
    }
  }
}

/// Unsafe read access to a ``GenotypeMatrix``, one byte (four calls) at a time.
struct PackedScan {
  let codes: UnsafeBufferPointer<UInt8>
  let mask: UnsafeBufferPointer<UInt8>?
  let bytesPerSNP: Int
  let maskBytesPerSNP: Int
  /// The bits of a SNP's last byte that hold individuals, and missing codes for the rest.
  let lastKeep: UInt8
  let lastFill: UInt8

  /// The ``PackedGenotypeTables`` index of byte `b` of SNP `j`: its four
  /// codes, padding made missing, and their four haploid bits above.
  ///
  /// - Precondition: `j` and `b` are in range (checked in debug builds only).
  @inline(__always)
  func tableIndex(snp j: Int, byte b: Int) -> Int {
    var code = codes[j * bytesPerSNP + b]
    if b == bytesPerSNP - 1 { code = code & lastKeep | lastFill }
    guard let mask else { return Int(code) }
    // Byte b holds individuals 4b..<4b+4: bits 4(b % 2)... of mask byte b / 2.
    let nibble = mask[j * maskBytesPerSNP + b >> 1] >> (4 * UInt8(b & 1)) & 0b1111
    return Int(code) | Int(nibble) << 8
  }
}

/// Look-up tables over four calls at once, indexed by a packed byte of
/// codes plus, above it, the four calls' haploid bits (`byte | bits << 8`;
/// the first 256 entries serve all-diploid data). Built from
/// ``Genotype/alleleCounts`` so that they agree with it by construction.
enum PackedGenotypeTables {
  /// Bit 0 when some call carries a copy of A1; bit 1 when some carries a copy of A2.
  static let alleles: [UInt8] = build { counts in
    counts.reduce(0) { flags, call in
      guard let call else { return flags }
      return flags | (call.first > 0 ? 1 : 0) | (call.first < call.total ? 2 : 0)
    }
  }
  static let bothAlleles: UInt8 = 0b11

  /// Bit s set when call s is observed.
  static let observed: [UInt8] = build { counts in
    counts.indices.reduce(0) { flags, slot in flags | (counts[slot] == nil ? 0 : 1 << slot) }
  }

  /// Copies of A1 in the low 32 bits, observed copies in the high 32 bits.
  static let copies: [UInt64] = build { counts in
    counts.reduce(0) { sum, call in sum + pack(call) }
  }

  /// ``copies`` for one call, indexed by `code | haploid << 2`.
  static let slotCopies: [UInt64] = (0..<8).map { call in
    pack(Genotype(code: UInt8(call & 3), isHaploid: call >> 2 == 1).alleleCounts)
  }

  private static func pack(_ call: (first: Int, total: Int)?) -> UInt64 {
    guard let call else { return 0 }
    return UInt64(call.first) | UInt64(call.total) << 32
  }

  private static func build<Entry>(_ entry: ([(first: Int, total: Int)?]) -> Entry) -> [Entry] {
    (0..<4096).map { index in
      entry((0..<4).map { slot in
        Genotype(code: UInt8(index >> (2 * slot) & 3), isHaploid: index >> (8 + slot) & 1 == 1).alleleCounts
      })
    }
  }
}
