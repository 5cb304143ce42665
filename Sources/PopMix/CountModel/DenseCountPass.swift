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

  /// Clears this pass's tiles of its G ratio sums and its rows of the W
  /// ratio sums.
  private func clearSums(populations r: Int) {
    let width = DenseCounts.tileWidth
    for tile in tiles { (ratioG + tile * r * width).update(repeating: 0, count: r * width) }
    (ratioW + individuals.lowerBound * stride).update(repeating: 0, count: individuals.count * stride)
  }

  /// This block's loci of the state's G into its tiles, population-major,
  /// and their sum per population into `gSum` when ``updatesG`` is set.
  func readTiles(populations r: Int) {
    // r = 3 and 4 have rows of four lanes (``CountState/stride(for:)``).
    switch r {
    case 3: return readTiles(Populations<3>.self)
    case 4: return readTiles(Populations<4>.self)
    default: break
    }
    if updatesG { gSum.update(repeating: 0, count: r) }
    forEachTileRow(populations: r) { a, tileRow, modelRow, loci in
      var sum = 0.0
      for j in 0..<loci {
        let value = modelG[modelRow + j * stride]
        g[tileRow + j] = value
        sum += value
      }
      if updatesG { gSum[a] += sum }
    }
  }

  /// This block's tiles of G ratio sums into the state's layout, or, when
  /// ``updatesG`` is set, G's update for its loci.
  func writeRatioSums(populations r: Int) {
    let floor = CountKernel.parameterFloor
    switch (updatesG, r) {
    case (true, 3): return updateG(Populations<3>.self)
    case (true, 4): return updateG(Populations<4>.self)
    default: break
    }
    forEachTileRow(populations: r) { _, tileRow, modelRow, loci in
      if updatesG {
        for j in 0..<loci {
          let target = modelG + modelRow + j * stride
          target.pointee = Swift.max(target.pointee * ratioG[tileRow + j], floor)
        }
      } else {
        for j in 0..<loci { modelRatioG[modelRow + j * stride] = ratioG[tileRow + j] }
      }
    }
  }

  /// ``readTiles(populations:)`` for W and G rows of four lanes (r = 3 or
  /// 4), four loci at a time: a locus's lanes are one vector, and four of
  /// them are turned into four loci of each population's row.
  ///
  /// Lane by lane, the scalar loop took about 3% of a one-thread pass on
  /// 180 × 2,000, as much again as ``updateG(_:)``'s.
  private func readTiles<let r: Int>(_: Populations<r>.Type) {
    precondition(stride == 4, "Rows of four lanes hold r = 3 or 4, not a stride of \(stride)")
    let width = DenseCounts.tileWidth
    var total = Vector()
    forEachTile { tile, first, count in
      let source = UnsafeRawPointer(modelG + first * 4), rows = g + tile * r * width
      var j = 0
      while j + 4 <= count {
        var locus = InlineArray<4, Vector>(repeating: Vector())
        for q in 0..<4 { locus[q] = source.loadUnaligned(fromByteOffset: 32 &* (j &+ q), as: Vector.self) }
        total += (locus[0] + locus[1]) + (locus[2] + locus[3])
        for a in 0..<r {
          UnsafeMutableRawPointer(rows + a * width + j).storeBytes(
            of: Vector(locus[0][a], locus[1][a], locus[2][a], locus[3][a]), as: Vector.self)
        }
        j += 4
      }
      for j in j..<count {
        let locus = source.loadUnaligned(fromByteOffset: 32 &* j, as: Vector.self)
        total += locus
        for a in 0..<r { rows[a * width + j] = locus[a] }
      }
    }
    if updatesG { for a in 0..<r { gSum[a] = total[a] } }
  }

  /// G's update for this block's loci, G_aμ ← max(G_aμ Σ_i (V/λ) W_ia,
  /// floor), for rows of four lanes (r = 3 or 4), four loci at a time: the
  /// tiles' rows of ratio sums are turned into one vector per locus. A
  /// lane past r (r = 3) keeps its value.
  private func updateG<let r: Int>(_: Populations<r>.Type) {
    precondition(stride == 4, "Rows of four lanes hold r = 3 or 4, not a stride of \(stride)")
    let width = DenseCounts.tileWidth
    let floor = Vector(repeating: CountKernel.parameterFloor)
    let padding = SIMD4<Int64>(0, 1, 2, 3) .>= SIMD4(repeating: Int64(r))
    @inline(__always) func update(_ target: UnsafeMutableRawPointer, _ ratio: Vector) {
      let old = target.loadUnaligned(as: Vector.self)
      var new = pointwiseMax(old * ratio, floor)
      new.replace(with: old, where: padding)
      target.storeBytes(of: new, as: Vector.self)
    }
    forEachTile { tile, first, count in
      let target = UnsafeMutableRawPointer(modelG + first * 4), rows = ratioG + tile * r * width
      var j = 0
      while j + 4 <= count {
        var row = InlineArray<4, Vector>(repeating: Vector())
        for a in 0..<r { row[a] = UnsafeRawPointer(rows + a * width + j).loadUnaligned(as: Vector.self) }
        for q in 0..<4 {
          update(target + 32 &* (j &+ q), Vector(row[0][q], row[1][q], row[2][q], row[3][q]))
        }
        j += 4
      }
      for j in j..<count {
        var ratio = Vector()
        for a in 0..<r { ratio[a] = rows[a * width + j] }
        update(target + 32 &* j, ratio)
      }
    }
  }

  /// Calls `body` with each population, the offsets of its row in each of
  /// this block's tiles and of its first locus in the state's layout, and
  /// the number of real (not padding) loci in the tile.
  @inline(__always)
  private func forEachTileRow(populations r: Int,
                              _ body: (_ a: Int, _ tileRow: Int, _ modelRow: Int, _ loci: Int) -> Void) {
    let width = DenseCounts.tileWidth
    forEachTile { tile, first, count in
      for a in 0..<r { body(a, (tile * r + a) * width, first * stride + a, count) }
    }
  }

  /// Calls `body` with each of this block's tiles, its first locus and
  /// its number of real (not padding) loci.
  @inline(__always)
  private func forEachTile(_ body: (_ tile: Int, _ first: Int, _ loci: Int) -> Void) {
    for tile in tiles {
      let first = tile * tileLoci
      body(tile, first, Swift.max(0, Swift.min(tileLoci, loci - first)))
    }
  }

  /// A number of populations fixed at compile time, so that the loops over
  /// populations unroll and their vectors stay in registers.
  enum Populations<let count: Int> {}

  /// The pass with r known at compile time. Returns Σ V log λ when
  /// `evaluate` is set, else 0.
  ///
  /// Individuals are taken two at a time (the last alone when n is odd):
  /// the pair shares each load of G and each read-modify-write of the G
  /// ratio sums, and its 2r W ratio sums are independent chains of
  /// additions, so the loop is held by neither the stores nor the latency
  /// of one sum.
  @inline(__always)
  private func run<let r: Int>(_: Populations<r>.Type) -> Double {
    // Σ V log λ in two parts, Σ V log m and Σ V k for λ = 2ᵏ m: the second
    // is exact and takes its log 2 once at the end.
    var logSums = LogSums()
    // On a cache line, as the kernel's buffers are (``UnsafeMutableBufferPointer/_allocateCacheAligned(count:)``).
    withUnsafeTemporaryAllocation(byteCount: 4 * Self.vectorsPerTile * MemoryLayout<Vector>.stride,
                                  alignment: UnsafeMutableBufferPointer<Double>._cacheLineBytes) { scratch in
      let ratios = scratch.baseAddress!
      let lambdas = scratch.baseAddress! + 2 * Self.vectorsPerTile * MemoryLayout<Vector>.stride
      forEachTile { tile, _, loci in
        // The vectors that hold loci: a tile's padding past them would
        // only add zeros (on 2,000 loci, tiles of 252 and 236 loci leave
        // one and five of their 64 vectors).
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

  typealias Vector = SIMD4<Double>

  /// A number of individuals taken together, fixed at compile time.
  enum Individuals<let count: Int> {}

  /// Σ V log m (as its heads f and tails, ``SIMD4/_logarithmTail(f:s:constants:)``)
  /// and Σ V k, lane by lane, for λ = 2ᵏ m.
  struct LogSums {
    var head = Vector()
    var tail = Vector()
    var exponent = Vector()
  }

  static let vectorsPerTile = DenseCounts.tileWidth / 4
  /// Vectors between a division and the sums that read it
  /// (``pipeline(_:_:_:stretch:w:)``).
  static let pipelineLag = 3
  /// Bytes from one row of a tile's G (or of its ratio sums) to the next.
  static let rowBytes = DenseCounts.tileWidth * MemoryLayout<Double>.stride
  /// Bytes from one individual's stretch of counts in a tile to the next.
  static let stretchBytes = DenseCounts.tileWidth * MemoryLayout<UInt16>.stride

  /// Individuals first ..< first + b over the first `vectors` vectors of
  /// one tile: λ, V/λ and the ratio sums (``pipeline(_:_:_:stretch:w:)``),
  /// then, when evaluating, the logarithms, and the W ratio sums added to
  /// this pass's rows.
  ///
  /// - Parameters:
  ///   - ratios: room for b × T/4 vectors of V/λ.
  ///   - lambdas: room for b × T/4 vectors of λ (used when evaluating).
  @inline(__always)
  private func stretches<let r: Int, let b: Int>(
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

  /// Individual k's vector t of V/λ (or of λ), in bytes from the start of
  /// the scratch buffers.
  @inline(__always)
  static func slot(_ k: Int, _ t: Int) -> Int { 32 &* (k &* vectorsPerTile &+ t) }

  /// For each vector of loci of a tile and each of b individuals, λ and
  /// V/λ (one division per lane), then the G ratio sums and (returned) the
  /// W ratio sums of the b individuals.
  ///
  /// The sums for a vector are taken ``pipelineLag`` vectors after its
  /// division, in the same loop: the divider (about 2.2 cycles a vector
  /// alone) works while the sums of earlier vectors go through the
  /// multipliers, and no sum waits on a division's latency. Products and
  /// sums are fused where the target allows (``SIMD4/_addingProduct(_:_:)``):
  /// the loop's 3 r products per vector are its bound. λ starts from the
  /// smallest normal number rather than being clamped to it, which takes
  /// an operation off each vector for the same values (the start is lost
  /// in the rounding of any λ above about 2e-292; the parameters' floor
  /// keeps λ above 1e-300).
  ///
  /// With more than six W ratio sums (b r > 6), the sums are taken in a
  /// second loop over the stored V/λ, which needs only them, V/λ and G in
  /// registers (one individual at a time beyond twelve). In the first
  /// loop, b r sums and b r broadcast values of W do not fit AVX2's
  /// sixteen vector registers together: for r = 4 two sums went through
  /// memory, each vector waiting on a store and a load. A pair at r = 3
  /// (six sums) still fits, so its sums stay in the first loop. Both
  /// choices are measured in docs/benchmarks.md (the dense pass's loops).
  ///
  /// A function of its own, every parameter an argument and every choice
  /// a compile-time one: as a local function of the pass, it read its
  /// pointers from a closure context in every vector, and a flag decided
  /// at run time whether to keep λ.
  @inline(never)
  private static func pipeline<let r: Int, let b: Int, let keep: Int>(
    _: Populations<r>.Type, _: Individuals<b>.Type, _: KeepingLambdas<keep>.Type,
    stretch: Stretch, w wi: InlineArray<b, InlineArray<r, Vector>>
  ) -> InlineArray<b, InlineArray<r, Vector>> {
    let (vectors, rowBytes, stretchBytes) = (stretch.vectors, Self.rowBytes, Self.stretchBytes)
    let (g, ratioG, counts, ratios, lambdas) = (stretch.g, stretch.ratioG, stretch.counts, stretch.ratios,
                                                stretch.lambdas)
    let sumsInLoop = b * r <= 6
    let tiny = Vector(repeating: .leastNormalMagnitude)
    @inline(__always) func divide(_ t: Int) {
      let offset = 32 &* t
      // λ = Σ_a W_ia G_aμ, from the first product rather than from zero.
      var lambda = InlineArray<b, Vector>(repeating: Vector())
      let g0 = g.loadUnaligned(fromByteOffset: offset, as: Vector.self)
      for k in 0..<b { lambda[k] = tiny._addingProduct(wi[k][0], g0) }
      for a in 1..<r {
        let gaj = g.loadUnaligned(fromByteOffset: offset &+ a &* rowBytes, as: Vector.self)
        for k in 0..<b { lambda[k] = lambda[k]._addingProduct(wi[k][a], gaj) }
      }
      for k in 0..<b {
        let v = Vector(counts.loadUnaligned(fromByteOffset: k &* stretchBytes &+ 8 &* t, as: SIMD4<UInt16>.self))
        ratios.storeBytes(of: v / lambda[k], toByteOffset: slot(k, t), as: Vector.self)
        if keep == 1 { lambdas.storeBytes(of: lambda[k], toByteOffset: slot(k, t), as: Vector.self) }
      }
    }
    @inline(__always) func ratiosAt(_ t: Int) -> InlineArray<b, Vector> {
      var rho = InlineArray<b, Vector>(repeating: Vector())
      for k in 0..<b { rho[k] = ratios.loadUnaligned(fromByteOffset: slot(k, t), as: Vector.self) }
      return rho
    }
    @inline(__always) func accumulate(_ t: Int, _ sums: inout InlineArray<b, InlineArray<r, Vector>>) {
      let offset = 32 &* t
      let rho = ratiosAt(t)
      for a in 0..<r {
        let target = offset &+ a &* rowBytes
        if sumsInLoop {
          let gaj = g.loadUnaligned(fromByteOffset: target, as: Vector.self)
          for k in 0..<b { sums[k][a] = sums[k][a]._addingProduct(rho[k], gaj) }
        }
        var ratioGa = ratioG.loadUnaligned(fromByteOffset: target, as: Vector.self)
        for k in 0..<b { ratioGa = ratioGa._addingProduct(rho[k], wi[k][a]) }
        ratioG.storeBytes(of: ratioGa, toByteOffset: target, as: Vector.self)
      }
    }
    var sums = InlineArray<b, InlineArray<r, Vector>>(repeating: InlineArray(repeating: Vector()))
    let lag = Self.pipelineLag
    for t in 0..<lag { divide(t) }
    for t in lag..<vectors {
      divide(t)
      accumulate(t &- lag, &sums)
    }
    for t in (vectors - lag)..<vectors { accumulate(t, &sums) }
    if !sumsInLoop && b * r <= 12 {
      for t in 0..<vectors {
        let rho = ratiosAt(t)
        for a in 0..<r {
          let gaj = g.loadUnaligned(fromByteOffset: 32 &* t &+ a &* rowBytes, as: Vector.self)
          for k in 0..<b { sums[k][a] = sums[k][a]._addingProduct(rho[k], gaj) }
        }
      }
    } else if !sumsInLoop {
      // Beyond twelve sums, one individual at a time.
      for k in 0..<b {
        var sumsK = sums[k]
        for t in 0..<vectors {
          let rho = ratios.loadUnaligned(fromByteOffset: slot(k, t), as: Vector.self)
          for a in 0..<r {
            let gaj = g.loadUnaligned(fromByteOffset: 32 &* t &+ a &* rowBytes, as: Vector.self)
            sumsK[a] = sumsK[a]._addingProduct(rho, gaj)
          }
        }
        sums[k] = sumsK
      }
    }
    return sums
  }

  /// Adds Σ V log λ over `vectors` vectors of λ and their counts to
  /// `logSums`, overwriting λ with f and using `quotients` for s (the
  /// logarithm's halves, ``SIMD4/_logarithmReduction(_:constants:)``).
  ///
  /// Two loops, each one vector at a time: the divisions and the sum of
  /// exponents first, then the polynomials. In one loop each vector's chain
  /// (a division, then the polynomial) held it to about 14 cycles a vector;
  /// in two, 12. Not inlined: inside the pass's loop the logarithm would
  /// hold its registers (and with a pair's λ the compiler split the
  /// polynomial into scalar pieces), and inlined into the pass its
  /// constants were shuffled between registers.
  ///
  /// - Parameters:
  ///   - lambdas: λ, `vectors` vectors; left holding f.
  ///   - quotients: room for `vectors` vectors.
  @inline(never)
  private static func addLogarithms(_ lambdas: UnsafeMutableRawPointer, quotients: UnsafeMutableRawPointer,
                                    counts: UnsafeRawPointer, vectors: Int, to logSums: inout LogSums) {
    var (head, tail, exponent) = (logSums.head, logSums.tail, logSums.exponent)
    let constants = _LogarithmConstants.vectors
    for t in 0..<vectors {
      let v = Vector(counts.loadUnaligned(fromByteOffset: 8 &* t, as: SIMD4<UInt16>.self))
      let reduced = Vector._logarithmReduction(lambdas.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self),
                                               constants: constants)
      lambdas.storeBytes(of: reduced.f, toByteOffset: 32 &* t, as: Vector.self)
      quotients.storeBytes(of: reduced.s, toByteOffset: 32 &* t, as: Vector.self)
      exponent = exponent._addingProduct(v, reduced.exponent)
    }
    for t in 0..<vectors {
      let v = Vector(counts.loadUnaligned(fromByteOffset: 8 &* t, as: SIMD4<UInt16>.self))
      let f = lambdas.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self)
      let s = quotients.loadUnaligned(fromByteOffset: 32 &* t, as: Vector.self)
      head = head._addingProduct(v, f)
      tail = tail._addingProduct(v, Vector._logarithmTail(f: f, s: s, constants: constants))
    }
    logSums = LogSums(head: head, tail: tail, exponent: exponent)
  }

}
