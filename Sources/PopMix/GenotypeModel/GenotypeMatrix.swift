/// Genotypes of n individuals at m SNPs, packed two bits per genotype in
/// PLINK 1's SNP-major layout, so that a whole-genome set stays the size of
/// its `.bed` file (2,500 × 500,000 is 312 MB, against 10 GB as `Double`).
///
/// SNP j occupies ``bytesPerSNP`` bytes from `j * bytesPerSNP`; individual
/// i is the two bits at `2 * (i % 4)` of its byte `i / 4` (PLINK's order,
/// low bits first). A code counts copies of the SNP's first allele (the
/// `.bim` file's A1, whose frequency is P): see ``Genotype``.
///
/// Haploid calls (from a VCF) are marked in an optional bit mask of the
/// same shape, one bit per genotype (byte `j * maskBytesPerSNP + i / 8`,
/// bit `i % 8`); a haploid entry's code is ``Genotype/homozygousFirst`` (one
/// copy of A1) or ``Genotype/homozygousSecond`` (none).
public struct GenotypeMatrix: Sendable, Equatable {
  /// n, the number of individuals.
  public let individuals: Int
  /// m, the number of SNPs.
  public private(set) var snps: Int
  /// Bytes per SNP: ⌈n / 4⌉.
  public let bytesPerSNP: Int
  /// The codes, SNP after SNP.
  public internal(set) var packed: [UInt8]
  /// One bit per genotype, set for a haploid call; `nil` when every call is diploid.
  public internal(set) var haploid: [UInt8]?

  /// Bytes per SNP of the haploid mask: ⌈n / 8⌉.
  public var maskBytesPerSNP: Int { (individuals + 7) / 8 }

  /// A matrix of `snps` SNPs with every genotype missing.
  ///
  /// - Precondition: `individuals` and `snps` are not negative.
  public init(individuals: Int, snps: Int) {
    precondition(individuals >= 0 && snps >= 0, "A genotype matrix needs non-negative dimensions")
    self.individuals = individuals
    self.snps = snps
    bytesPerSNP = (individuals + 3) / 4
    // 0b01 in every slot: missing; padding slots past n hold 00, as PLINK
    // writes them, so that matrices built here equal those read from files.
    packed = [UInt8](repeating: 0b0101_0101, count: snps * bytesPerSNP)
    let real = individuals % 4
    if real != 0 {
      let last = UInt8(0b0101_0101 & ((1 << (2 * real)) - 1))
      for j in 0..<snps { packed[j * bytesPerSNP + bytesPerSNP - 1] = last }
    }
    haploid = nil
  }

  /// Wraps packed PLINK codes.
  ///
  /// - Precondition: `packed.count == snps * ⌈individuals / 4⌉`, and
  ///   `haploid`, when given, has `snps * ⌈individuals / 8⌉` bytes.
  public init(individuals: Int, snps: Int, packed: [UInt8], haploid: [UInt8]? = nil) {
    precondition(individuals >= 0 && snps >= 0, "A genotype matrix needs non-negative dimensions")
    let bytes = (individuals + 3) / 4
    precondition(packed.count == snps * bytes, "Packed genotypes need \(snps * bytes) bytes, got \(packed.count)")
    precondition(haploid == nil || haploid!.count == snps * ((individuals + 7) / 8), "The haploid mask has the wrong size")
    self.individuals = individuals
    self.snps = snps
    bytesPerSNP = bytes
    self.packed = packed
    self.haploid = haploid
  }

  /// The genotype of individual `i` at SNP `j`.
  public subscript(individual i: Int, snp j: Int) -> Genotype {
    get {
      precondition(i >= 0 && i < individuals && j >= 0 && j < snps, "Genotype index out of range")
      let byte = packed[j * bytesPerSNP + i >> 2]
      return Genotype(code: (byte >> (2 * UInt8(i & 3))) & 3, isHaploid: isHaploid(individual: i, snp: j))
    }
    set {
      precondition(i >= 0 && i < individuals && j >= 0 && j < snps, "Genotype index out of range")
      let index = j * bytesPerSNP + i >> 2
      let shift = 2 * UInt8(i & 3)
      packed[index] = packed[index] & ~(3 << shift) | (newValue.code << shift)
      if newValue.isHaploid || haploid != nil {
        if haploid == nil { haploid = [UInt8](repeating: 0, count: snps * maskBytesPerSNP) }
        let maskIndex = j * maskBytesPerSNP + i >> 3
        let bit = UInt8(1) << UInt8(i & 7)
        if newValue.isHaploid { haploid![maskIndex] |= bit } else { haploid![maskIndex] &= ~bit }
      }
    }
  }

  /// Whether the call of individual `i` at SNP `j` is haploid.
  public func isHaploid(individual i: Int, snp j: Int) -> Bool {
    guard let haploid else { return false }
    return haploid[j * maskBytesPerSNP + i >> 3] >> UInt8(i & 7) & 1 == 1
  }

  /// The number of missing calls.
  ///
  /// - Complexity: O(m n / 4), a table lookup per byte.
  public var missingCount: Int {
    // Missing codes (01) per byte value, and per last byte's real slots.
    let missingInByte = (0..<256).map { byte in (0..<4).filter { (byte >> (2 * $0)) & 3 == 1 }.count }
    let realInLast = individuals % 4 == 0 ? 4 : individuals % 4
    let lastMask = UInt8((1 << (2 * realInLast)) - 1)
    var count = 0
    guard bytesPerSNP > 0 else { return 0 }
    packed.withUnsafeBufferPointer { bytes in
      for j in 0..<snps {
        let row = j * bytesPerSNP
        for b in 0..<bytesPerSNP - 1 { count += missingInByte[Int(bytes[row + b])] }
        // Masked-out padding reads as 00, which is not missing.
        count += missingInByte[Int(bytes[row + bytesPerSNP - 1] & lastMask)]
      }
    }
    return count
  }

  /// Every `stride`-th SNP (0, stride, 2 stride, …), in new storage of
  /// their size only.
  ///
  /// - Precondition: `stride >= 1`.
  /// - Complexity: O(m n / stride) bytes copied.
  public func everySNP(_ stride: Int) -> GenotypeMatrix {
    precondition(stride >= 1, "The stride must be at least 1")
    return selectingSNPs(Array(Swift.stride(from: 0, to: snps, by: stride)))
  }

  /// Keeps the SNPs for which `keep` is true, in order.
  ///
  /// - Precondition: `keep.count == snps`.
  /// - Complexity: O(m n) bytes moved, in place.
  public mutating func keepSNPs(_ keep: [Bool]) {
    precondition(keep.count == snps, "One flag per SNP is needed")
    var kept = 0
    let maskBytes = maskBytesPerSNP
    for j in 0..<snps where keep[j] {
      if kept != j {
        for b in 0..<bytesPerSNP { packed[kept * bytesPerSNP + b] = packed[j * bytesPerSNP + b] }
        if haploid != nil {
          for b in 0..<maskBytes { haploid![kept * maskBytes + b] = haploid![j * maskBytes + b] }
        }
      }
      kept += 1
    }
    snps = kept
    packed.removeLast(packed.count - kept * bytesPerSNP)
    if haploid != nil { haploid!.removeLast(haploid!.count - kept * maskBytes) }
  }
}

/// One genotype call: copies of the SNP's first allele (A1) among the
/// individual's copies at that SNP, or missing.
///
/// The code is PLINK's: `0b00` two copies of A1 (one if haploid), `0b01`
/// missing, `0b10` heterozygous, `0b11` no copy of A1.
public struct Genotype: Sendable, Equatable, Hashable {
  /// The two-bit PLINK code.
  public let code: UInt8
  /// Whether the call has one copy rather than two.
  public let isHaploid: Bool

  init(code: UInt8, isHaploid: Bool) {
    self.code = code
    self.isHaploid = isHaploid
  }

  public static let missing = Genotype(code: 0b01, isHaploid: false)
  public static let homozygousFirst = Genotype(code: 0b00, isHaploid: false)
  public static let heterozygous = Genotype(code: 0b10, isHaploid: false)
  public static let homozygousSecond = Genotype(code: 0b11, isHaploid: false)

  /// A diploid call with `copies` (0, 1 or 2) of A1.
  ///
  /// - Precondition: `copies` is 0, 1 or 2.
  public static func diploid(copiesOfFirst copies: Int) -> Genotype {
    switch copies {
    case 2: return .homozygousFirst
    case 1: return .heterozygous
    case 0: return .homozygousSecond
    default: preconditionFailure("A diploid call has 0, 1 or 2 copies of an allele, not \(copies)")
    }
  }

  /// A haploid call with `copies` (0 or 1) of A1.
  ///
  /// - Precondition: `copies` is 0 or 1.
  public static func haploid(copiesOfFirst copies: Int) -> Genotype {
    precondition(copies == 0 || copies == 1, "A haploid call has 0 or 1 copy of an allele, not \(copies)")
    return Genotype(code: copies == 1 ? 0b00 : 0b11, isHaploid: true)
  }

  /// Copies of A1 and copies in all, or `nil` when missing.
  public var alleleCounts: (first: Int, total: Int)? {
    let total = isHaploid ? 1 : 2
    switch code {
    case 0b00: return (total, total)
    case 0b10: return isHaploid ? nil : (1, 2)
    case 0b11: return (0, total)
    default: return nil
    }
  }
}
