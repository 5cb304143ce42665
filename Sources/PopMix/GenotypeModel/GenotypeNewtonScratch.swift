/// The buffers of a Newton sweep (``GenotypeKernel`` in Newton mode),
/// allocated once with the kernel.
///
/// Sizes are for padded n individuals, m SNPs, K populations and the
/// kernel's SNP blocks, each of which sums its own derivatives.
struct GenotypeNewtonScratch {
  /// Blocks × K × padded: the gradient in Q, by block.
  var gradient: AlignedBuffer<Double>
  /// Blocks × K(K + 1)/2 × padded: the curvature in Q, by block.
  var curvature: AlignedBuffer<Double>
  /// Blocks × padded: Σ_j (t − g)/(1 − h), by block.
  var complement: AlignedBuffer<Double>
  /// K × padded: Q after its Newton step, and after its EM update.
  var newtonQ: AlignedBuffer<Double>
  var emQ: AlignedBuffer<Double>
  /// m × K: P after its step.
  var updatedP: AlignedBuffer<Double>
  /// Blocks × ``workPerBlock``: each block's work area, which its Q pass
  /// and then its P pass use.
  var work: AlignedBuffer<Double>
  /// The doubles of one block's work area: the larger pass's, rounded up
  /// to whole cache lines so that every block's area starts on one.
  let workPerBlock: Int

  /// Zeroed buffers for the given shape.
  ///
  /// - Complexity: O(size of the buffers).
  init(paddedIndividuals padded: Int, snps m: Int, populations K: Int, blocks: Int) {
    gradient = AlignedBuffer(repeating: 0, count: blocks * K * padded)
    curvature = AlignedBuffer(repeating: 0, count: blocks * K * (K + 1) / 2 * padded)
    complement = AlignedBuffer(repeating: 0, count: blocks * padded)
    newtonQ = AlignedBuffer(repeating: 0, count: K * padded)
    emQ = newtonQ
    updatedP = AlignedBuffer(repeating: 0, count: m * K)
    let needed = Swift.max(ProportionNewtonPass.workDoubles(populations: K), FrequencyNewtonPass.workDoubles(populations: K))
    workPerBlock = (needed + 7) / 8 * 8
    work = AlignedBuffer(repeating: 0, count: blocks * workPerBlock)
  }
}
