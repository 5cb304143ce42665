extension EMKernel {
  /// The pass over a dense table: Σ V log λ (when `evaluate` is set), with
  /// the two ratio sums left in `ratioW` (n × p) and `ratioG` (m × p), as
  /// the sparse pass leaves them.
  ///
  /// G is turned population-major within each tile for the pass (tile t
  /// holds r rows of T loci) and the G ratio sums back, O((n + m) r)
  /// against the pass's O(n m r). Blocks of loci write disjoint
  /// G ratio sums and their own copy of the W ratio sums, reduced in block
  /// order, so the result does not depend on the number of threads.
  ///
  /// - Precondition: the kernel has a dense table.
  func denseCountPass(_ state: FitState, evaluate: Bool, ratioW: UnsafeMutableBufferPointer<Double>,
                      ratioG: UnsafeMutableBufferPointer<Double>) -> Double {
    guard let dense else { preconditionFailure("The dense pass needs a dense table") }
    let n = data.rows, m = data.columns, r = populations, p = stride, width = DenseCounts.tileWidth
    // Locus μ's place for population a: tile μ / T, row a, column μ mod T.
    @inline(__always) func tiled(_ mu: Int, _ a: Int) -> Int { (mu / width * r + a) * width + mu % width }
    state.g.withUnsafeBufferPointer { g in
      for mu in 0..<m { for a in 0..<r { denseG[tiled(mu, a)] = g[mu * p + a] } }
    }
    denseRatioG.update(repeating: 0)
    denseRatioW.update(repeating: 0)
    dense.counts.withUnsafeBufferPointer { counts in
    state.w.withUnsafeBufferPointer { w in
      for b in denseBlocks.indices {
        (densePasses.baseAddress! + b).initialize(to: DenseCountPass(
          tiles: denseBlocks[b], rows: n, counts: counts.baseAddress!,
          w: w.baseAddress!, stride: p, g: denseG.baseAddress!, ratioG: denseRatioG.baseAddress!,
          ratioW: denseRatioW.baseAddress! + b * n * p, logTerm: denseLog.baseAddress! + b,
          evaluate: evaluate))
      }
      defer { densePasses.baseAddress!.deinitialize(count: denseBlocks.count) }
      runPasses(densePasses, team: team) { $0.run(populations: r) }
    }}
    for mu in 0..<m { for a in 0..<r { ratioG[mu * p + a] = denseRatioG[tiled(mu, a)] } }
    var logTerm = 0.0
    for k in 0..<(n * p) { ratioW[k] = denseRatioW[k] }
    for b in denseBlocks.indices {
      logTerm += denseLog[b]
      guard b > 0 else { continue }
      for k in 0..<(n * p) { ratioW[k] += denseRatioW[b * n * p + k] }
    }
    return logTerm
  }
}
