/// Every buffer a ``CountKernel`` writes during a pass, allocated together
/// when the kernel is made and freed with it, so iterating allocates nothing.
///
/// Sizes are for n individuals, m loci, r populations in rows of p lanes
/// (``CountState/stride(for:)``). The sparse pass's blocks each have their
/// own copy of the G ratio sums and of the log products; the dense pass's
/// tile blocks each have their own copy of the W ratio sums (the first is
/// `ratioW` itself) and groups of individuals their own G ratio sums.
struct CountScratch {
  /// n × p: Σ_μ (V/λ) G_aμ.
  var ratioW: AlignedBuffer<Double>
  /// (sparse blocks, at least one) × m × p: Σ_i (V/λ) W_ia.
  var ratioG: AlignedBuffer<Double>
  /// n × p: Σ over row i's hidden loci of G.
  var hiddenG: AlignedBuffer<Double>
  /// m × p: Σ over locus μ's hidden rows of W̃.
  var hiddenW: AlignedBuffer<Double>
  /// Sparse blocks × banks × grouped counts: Π λ by count, mantissa part.
  var logProducts: AlignedBuffer<Double>
  /// Laid out as `logProducts`: the powers of two taken out of them.
  var logExponents: AlignedBuffer<Int>
  /// Sparse blocks: Σ v log λ taken directly.
  var directLog: AlignedBuffer<Double>
  /// r: Σ_μ G_aμ over the observed entries.
  var gSum: AlignedBuffer<Double>
  /// r: Σ_i W̃_ia.
  var wSum: AlignedBuffer<Double>
  /// r: Σ_i W_ia Σ_μ (V/λ) G_aμ, for the gain bound.
  var expectedSum: AlignedBuffer<Double>
  /// p: column sums of W in SQUAREM's extrapolation.
  var extrapolatedColumnSum: AlignedBuffer<Double>
  /// Tiles × r × T: G population-major by tile (dense pass).
  var denseG: AlignedBuffer<Double>
  /// Groups × tiles × r × T: Σ_i (V/λ) W_ia by group of individuals.
  var denseRatioG: AlignedBuffer<Double>
  /// (tile blocks − 1) × n × p: Σ_μ (V/λ) G_aμ of tile blocks after the first.
  var denseRatioW: AlignedBuffer<Double>
  /// Dense blocks: Σ V log λ.
  var denseLog: AlignedBuffer<Double>
  /// Tile blocks × r: Σ_μ G_aμ before the update, when the dense pass updates G.
  var denseGSum: AlignedBuffer<Double>

  /// Zeroed buffers (the log products at one) for the given shape.
  ///
  /// - Parameters:
  ///   - sparseBlocks: the sparse pass's blocks (0 for the dense pass).
  ///   - denseLength: r × the dense table's padded loci (0 for the sparse pass).
  ///   - groups: groups of individuals of the dense pass (1 otherwise).
  ///   - tileBlocks: blocks of tiles of the dense pass (0 for the sparse pass).
  ///   - denseBlocks: the dense pass's blocks (0 for the sparse pass).
  /// - Complexity: O(size of the buffers).
  init(rows n: Int, columns m: Int, populations r: Int, stride p: Int, sparseBlocks: Int, denseLength: Int,
       groups: Int, tileBlocks: Int, denseBlocks: Int) {
    let logSlots = CountKernel.groupedCountLimit * CountKernel.logBanks
    ratioW = AlignedBuffer(repeating: 0, count: n * p)
    ratioG = AlignedBuffer(repeating: 0, count: Swift.max(sparseBlocks, 1) * m * p)
    hiddenG = AlignedBuffer(repeating: 0, count: n * p)
    hiddenW = AlignedBuffer(repeating: 0, count: m * p)
    logProducts = AlignedBuffer(repeating: 1, count: sparseBlocks * logSlots)
    logExponents = AlignedBuffer(repeating: 0, count: sparseBlocks * logSlots)
    directLog = AlignedBuffer(repeating: 0, count: sparseBlocks)
    gSum = AlignedBuffer(repeating: 0, count: r)
    wSum = AlignedBuffer(repeating: 0, count: r)
    expectedSum = AlignedBuffer(repeating: 0, count: r)
    extrapolatedColumnSum = AlignedBuffer(repeating: 0, count: p)
    denseG = AlignedBuffer(repeating: 0, count: denseLength)
    denseRatioG = AlignedBuffer(repeating: 0, count: groups * denseLength)
    denseRatioW = AlignedBuffer(repeating: 0, count: Swift.max(tileBlocks - 1, 0) * n * p)
    denseLog = AlignedBuffer(repeating: 0, count: denseBlocks)
    denseGSum = AlignedBuffer(repeating: 0, count: tileBlocks * r)
  }
}
