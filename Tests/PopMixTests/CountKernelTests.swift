import Foundation
import Testing
@testable import PopMix

/// The two layouts of the count pass (sparse, and dense with four loci to a
/// vector) and the vector logarithm the dense one uses.
@Suite struct CountKernelTests {
  /// One pass from the same state through each layout. The two sum the same
  /// terms in different orders (the dense pass in four lanes, its Σ V log λ
  /// through another logarithm), so they agree to rounding: ~1e-13 relative
  /// for sums of ~10⁴ terms; 1e-12 is allowed.
  /// 31 individuals: the dense pass takes them in pairs, and the last alone.
  @Test(arguments: [1, 2, 3, 4, 5, 8], [false, true])
  func denseAndSparsePassesAgree(populations r: Int, missing: Bool) {
    var table = TestData.simulated(individuals: 31, loci: 90, seed: 7).table
    if missing { table = TestData.withMissing(table, every: 5) }
    let data = ObservedCounts(counts: table.counts)
    let start = CountState(PoissonNMF.randomStart(data, populations: r, seed: 3))
    let (sparse, dense, viaDense) = Self.expectOnePassAgrees(data, populations: r, from: start)
    #expect(sparse.dense == nil && dense.dense != nil)
    // Unevaluated, the update is the same and no log-likelihood is made up.
    var skipped = start
    #expect(dense.step(&skipped, evaluate: false).isNaN)
    #expect(skipped == viaDense)
  }

  /// The dense pass stops at each tile's last vector of loci. A tile of
  /// five loci still takes the pipeline's three leading vectors, the last
  /// all padding; 257 loci make two tiles of 132 and 125 loci and 2,001
  /// eight of 252 and a last of 237, each ending in a vector with padding
  /// lanes. Tolerances as above.
  @Test(arguments: [3, 4], [(5, 1, 8), (257, 2, 132), (2_001, 8, 252)])
  func tilesOfAnyLengthAgreeWithTheSparsePass(populations r: Int, loci: (count: Int, tiles: Int, tileLoci: Int)) {
    let table = TestData.simulated(individuals: 9, loci: loci.count, seed: 11).table
    let data = ObservedCounts(counts: table.counts)
    let start = CountState(PoissonNMF.randomStart(data, populations: r, seed: 4))
    let (_, dense, _) = Self.expectOnePassAgrees(data, populations: r, from: start)
    #expect(dense.dense?.tileCount == loci.tiles)
    #expect(dense.dense?.tileLoci == loci.tileLoci)
  }

  /// Tiles share the loci about evenly (``DenseCounts/tileLoci``): the
  /// fewest tiles of at most 256 loci, each but the last of the same
  /// multiple of four, the last holding at least one locus and no more.
  @Test func tilesShareTheLociEvenly() throws {
    for loci in [1, 4, 255, 256, 257, 511, 513, 2_000, 20_000, 20_001] {
      let table = TestData.simulated(individuals: 6, loci: loci, hybrids: 2, seed: 5).table
      let dense = try #require(DenseCounts(ObservedCounts(counts: table.counts), minimumDensity: 0))
      let tiles = (loci + 255) / 256, last = loci - (tiles - 1) * dense.tileLoci
      #expect(dense.tileCount == tiles && dense.tileLoci % 4 == 0 && dense.tileLoci <= 256, "\(loci) loci")
      #expect(last >= 1 && last <= dense.tileLoci && dense.tileLoci - last < 4 * tiles, "\(loci) loci: last \(last)")
    }
  }

  /// One evaluated pass from `start` through the sparse and the dense
  /// layout; expects the log-likelihoods and the updated W and G to agree
  /// to 1e-12 (``denseAndSparsePassesAgree(populations:missing:)``).
  /// Returns both kernels and the dense pass's update.
  static func expectOnePassAgrees(_ data: ObservedCounts, populations r: Int, from start: CountState)
    -> (sparse: CountKernel, dense: CountKernel, viaDense: CountState) {
    let sparse = CountKernel(data: data, populations: r, dense: false)
    let dense = CountKernel(data: data, populations: r, dense: true)
    var viaSparse = start, viaDense = start
    let l1 = sparse.step(&viaSparse, evaluate: true)
    let l2 = dense.step(&viaDense, evaluate: true)
    #expect(abs(l1 - l2) <= 1e-12 * abs(l1), "\(l1) against \(l2)")
    for (x, y) in zip(Array(viaSparse.w) + Array(viaSparse.g), Array(viaDense.w) + Array(viaDense.g)) {
      #expect(abs(x - y) <= 1e-12 * Swift.max(abs(x), 1e-12))
    }
    return (sparse, dense, viaDense)
  }

  /// Tables beyond a few hundred thousand entries are split into blocks of
  /// loci; the blocks are fixed by the data, so threads change nothing.
  @Test func denseBlocksGiveTheSameResultWhateverTheThreads() {
    let (_, start, one, two) = Self.kernelsOnOneAndTwoThreads(individuals: 100, loci: 2_100, populations: 4,
                                                              tableSeed: 8, startSeed: 5)
    #expect(one.dense != nil && one.denseBlocks.count >= 2)
    var a = start, b = start
    for _ in 0..<3 {
      let la = one.step(&a, evaluate: true), lb = two.step(&b, evaluate: true)
      #expect(la == lb)
    }
    #expect(a == b)
  }

  /// A table of one tile (a start's subsample) is split by individuals,
  /// each group with its own G ratio sums: the result is the same on one
  /// thread or two, and agrees with the sparse pass to rounding: 1e-12 for
  /// the log-likelihood, as above, and 1e-10 for the parameters after
  /// three updates, each of which carries the last one's rounding on.
  @Test func oneTileTablesSplitByIndividuals() {
    let (data, start, one, two) = Self.kernelsOnOneAndTwoThreads(individuals: 180, loci: 250, populations: 3,
                                                                 tableSeed: 10, startSeed: 6)
    let sparse = CountKernel(data: data, populations: 3, dense: false)
    #expect(one.dense?.tileCount == 1 && one.individualGroups >= 2)
    #expect(Set(one.denseBlocks.map(\.individuals.count)).count <= 2)
    var a = start, b = start, c = start
    for _ in 0..<3 {
      let la = one.step(&a, evaluate: true), lb = two.step(&b, evaluate: true), lc = sparse.step(&c, evaluate: true)
      #expect(la == lb)
      #expect(abs(la - lc) <= 1e-12 * abs(lc), "\(la) against \(lc)")
    }
    #expect(a == b)
    for (x, y) in zip(Array(a.w) + Array(a.g), Array(c.w) + Array(c.g)) {
      #expect(abs(x - y) <= 1e-10 * Swift.max(abs(x), 1e-12))
    }
  }

  /// A simulated table, a random start, and the kernel for it on one
  /// thread and on two.
  static func kernelsOnOneAndTwoThreads(individuals: Int, loci: Int, populations r: Int, tableSeed: UInt64,
                                        startSeed: UInt64)
    -> (data: ObservedCounts, start: CountState, one: CountKernel, two: CountKernel) {
    let table = TestData.simulated(individuals: individuals, loci: loci, seed: tableSeed).table
    let data = ObservedCounts(counts: table.counts)
    let start = CountState(PoissonNMF.randomStart(data, populations: r, seed: startSeed))
    return (data, start, CountKernel(data: data, populations: r, threads: 1), CountKernel(data: data, populations: r, threads: 2))
  }

  /// A table with few non-zero counts keeps the sparse layout.
  @Test func sparseTablesKeepTheSparseLayout() {
    var table = TestData.simulated(individuals: 30, loci: 90, seed: 9).table
    for index in table.counts.elements.indices where index % 4 != 0 { table.counts.elements[index] = 0 }
    #expect(CountKernel(data: ObservedCounts(counts: table.counts), populations: 3).dense == nil)
  }

  /// fdlibm bounds its logarithm within one unit in the last place, and
  /// the form of its last step used here measured up to 1.3; allow two
  /// against the platform's `log`, itself within one.
  @Test func vectorLogarithmIsAccurate() {
    var values: [Double] = [.leastNormalMagnitude, .greatestFiniteMagnitude, 1, 2, 0.5, 1e-300, 1e300,
                            (0.5 as Double).squareRoot(), (0.5 as Double).squareRoot().nextUp,
                            (0.5 as Double).squareRoot().nextDown, (2 as Double).squareRoot(), (1 as Double).nextUp,
                            (1 as Double).nextDown, 3, 10, 0.1, 12_345.678]
    // Fixed draws over the whole exponent range.
    let random = RandomSource(seed: 12)
    for _ in 0..<4_000 {
      let exponent = Int(random.uniform() * 2_046) - 1_022
      values.append(Double(sign: .plus, exponent: exponent, significand: 1 + random.uniform()))
    }
    while values.count % 4 != 0 { values.append(7) }
    for start in stride(from: 0, to: values.count, by: 4) {
      let x = SIMD4(values[start], values[start + 1], values[start + 2], values[start + 3])
      let result = SIMD4<Double>._logarithm(x)
      for lane in 0..<4 {
        let expected = Foundation.log(x[lane])
        #expect(abs(result[lane] - expected) <= 2 * expected.ulp, "log \(x[lane]): \(result[lane]) against \(expected)")
      }
    }
  }
}
