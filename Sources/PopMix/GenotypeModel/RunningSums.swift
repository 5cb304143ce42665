/// A pass's running sums, four lanes a vector, indexed from 0.
///
/// The genotype passes sum K + K(K + 1)/2 vectors per individual group or
/// per SNP. Held in the pass's own frame (``InlineRunningSums``), with the
/// loops over populations unrolled, they stay in registers; beyond that
/// size they live in a buffer (``BufferRunningSums``). A pass is written
/// once, generic over the two (``SummingPass``).
protocol RunningSums {
  subscript(index: Int) -> SIMD4<Double> { get set }
}

/// Up to ``capacity`` sums held inline, in the caller's frame.
struct InlineRunningSums: RunningSums {
  /// Enough for 2K + K(K + 1)/2 + 1 vectors with K ≤ 8.
  static let capacity = 56
  private var storage = InlineArray<56, SIMD4<Double>>(repeating: .zero)

  /// - Precondition: `index` < ``capacity`` (unchecked: the passes size their
  ///   use before choosing this storage).
  @inline(__always)
  subscript(index: Int) -> SIMD4<Double> {
    get { storage[unchecked: index] }
    set { storage[unchecked: index] = newValue }
  }
}

/// Sums in the start of the pass's work area.
struct BufferRunningSums: RunningSums {
  let base: UnsafeMutablePointer<SIMD4<Double>>

  @inline(__always)
  subscript(index: Int) -> SIMD4<Double> {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }
}

/// A pass over the calls whose body is generic in where its sums live.
///
/// Each block's pass gets a work area of ``workDoubles(populations:)``
/// doubles from the kernel's scratch: first room for the sums when they do
/// not fit inline, then the pass's own ``scratchNeeded(populations:)``.
protocol SummingPass {
  /// The block's work area (``workDoubles(populations:)`` doubles, 32-byte aligned).
  var work: UnsafeMutablePointer<Double> { get }
  /// The pass with K populations (a constant where K ≤ 8) and `sums`
  /// holding at least ``sumsNeeded(populations:)`` vectors; returns the
  /// block's log-likelihood.
  func run<Sums: RunningSums>(k K: Int, sums: inout Sums) -> Double
  /// The vectors of sums the pass uses with K populations.
  static func sumsNeeded(populations K: Int) -> Int
  /// The doubles of scratch the pass uses besides its sums.
  static func scratchNeeded(populations K: Int) -> Int
}

extension SummingPass {
  /// The doubles of a block's work area: buffer sums, then scratch.
  static func workDoubles(populations K: Int) -> Int {
    SIMD4<Double>.scalarCount * sumsNeeded(populations: K) + scratchNeeded(populations: K)
  }

  /// The pass's scratch within its work area, after the buffer sums.
  func scratch(populations K: Int) -> UnsafeMutablePointer<Double> {
    work + SIMD4<Double>.scalarCount * Self.sumsNeeded(populations: K)
  }

  /// Runs the pass with its sums inline and the loops over populations
  /// unrolled when they fit (K ≤ 8), in a buffer otherwise.
  @inline(__always)
  func runHoldingSums(populations K: Int) -> Double {
    let needed = Self.sumsNeeded(populations: K)
    if needed <= InlineRunningSums.capacity {
      var sums = InlineRunningSums()
      return unrollingPopulations(K) { run(k: $0, sums: &sums) }
    }
    var sums = BufferRunningSums(base: UnsafeMutableRawPointer(work).assumingMemoryBound(to: SIMD4<Double>.self))
    return run(k: K, sums: &sums)
  }
}
