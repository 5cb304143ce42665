/// The count pass over a dense table (``DenseCounts``), four loci to a
/// vector: λ, V/λ, both ratio sums and Σ V log λ for four entries at a time.
///
/// The sparse pass (``CountPass``) puts populations in the lanes, which
/// leaves the division, the sum that makes λ and the logarithm scalar per
/// entry; here every one of them is a vector operation. G and its ratio sums
/// are held population-major (r rows of loci) for this pass. Loci are taken
/// in the table's tiles, and every individual runs through a tile before the
/// next, so a tile's G and ratio sums stay in the first-level cache while
/// the counts stream past in storage order.
struct DenseCountPass: @unchecked Sendable {
  /// The tiles of loci this pass covers (one block of a threaded pass).
  let tiles: Range<Int>
  let rows: Int
  /// Loci per tile (a multiple of four).
  let tileWidth: Int
  /// Loci per row of `g` and `ratioG` (tiles × tile width).
  let rowLength: Int
  /// The counts, tile after tile (``DenseCounts``).
  let counts: UnsafePointer<UInt16>
  /// W, n rows of `stride` lanes.
  let w: UnsafePointer<Double>
  let stride: Int
  /// G, r rows of `rowLength` loci.
  let g: UnsafePointer<Double>
  /// Σ_i (V/λ) W_ia, r rows of `rowLength` loci; this pass writes its own loci.
  let ratioG: UnsafeMutablePointer<Double>
  /// Σ_μ (V/λ) G_aμ over this pass's loci, n rows of `stride` lanes (the
  /// block's own copy).
  let ratioW: UnsafeMutablePointer<Double>
  /// Where Σ V log λ over this pass's entries goes.
  let logTerm: UnsafeMutablePointer<Double>
  /// Whether to compute Σ V log λ: the logarithms cost about twice the rest
  /// of the pass, and passes whose log-likelihood nobody reads skip them.
  let evaluate: Bool

  /// The largest number of populations the pass is compiled for; beyond it
  /// the sparse pass is used.
  static let maximumPopulations = 8

  /// Runs the pass for r populations.
  ///
  /// - Precondition: 1 ≤ r ≤ ``maximumPopulations``.
  func run(populations r: Int) {
    switch r {
    case 1: logTerm.pointee = run(Populations<1>.self)
    case 2: logTerm.pointee = run(Populations<2>.self)
    case 3: logTerm.pointee = run(Populations<3>.self)
    case 4: logTerm.pointee = run(Populations<4>.self)
    case 5: logTerm.pointee = run(Populations<5>.self)
    case 6: logTerm.pointee = run(Populations<6>.self)
    case 7: logTerm.pointee = run(Populations<7>.self)
    case 8: logTerm.pointee = run(Populations<8>.self)
    default: preconditionFailure("The dense count pass handles 1 to \(Self.maximumPopulations) populations, not \(r)")
    }
  }

  /// A number of populations fixed at compile time, so that the loops over
  /// populations unroll and their vectors stay in registers.
  enum Populations<let count: Int> {}

  /// The pass with r known at compile time. Returns Σ V log λ when
  /// `evaluate` is set, else 0.
  ///
  /// Each individual's stretch of a tile is done in two loops: the first
  /// forms λ and V/λ (and the logarithms), the second the two ratio sums.
  /// Split, each loop keeps its vectors in registers, and the divisions of
  /// the first overlap one another instead of stalling the sums.
  @inline(__always)
  private func run<let r: Int>(_: Populations<r>.Type) -> Double {
    typealias Vector = SIMD4<Double>
    // Locals, so that the loops do not reload them past their stores.
    let (w, g, ratioG, ratioW, counts) = (self.w, self.g, self.ratioG, self.ratioW, self.counts)
    let (rows, stride, rowLength, tileWidth, evaluate) = (self.rows, self.stride, self.rowLength, self.tileWidth, self.evaluate)
    let tiny = Vector(repeating: .leastNormalMagnitude)
    let vectorsPerTile = tileWidth / 4
    // Σ V log λ in two parts, Σ V log m and Σ V k for λ = 2ᵏ m: the second
    // is exact and takes its log 2 once at the end.
    var mantissaLogSum = Vector(), exponentSum = Vector()
    return withUnsafeTemporaryAllocation(of: Vector.self, capacity: vectorsPerTile) { ratios in
      let ratios = ratios.baseAddress!
      for tile in tiles {
        let firstVector = tile * vectorsPerTile
        for i in 0..<rows {
          var wi = InlineArray<r, Vector>(repeating: Vector())
          for a in 0..<r { wi[a] = Vector(repeating: w[i * stride + a]) }
          let stretch = UnsafeRawPointer(counts + (tile * rows + i) * tileWidth)
          for t in 0..<vectorsPerTile {
            let j = firstVector + t
            let v = Vector(stretch.loadUnaligned(fromByteOffset: 8 * t, as: SIMD4<UInt16>.self))
            var lambda = Vector()
            for a in 0..<r {
              lambda += wi[a] * UnsafeRawPointer(g + a * rowLength).loadUnaligned(fromByteOffset: 32 * j, as: Vector.self)
            }
            lambda.replace(with: tiny, where: lambda .< tiny)
            ratios[t] = v / lambda
            if evaluate {
              let (mantissaLog, exponent) = Vector._logarithmParts(lambda)
              mantissaLogSum += v * mantissaLog
              exponentSum += v * exponent
            }
          }
          var sums = InlineArray<r, Vector>(repeating: Vector())
          for t in 0..<vectorsPerTile {
            let j = firstVector + t
            let rho = ratios[t]
            for a in 0..<r {
              sums[a] += rho * UnsafeRawPointer(g + a * rowLength).loadUnaligned(fromByteOffset: 32 * j, as: Vector.self)
              let target = UnsafeMutableRawPointer(ratioG + a * rowLength) + 32 * j
              target.storeBytes(of: target.loadUnaligned(as: Vector.self) + rho * wi[a], as: Vector.self)
            }
          }
          for a in 0..<r { ratioW[i * stride + a] += sums[a].sum() }
        }
      }
      return mantissaLogSum.sum() + exponentSum.sum() * 0.693_147_180_559_945_3
    }
  }
}
