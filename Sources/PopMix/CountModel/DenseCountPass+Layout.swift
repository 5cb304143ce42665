// Which loci and individuals a pass covers, and the change of G and its
// ratio sums between the state's layout (locus-major rows of `stride`
// lanes) and the pass's (population-major within each tile).
extension DenseCountPass {
  /// Clears this pass's tiles of its G ratio sums and its rows of the W
  /// ratio sums.
  func clearSums(populations r: Int) {
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
  /// Lane by lane, the scalar loop cost as much again as the rest of the
  /// change of layout.
  func readTiles<let r: Int>(_: Populations<r>.Type) {
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
  func updateG<let r: Int>(_: Populations<r>.Type) {
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
  func forEachTileRow(populations r: Int,
                              _ body: (_ a: Int, _ tileRow: Int, _ modelRow: Int, _ loci: Int) -> Void) {
    let width = DenseCounts.tileWidth
    forEachTile { tile, first, count in
      for a in 0..<r { body(a, (tile * r + a) * width, first * stride + a, count) }
    }
  }

  /// Calls `body` with each of this block's tiles, its first locus and
  /// its number of real (not padding) loci.
  @inline(__always)
  func forEachTile(_ body: (_ tile: Int, _ first: Int, _ loci: Int) -> Void) {
    for tile in tiles {
      let first = tile * tileLoci
      body(tile, first, Swift.max(0, Swift.min(tileLoci, loci - first)))
    }
  }
}
