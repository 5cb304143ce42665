/// The count pass over a dense table (``DenseCounts``), four loci to a
/// vector: λ, V/λ, both ratio sums and Σ V log λ for four entries at a time.
///
/// The sparse pass (``CountPass``) puts populations in the lanes, which
/// leaves the division, the sum that makes λ and the logarithm scalar per
/// entry; here every one of them is a vector operation. G and its ratio sums
/// are held population-major within each tile (r rows of T loci) for this
/// pass. Loci are taken in the table's tiles, and every individual runs
/// through a tile before the next, so a tile's G and ratio sums stay in the
/// first-level cache while the counts stream past in storage order. T is a
/// constant, so every offset within a tile is a constant of an
/// instruction and one base register serves all r rows.
///
/// Its parts: the tiles a pass covers and the change of layout
/// (`+Layout`), the stages over a tile (`+Pipeline`) and their vector
/// arithmetic (`+Arithmetic`).
struct DenseCountPass: @unchecked Sendable {
  /// The tiles of loci this pass covers (one block of a threaded pass).
  let tiles: Range<Int>
  /// The individuals it covers: all of them, or, on a table of one tile, a
  /// share (see ``ownsLayout``).
  let individuals: Range<Int>
  /// Individuals in the table, n.
  let rows: Int
  /// The table's loci, m (each tile may be padded past its loci).
  let loci: Int
  /// Loci in each tile but the last (``DenseCounts/tileLoci``).
  let tileLoci: Int
  /// The counts, tile after tile (``DenseCounts``).
  let counts: UnsafePointer<UInt16>
  /// W, n rows of `stride` lanes.
  let w: UnsafePointer<Double>
  let stride: Int
  /// The state's G, m rows of `stride` lanes, read into `g` by this pass
  /// (and updated by it when ``updatesG`` is set).
  let modelG: UnsafeMutablePointer<Double>
  /// G, tile after tile, each r rows of T loci; this pass fills its own
  /// tiles (padding stays zero).
  let g: UnsafeMutablePointer<Double>
  /// Σ_i (V/λ) W_ia over this pass's individuals, laid out as `g`; this
  /// pass writes its own tiles (of its own copy, when the individuals are
  /// split).
  let ratioG: UnsafeMutablePointer<Double>
  /// The G ratio sums in the state's layout (m rows of `stride` lanes),
  /// where this pass copies its loci's sums at the end (unless it updates
  /// G itself).
  let modelRatioG: UnsafeMutablePointer<Double>
  /// Σ_μ (V/λ) G_aμ over this pass's loci, n rows of `stride` lanes (the
  /// copy of this pass's loci); this pass writes its own individuals' rows.
  let ratioW: UnsafeMutablePointer<Double>
  /// Where Σ V log λ over this pass's entries goes.
  let logTerm: UnsafeMutablePointer<Double>
  /// Whether to compute Σ V log λ: the logarithms cost about as much as the
  /// rest of the pass, and passes whose log-likelihood nobody reads skip them.
  let evaluate: Bool
  /// Whether this pass changes its tiles' layout itself (reads G into them,
  /// writes its ratio sums back): true unless the individuals are split,
  /// when the kernel does it once for all passes.
  let ownsLayout: Bool
  /// Whether G's update is made here, locus by locus, as the pass ends:
  /// with nothing hidden, G_aμ ← max(G_aμ Σ_i (V/λ) W_ia, floor) needs
  /// only this pass's ratio sums (``CountKernel``'s step 4). Done on the
  /// thread that has the sums in its cache, it is no longer serial work
  /// between passes.
  let updatesG: Bool
  /// Σ_μ G_aμ over this block's loci before the update (r values), for the
  /// update of W; written when ``updatesG`` is set.
  let gSum: UnsafeMutablePointer<Double>

  /// The largest number of populations the pass is compiled for; beyond it
  /// the sparse pass is used.
  static let maximumPopulations = 8

  /// Runs the pass for r populations: reads this block's loci of G into
  /// its tiles, makes the pass, and copies its G ratio sums back into the
  /// state's layout (the reading and copying only if ``ownsLayout``).
  ///
  /// The changes of layout are the block's own, on the thread that makes
  /// its pass: done for the whole table on one thread they held the other
  /// waiting, and the tiles were then in the wrong core's cache.
  ///
  /// - Precondition: 1 ≤ r ≤ ``maximumPopulations``.
  func run(populations r: Int) {
    precondition((1...Self.maximumPopulations).contains(r),
                 "The dense count pass handles 1 to \(Self.maximumPopulations) populations, not \(r)")
    clearSums(populations: r)
    if ownsLayout { readTiles(populations: r) }
    switch r {
    case 1: logTerm.pointee = run(Populations<1>.self)
    case 2: logTerm.pointee = run(Populations<2>.self)
    case 3: logTerm.pointee = run(Populations<3>.self)
    case 4: logTerm.pointee = run(Populations<4>.self)
    case 5: logTerm.pointee = run(Populations<5>.self)
    case 6: logTerm.pointee = run(Populations<6>.self)
    case 7: logTerm.pointee = run(Populations<7>.self)
    default: logTerm.pointee = run(Populations<8>.self)
    }
    if ownsLayout { writeRatioSums(populations: r) }
  }

  /// A number of populations fixed at compile time, so that the loops over
  /// populations unroll and their vectors stay in registers.
  enum Populations<let count: Int> {}

  typealias Vector = SIMD4<Double>

  /// A number of individuals taken together, fixed at compile time.
  enum Individuals<let count: Int> {}

  static let vectorsPerTile = DenseCounts.tileWidth / 4
  /// Vectors between a division and the sums that read it
  /// (``pipeline(_:_:_:stretch:w:)``).
  static let pipelineLag = 3
  /// Bytes from one row of a tile's G (or of its ratio sums) to the next.
  static let rowBytes = DenseCounts.tileWidth * MemoryLayout<Double>.stride
  /// Bytes from one individual's stretch of counts in a tile to the next.
  static let stretchBytes = DenseCounts.tileWidth * MemoryLayout<UInt16>.stride
}
