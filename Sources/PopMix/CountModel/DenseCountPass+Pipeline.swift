// The pass's stages over its tiles: for each tile and each pair of
// individuals, the ratio sums (``pipeline(_:_:_:stretch:w:)``), then the
// logarithms, then the W ratio sums into this pass's rows.
extension DenseCountPass {
  /// The pass with r known at compile time. Returns Σ V log λ when
  /// `evaluate` is set, else 0.
  ///
  /// Individuals are taken two at a time (the last alone when n is odd):
  /// the pair shares each load of G and each read-modify-write of the G
  /// ratio sums, and its 2r W ratio sums are independent chains of
  /// additions, so the loop is held by neither the stores nor the latency
  /// of one sum.
  @inline(__always)
  func run<let r: Int>(_: Populations<r>.Type) -> Double {
    // Σ V log λ in two parts, Σ V log m and Σ V k for λ = 2ᵏ m: the second
    // is exact and takes its log 2 once at the end.
    var logSums = LogSums()
    // On a cache line, as the kernel's buffers are (``AlignedBuffer``).
    withUnsafeTemporaryAllocation(byteCount: 4 * Self.vectorsPerTile * MemoryLayout<Vector>.stride,
                                  alignment: AlignedBuffer<Double>.cacheLineBytes) { scratch in
      let ratios = scratch.baseAddress!
      let lambdas = scratch.baseAddress! + 2 * Self.vectorsPerTile * MemoryLayout<Vector>.stride
      forEachTile { tile, _, loci in
        // The vectors that hold loci: a tile's padding past them would
        // only add zeros.
        let vectors = Swift.max((loci + 3) / 4, Self.pipelineLag)
        var i = individuals.lowerBound
        while i + 2 <= individuals.upperBound {
          stretches(Populations<r>.self, Individuals<2>.self, tile: tile, vectors: vectors, first: i, ratios: ratios,
                    lambdas: lambdas, logSums: &logSums)
          i += 2
        }
        if i < individuals.upperBound {
          stretches(Populations<r>.self, Individuals<1>.self, tile: tile, vectors: vectors, first: i, ratios: ratios,
                    lambdas: lambdas, logSums: &logSums)
        }
      }
    }
    return (logSums.head + logSums.tail).sum() + logSums.exponent.sum() * 0.693_147_180_559_945_3
  }

  /// Individuals first ..< first + b over the first `vectors` vectors of
  /// one tile: λ, V/λ and the ratio sums (``pipeline(_:_:_:stretch:w:)``),
  /// then, when evaluating, the logarithms, and the W ratio sums added to
  /// this pass's rows.
  ///
  /// - Parameters:
  ///   - ratios: room for b × T/4 vectors of V/λ.
  ///   - lambdas: room for b × T/4 vectors of λ (used when evaluating).
  @inline(__always)
  func stretches<let r: Int, let b: Int>(
    _: Populations<r>.Type, _: Individuals<b>.Type, tile: Int, vectors: Int, first: Int,
    ratios: UnsafeMutableRawPointer, lambdas: UnsafeMutableRawPointer, logSums: inout LogSums
  ) {
    let tileStart = tile &* r &* DenseCounts.tileWidth
    let counts = UnsafeRawPointer(self.counts + (tile &* rows &+ first) &* DenseCounts.tileWidth)
    let stretch = Stretch(g: UnsafeRawPointer(g + tileStart), ratioG: UnsafeMutableRawPointer(ratioG + tileStart),
                          counts: counts, ratios: ratios, lambdas: lambdas, vectors: vectors)
    var wi = InlineArray<b, InlineArray<r, Vector>>(repeating: InlineArray(repeating: Vector()))
    for k in 0..<b {
      for a in 0..<r { wi[k][a] = Vector(repeating: w[(first + k) * stride + a]) }
    }
    let sums = evaluate
      ? Self.pipeline(Populations<r>.self, Individuals<b>.self, KeepingLambdas<1>.self, stretch: stretch, w: wi)
      : Self.pipeline(Populations<r>.self, Individuals<b>.self, KeepingLambdas<0>.self, stretch: stretch, w: wi)
    if evaluate {
      // Each individual's V/λ, read by then, leave room for its quotients.
      for k in 0..<b {
        Self.addLogarithms(lambdas + Self.slot(k, 0), quotients: ratios + Self.slot(k, 0),
                           counts: counts + k &* Self.stretchBytes, vectors: vectors, to: &logSums)
      }
    }
    for k in 0..<b {
      for a in 0..<r { ratioW[(first + k) * stride + a] += sums[k][a].sum() }
    }
  }

  /// Whether the pipeline keeps each vector of λ for the logarithms (1) or
  /// not (0), fixed at compile time so that the loop tests no flag.
  enum KeepingLambdas<let flag: Int> {}

  /// Where one call of the pipeline reads and writes: its tile's G and G
  /// ratio sums (r rows of T loci), its individuals' counts in the tile,
  /// and the scratch vectors of V/λ and λ; and how many of the tile's
  /// vectors it takes.
  struct Stretch {
    let g: UnsafeRawPointer
    let ratioG: UnsafeMutableRawPointer
    let counts: UnsafeRawPointer
    let ratios: UnsafeMutableRawPointer
    let lambdas: UnsafeMutableRawPointer
    /// At least ``pipelineLag``, at most ``vectorsPerTile``.
    let vectors: Int
  }
}
