extension CountKernel {
  /// The pass over a dense table: Σ V log λ (when `evaluate` is set), with
  /// the two ratio sums left in the scratch's `ratioW` (n × p) and `ratioG`
  /// (m × p), as the sparse pass leaves them.
  ///
  /// Each block turns its loci of G population-major within each tile for
  /// the pass (tile t holds r rows of T loci) and its G ratio sums back,
  /// O((n + m) r) against the pass's O(n m r); with nothing hidden it
  /// updates its loci of G in `state` instead (``denseUpdatesG``). Blocks
  /// of loci write disjoint G ratio sums and their own copy of the W ratio
  /// sums, reduced in block order, so the result does not depend on the
  /// number of threads.
  ///
  /// - Precondition: the kernel has a dense table.
  func denseCountPass(_ state: inout CountState, evaluate: Bool) -> Double {
    guard let dense else { preconditionFailure("The dense pass needs a dense table") }
    let n = data.rows, r = populations, p = stride
    let groupLength = r * dense.paddedColumns
    let w = state.w.pointer, g = state.g.mutablePointer
    let ratioW = scratch.ratioW.mutablePointer, ratioG = scratch.ratioG.mutablePointer
    let denseG = scratch.denseG.mutablePointer, denseRatioG = scratch.denseRatioG.mutablePointer
    let denseRatioW = scratch.denseRatioW.mutablePointer, denseLog = scratch.denseLog.mutablePointer
    let denseGSum = scratch.denseGSum.mutablePointer
    densePasses.removeAll(keepingCapacity: true)
    for (b, block) in denseBlocks.enumerated() {
      densePasses.append(DenseCountPass(
        tiles: block.tiles, individuals: block.individuals, rows: n, loci: data.columns, tileLoci: dense.tileLoci,
        counts: dense.counts.pointer, w: w, stride: p, modelG: g,
        g: denseG, ratioG: denseRatioG + block.group * groupLength, modelRatioG: ratioG,
        ratioW: block.tileBlock == 0 ? ratioW : denseRatioW + (block.tileBlock - 1) * n * p,
        logTerm: denseLog + b, evaluate: evaluate, ownsLayout: individualGroups == 1,
        updatesG: denseUpdatesG, gSum: denseGSum + block.tileBlock * r))
    }
    // Split by individuals, the groups share their tiles of G: read once.
    if individualGroups > 1 { densePasses[0].readTiles(populations: r) }
    runPasses(densePasses, team: team) { $0.run(populations: r) }
    if individualGroups > 1 {
      // The groups' G ratio sums into the first group's, in group order.
      for q in 1..<individualGroups {
        let source = denseRatioG + q * groupLength
        for k in 0..<groupLength { denseRatioG[k] += source[k] }
      }
      densePasses[0].writeRatioSums(populations: r)
    }
    // Blocks of tile block 0 wrote their W ratio sums in place; the other
    // tile blocks' follow in order.
    var logTerm = 0.0
    for b in denseBlocks.indices { logTerm += denseLog[b] }
    for t in 1..<denseTileBlocks {
      let source = denseRatioW + (t - 1) * n * p
      for k in 0..<(n * p) { ratioW[k] += source[k] }
    }
    return logTerm
  }
}
