/// Every buffer a ``GenotypeKernel`` writes during a pass, and the decoding
/// tables it reads, allocated together when the kernel is made and freed
/// with it, so iterating allocates nothing.
///
/// Sizes are for n individuals (padded to a multiple of four), m SNPs and
/// K populations; each block of SNPs has its own copy of the S sums.
struct GenotypeScratch {
  /// Blocks × K × padded individuals: S, Q's update sums, by block.
  var sSums: AlignedBuffer<Double>
  /// m × K: A, the first allele's sums of P's update.
  var firstSums: AlignedBuffer<Double>
  /// m × K: B, the second allele's sums.
  var secondSums: AlignedBuffer<Double>
  /// Blocks: each block's log-likelihood.
  var blockLogLikelihood: AlignedBuffer<Double>
  /// Two-bit codes to copy counts (``GenotypeTables``).
  let tables: GenotypeTables

  /// Zeroed buffers for the given shape.
  ///
  /// - Complexity: O(size of the buffers).
  init(individuals n: Int, paddedIndividuals padded: Int, snps m: Int, populations K: Int, blocks: Int) {
    sSums = AlignedBuffer(repeating: 0, count: blocks * K * padded)
    firstSums = AlignedBuffer(repeating: 0, count: m * K)
    secondSums = AlignedBuffer(repeating: 0, count: m * K)
    blockLogLikelihood = AlignedBuffer(repeating: 0, count: blocks)
    tables = GenotypeTables(individuals: n)
  }
}
