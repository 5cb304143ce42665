import Testing
@testable import PopMix

/// The kernels' storage (``AlignedBuffer``) and the value semantics of the
/// states built on it.
@Suite struct AlignedBufferTests {
  /// Buffers start on a cache line, whatever their size and element, and
  /// hold what is written to them.
  @Test(arguments: [0, 1, 3, 1_000, 100_000])
  func buffersStartOnALine(count: Int) {
    var doubles = AlignedBuffer<Double>(repeating: 0, count: count)
    let bytes = AlignedBuffer<UInt8>(repeating: 7, count: count)
    #expect(doubles.count == count && bytes.count == count)
    #expect(Int(bitPattern: doubles.pointer) % 64 == 0)
    #expect(Int(bitPattern: bytes.pointer) % 64 == 0)
    doubles.update(repeating: 1.5)
    #expect(doubles.allSatisfy { $0 == 1.5 })
    #expect(bytes.allSatisfy { $0 == 7 })
  }

  /// A copy shares storage until one side is written; then the writer
  /// takes its own, and the other keeps its values and its storage.
  @Test func copiesAreIndependentValues() {
    let original = AlignedBuffer([1.0, 2, 3])
    var copy = original
    #expect(copy.pointer == original.pointer)
    copy[1] = 20
    #expect(Array(original) == [1, 2, 3] && Array(copy) == [1, 20, 3])
    #expect(copy.pointer != original.pointer)
    var viaPointer = original
    viaPointer.mutablePointer[0] = 10
    #expect(Array(original) == [1, 2, 3] && Array(viaPointer) == [10, 2, 3])
    #expect(original != viaPointer && original == AlignedBuffer([1.0, 2, 3]))
  }

  /// `assign` copies values into the buffer's own storage: no new storage
  /// when it has its own, a copy of its own when it shared one.
  @Test func assignCopiesValuesInPlace() {
    var target = AlignedBuffer<Double>(repeating: 0, count: 3)
    let storage = target.mutablePointer
    let source = AlignedBuffer([4.0, 5, 6])
    target.assign(source)
    #expect(target.pointer == storage && Array(target) == [4, 5, 6])
    var sharing = source
    sharing.assign(AlignedBuffer([7.0, 8, 9]))
    #expect(Array(source) == [4, 5, 6] && Array(sharing) == [7, 8, 9])
  }

  /// The EM driver copies a start into its slots (`next = start`): a step
  /// on one slot leaves the others as they were, for both kinds of state.
  @Test func stateCopiesDoNotAlias() {
    let table = TestData.simulated(individuals: 12, loci: 40, seed: 5).table
    let data = ObservedCounts(counts: table.counts)
    let start = CountState(PoissonNMF.randomStart(data, populations: 3, seed: 6))
    let kept = (Array(start.w), Array(start.g))
    var next = start
    _ = CountKernel(data: data, populations: 3).step(&next, evaluate: true)
    #expect(Array(start.w) == kept.0 && Array(start.g) == kept.1)
    #expect(next != start)

    let genotypes = BinomialAdmixtureTests.genotypes().data.genotypes
    let first = GenotypeState(BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 2))
    let keptQ = Array(first.q), keptP = Array(first.p)
    var second = first
    _ = GenotypeKernel(genotypes: genotypes, populations: 3).step(&second, evaluate: true)
    #expect(Array(first.q) == keptQ && Array(first.p) == keptP)
    #expect(second != first)
  }
}
