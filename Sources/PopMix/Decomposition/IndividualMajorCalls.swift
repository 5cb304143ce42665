/// Packed genotype calls laid out individual by individual: the two-bit
/// codes of a `.bed` file transposed, four SNPs per byte, so that a
/// product X B can add one precomputed row per byte (four SNPs) of an
/// individual, as Xᵀ B does per byte (four individuals) of a SNP.
///
/// Individual i's calls take ``bytesPerIndividual`` bytes from
/// `i * bytesPerIndividual`; SNP j sits in byte j / 4, bits 2 (j % 4) and
/// 2 (j % 4) + 1. Slots past the last SNP hold the missing code 01.
struct IndividualMajorCalls: Sendable {
  /// n.
  let individuals: Int
  /// m.
  let snps: Int
  /// ⌈m / 4⌉.
  let bytesPerIndividual: Int
  /// The codes, n × ⌈m / 4⌉ bytes.
  let packed: [UInt8]

  /// Transposes the SNP-major codes of `genotypes`.
  ///
  /// - Complexity: O(n m / 4): each 4 × 4 square of calls (one byte of
  ///   four SNPs in, one byte of four individuals out) is moved at once.
  init(_ genotypes: GenotypeMatrix) {
    let n = genotypes.individuals, m = genotypes.snps
    let inBytes = genotypes.bytesPerSNP, outBytes = (m + 3) / 4
    var packed = [UInt8](repeating: 0b0101_0101, count: n * outBytes)
    genotypes.packed.withUnsafeBufferPointer { source in
      packed.withUnsafeMutableBufferPointer { target in
        for group in 0..<outBytes {
          // The four SNPs' bytes for individuals 4q ..< 4q + 4; a SNP past the last reads as missing.
          let snps = (0..<4).map { s in 4 * group + s < m ? 4 * group + s : -1 }
          for q in 0..<inBytes {
            var bytes = SIMD4<UInt8>(repeating: 0b0101_0101)
            for s in 0..<4 where snps[s] >= 0 { bytes[s] = source[snps[s] * inBytes + q] }
            for t in 0..<Swift.min(4, n - 4 * q) {
              // Individual 4q + t's code in each SNP's byte, gathered into slots 0...3.
              let codes = (bytes &>> UInt8(2 * t)) & 3
              target[(4 * q + t) * outBytes + group] = codes[0] | codes[1] << 2 | codes[2] << 4 | codes[3] << 6
            }
          }
        }
      }
    }
    individuals = n
    self.snps = m
    bytesPerIndividual = outBytes
    self.packed = packed
  }
}
