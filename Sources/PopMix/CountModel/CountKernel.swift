import RealModule

/// One pass over the data: the log-likelihood of a state and its EM (or,
/// with hidden entries, ECM) update, computed together.
///
/// Owns its scratch (``CountScratch``), so iterating allocates nothing. The sparse
/// pass splits large tables into row blocks of about equal non-zero count;
/// each block writes its own rows of the W ratio sums and a private copy of
/// the G ratio sums and log products, reduced in block order after the
/// pass. The dense pass splits tables into blocks of tiles of loci (or a
/// table of one tile into groups of individuals; ``DenseBlock``), each with
/// its own copy of the sums it shares. The blocks depend on the data alone
/// and threads only claim them in turn, so the result is the same, bit for
/// bit, whatever the number of threads.
final class CountKernel: EMProblem {
  /// The counts, laid out by individual.
  let data: ObservedCounts
  /// r.
  let populations: Int
  /// Lanes per row of W and G (see ``CountState``).
  let stride: Int
  /// Row blocks of the sparse pass, taken in turn by the threads.
  let blocks: [Range<Int>]
  /// The table stored whole when it is dense enough (see ``DenseCounts``),
  /// and the dense pass's blocks; nil and empty for the sparse pass.
  let dense: DenseCounts?
  let denseBlocks: [DenseBlock]
  /// Groups of individuals the dense pass splits a table of one tile into
  /// (1 otherwise); each group has its own copy of the G ratio sums.
  let individualGroups: Int
  /// Blocks of tiles of the dense pass (its blocks are these × the
  /// groups); each has its own copy of the W ratio sums and of Σ_μ G_aμ.
  let denseTileBlocks: Int
  /// The threads that share a pass, when more than one does.
  let team: PassTeam?
  /// Every buffer a pass writes.
  var scratch: CountScratch
  /// Whether a step is a Newton sweep (``newtonStep(_:)``) rather than an EM pass.
  let newtonSteps: Bool
  /// The column layout and buffers of a Newton sweep (empty in EM mode).
  var newton: CountNewtonScratch
  /// Σ log V! + Σ V: those terms and Σ λ ≈ Σ V cancel in
  /// l = Σ V log λ − Σ λ − Σ log V!, and can be far larger than l (with
  /// counts near 1,000, a thousand times |l|): l's rounding is theirs.
  let logLikelihoodMagnitude: Double
  /// Per-entry weights of G in SQUAREM's step length: 1 / C_μ², so that G's
  /// entries count on the same scale as H's (probabilities), as W's do.
  let gWeight: AlignedBuffer<Double>
  /// The blocks' descriptions of this pass, rebuilt each pass (SQUAREM
  /// swaps states, so the state's pointers change) in the same storage.
  private var passes: [CountPass] = []
  var densePasses: [DenseCountPass] = []
  /// Whether the dense pass updates G itself (nothing hidden: G's update
  /// needs only its ratio sums), leaving Σ_μ G_aμ by block in `denseGSum`.
  var denseUpdatesG: Bool { dense != nil && data.hiddenColumn.isEmpty }

  /// The smallest value a parameter of W or G may take. Products of two
  /// stay normal numbers (≥ 1e-300): denormal arithmetic is many times slower,
  /// and a value this small changes no λ that matters.
  static let parameterFloor = 1e-150

  /// Counts below this share one running product of λ (one `log` per count
  /// value per pass instead of one per entry); larger counts take a `log` each.
  static let groupedCountLimit = 256
  /// Interleaved banks of the grouped products (see ``CountPass``).
  static let logBanks = 4
  /// Non-zero entries per block: below this a share of a pass is too short
  /// to be worth waking a thread for.
  static let entriesPerBlock = 100_000
  /// At most this many blocks (each has its own copy of the G ratio sums).
  static let maximumBlocks = 8
  /// Entries (padding included) per block of the dense pass, and the most
  /// blocks it takes: a block's work is far above the cost of claiming it.
  static let entriesPerDenseBlock = 16_384
  static let maximumDenseBlocks = 32
  /// The fewest individuals in a group when a table of one tile is split.
  static let minimumGroupSize = 16

  /// - Parameters:
  ///   - data: the counts.
  ///   - r: the number of populations.
  ///   - threads: how many threads one pass may use (at most one per block).
  ///   - dense: the layout, for tests that compare the two: true for the
  ///     dense pass, false for the sparse one, nil to choose by the data
  ///     (``DenseCounts/init(_:minimumDensity:)``); for Newton sweeps,
  ///     true for their dense fast path (r ≤ 4), false for the sparse
  ///     layout, nil to choose by r and the data
  ///     (``CountNewtonDenseLines/suits(_:)``).
  ///   - newtonSteps: whether a step is a Newton sweep rather than an EM pass.
  init(data: ObservedCounts, populations r: Int, threads: Int = 1, dense useDense: Bool? = nil,
       newtonSteps: Bool = false) {
    self.data = data
    self.newtonSteps = newtonSteps
    self.populations = r
    let p = CountState.stride(for: r)
    stride = p
    let nnz = data.column.count
    let dense = r <= DenseCountPass.maximumPopulations && useDense != false && !newtonSteps
      ? DenseCounts(data, minimumDensity: useDense == true ? 0 : DenseCounts.minimumDensity) : nil
    self.dense = dense
    let blockCount: Int
    if let dense {
      // Many small blocks, claimed in turn by the threads: a thread that
      // loses its processor for a while leaves its blocks to the other.
      // Each block of tiles has a copy of the W ratio sums, only n × p. A
      // table of one tile (a start's subsample) is split by individuals.
      let tiles = dense.tileCount, n = data.rows
      let wanted = Swift.max(1, Swift.min(Self.maximumDenseBlocks,
                                          n * dense.paddedColumns / Self.entriesPerDenseBlock))
      let tileBlocks = Swift.min(tiles, wanted)
      let groups = tileBlocks == 1 ? Swift.max(1, Swift.min(wanted, n / Self.minimumGroupSize)) : 1
      individualGroups = groups
      denseTileBlocks = tileBlocks
      blockCount = tileBlocks * groups
      blocks = []
      denseBlocks = (0..<tileBlocks).flatMap { b in
        (0..<groups).map { q in
          DenseBlock(tiles: tiles * b / tileBlocks..<tiles * (b + 1) / tileBlocks,
                     individuals: n * q / groups..<n * (q + 1) / groups, tileBlock: b, group: q)
        }
      }
    } else {
      individualGroups = 1
      denseTileBlocks = 0
      // A power of two (1, 2, 4 or 8), at most `maximumBlocks`: each block
      // has a copy of the m × p G ratio sums.
      var count = 1
      while count * 2 <= Self.maximumBlocks && count * 2 <= data.rows
              && nnz >= count * Self.entriesPerBlock { count *= 2 }
      blockCount = count
      blocks = Self.balancedBlocks(data.rowStart, count: blockCount)
      denseBlocks = []
    }
    team = PassTeam.forPasses(threads: threads, blocks: blockCount)
    scratch = CountScratch(rows: data.rows, columns: data.columns, populations: r, stride: p,
                           sparseBlocks: blocks.count, denseLength: dense.map { r * $0.paddedColumns } ?? 0,
                           groups: individualGroups, tileBlocks: denseTileBlocks, denseBlocks: denseBlocks.count)
    gWeight = AlignedBuffer((0..<(data.columns * p)).map { index in
      let total = data.columnTotals[index / p]
      return index % p < r && total > 0 ? 1 / (total * total) : 0
    })
    let denseNewton = r <= 4 && data.largeCounts.isEmpty
      && (useDense ?? CountNewtonDenseLines.suits(data))
    newton = newtonSteps ? CountNewtonScratch(data, stride: p, rowBlocks: blocks.count, dense: denseNewton)
      : CountNewtonScratch()
    logLikelihoodMagnitude = data.logFactorialSum + data.rowTotals.reduce(0, +)
    passes.reserveCapacity(blocks.count)
    densePasses.reserveCapacity(denseBlocks.count)
  }

  /// Contiguous row ranges with about equal numbers of entries.
  static func balancedBlocks(_ rowStart: AlignedBuffer<Int>, count: Int) -> [Range<Int>] {
    let rows = rowStart.count - 1
    guard count > 1 else { return [0..<rows] }
    let total = rowStart[rows]
    var blocks: [Range<Int>] = []
    var begin = 0
    for b in 1...count {
      let target = total * b / count
      var end = begin
      while end < rows && (rowStart[end] < target || b == count) { end += 1 }
      if end > begin { blocks.append(begin..<end) }
      begin = end
    }
    return blocks
  }

  /// Replaces `state` by its update and returns its log-likelihood when
  /// `evaluate` is set (NaN otherwise, and the pass skips the logarithms).
  /// In Newton mode the update is a sweep (``newtonStep(_:)``), always evaluated.
  ///
  /// - Precondition: W's columns in `state` sum to one.
  /// - Complexity: O((nnz + hidden) r + (n + m) r); the nnz part is shared
  ///   among the blocks' threads.
  func step(_ state: inout CountState, evaluate: Bool) -> Double {
    if newtonSteps { return newtonStep(&state) }
    let logTerm = ratioPass(&state, evaluate: evaluate)
    let expectedTotal = expectedTotalAndUpdate(&state, boundingGain: false).expectedTotal
    return evaluate ? logTerm - expectedTotal - data.logFactorialSum : .nan
  }

  /// Replaces `state` by its update and returns a lower bound on the
  /// log-likelihood's gain, EM's own: the gain of its expected
  /// complete-data log-likelihood Q in W alone, Σ_ia N_ia log(W'_ia / W_ia)
  /// with N_ia = W_ia Σ_μ (V/λ) G_aμ.
  ///
  /// l(θ') − l(θ) ≥ Q(θ'|θ) − Q(θ|θ), which is this plus G's part,
  /// Σ_aμ N_aμ log(G'_aμ / G_aμ) − Σ_aμ (G'_aμ − G_aμ); G' = max(G Σ_i (V/λ) W_ia,
  /// floor) maximises each of its terms or moves towards the maximum, so
  /// that part is never negative and can be left out: W's part costs n r
  /// logarithms, G's would cost m r. Nil with hidden entries, whose update this
  /// bound does not describe.
  ///
  /// - Precondition: W's columns in `state` sum to one.
  /// - Complexity: that of ``step(_:evaluate:)`` without the logarithms of
  ///   the count pass, plus n r logarithms.
  func stepBoundingGain(_ state: inout CountState) -> Double? {
    let bounded = data.hiddenColumn.isEmpty
    _ = ratioPass(&state, evaluate: false)
    let bound = expectedTotalAndUpdate(&state, boundingGain: bounded).gainBound
    return bounded ? bound : nil
  }

  /// 1. The pass over the counts, dense or sparse: the two ratio sums of
  ///    the update and, when `evaluate` is set, Σ V log λ (0 otherwise).
  private func ratioPass(_ state: inout CountState, evaluate: Bool) -> Double {
    dense != nil ? denseCountPass(&state, evaluate: evaluate) : countPass(state, evaluate: evaluate)
  }

  /// 1. The sparse pass over the non-zero observed counts: Σ V log λ, and
  ///    the two ratio sums of the update left in the scratch's `ratioW` and
  ///    `ratioG`.
  private func countPass(_ state: CountState, evaluate: Bool) -> Double {
    let m = data.columns, p = stride
    let logSlots = Self.groupedCountLimit * Self.logBanks
    let ratioW = scratch.ratioW.mutablePointer, ratioG = scratch.ratioG.mutablePointer
    let logProducts = scratch.logProducts.mutablePointer, logExponents = scratch.logExponents.mutablePointer
    let directLog = scratch.directLog.mutablePointer
    ratioG.update(repeating: 0, count: scratch.ratioG.count)
    logProducts.update(repeating: 1, count: scratch.logProducts.count)
    logExponents.update(repeating: 0, count: scratch.logExponents.count)
    passes.removeAll(keepingCapacity: true)
    for (b, rows) in blocks.enumerated() {
      passes.append(CountPass(
        rows: rows, rowStart: data.rowStart.pointer, column: data.column.pointer, count: data.count.pointer,
        largeCounts: data.largeCounts, w: state.w.pointer, g: state.g.pointer, ratioW: ratioW,
        ratioG: ratioG + b * m * p, logProducts: logProducts + b * logSlots,
        logExponents: logExponents + b * logSlots, directLog: directLog + b, evaluate: evaluate))
    }
    let populations = self.populations
    runPasses(passes, team: team) { $0.run(populations: populations, stride: p) }
    // Reduce the blocks' private sums into block 0's.
    for b in 1..<blocks.count {
      let source = ratioG + b * m * p
      for k in 0..<(m * p) { ratioG[k] += source[k] }
    }
    var logTerm = 0.0
    for b in 0..<blocks.count {
      logTerm += directLog[b]
      for slot in 0..<logSlots {
        let index = b * logSlots + slot
        guard logProducts[index] != 1 || logExponents[index] != 0 else { continue }
        let c = Double(slot % Self.groupedCountLimit)
        logTerm += c * (.log(logProducts[index]) + Double(logExponents[index]) * 0.693_147_180_559_945_3)
      }
    }
    return logTerm
  }

  /// 2–4. Σ λ over the observed entries (closed form), then the update of W
  /// and G from the ratio sums. Returns Σ λ and, when `boundingGain` is set,
  /// the bound of ``stepBoundingGain(_:)`` (0 otherwise).
  private func expectedTotalAndUpdate(_ state: inout CountState, boundingGain: Bool)
    -> (expectedTotal: Double, gainBound: Double) {
    let n = data.rows, m = data.columns, r = populations, p = stride
    let floor = Self.parameterFloor
    let hasHidden = !data.hiddenColumn.isEmpty
    var expectedTotal = 0.0
    var gainBound = 0.0
    let w = state.w.mutablePointer, g = state.g.mutablePointer
    let hiddenStart = data.hiddenStart.pointer, hiddenColumn = data.hiddenColumn.pointer
    let ratioW = scratch.ratioW.pointer, ratioG = scratch.ratioG.pointer
    let hiddenG = scratch.hiddenG.mutablePointer, hiddenW = scratch.hiddenW.mutablePointer
    let gSum = scratch.gSum.mutablePointer, wSum = scratch.wSum.mutablePointer
    let expectedSum = scratch.expectedSum.mutablePointer, denseGSum = scratch.denseGSum.pointer
    // 2. W's columns sum to one, so Σ_all λ = Σ_a Σ_μ G_aμ; subtract the
    //    hidden entries.
    // (When the dense pass has updated G, it left the sums of the G it
    // was given by block.)
    let gUpdated = denseUpdatesG
    gSum.update(repeating: 0, count: r)
    if gUpdated {
      for t in 0..<denseTileBlocks { for a in 0..<r { gSum[a] += denseGSum[t * r + a] } }
    } else {
      for mu in 0..<m { for a in 0..<r { gSum[a] += g[mu * p + a] } }
    }
    for a in 0..<r { expectedTotal += gSum[a] }
    if hasHidden {
      hiddenG.update(repeating: 0, count: n * p)
      for i in 0..<n {
        for k in hiddenStart[i]..<hiddenStart[i + 1] {
          let mu = Int(hiddenColumn[k])
          var lambda = 0.0
          for a in 0..<r {
            lambda += w[i * p + a] * g[mu * p + a]
            hiddenG[i * p + a] += g[mu * p + a]
          }
          expectedTotal -= lambda
        }
      }
    }
    // 3. W̃_ia = W_ia Σ_μ (V/λ) G_aμ / Σ_{observed μ} G_aμ.
    //    With `boundingGain`, also Σ_ia N_ia log(W̃_ia / W_ia) and
    //    N_a = Σ_i N_ia for N_ia = W_ia Σ_μ (V/λ) G_aμ; W' = W̃ / wSum.
    var weightedLogRatio = 0.0
    if p == 4 && !hasHidden {
      let update = Self.updateRowsOfFour(w: w, ratioW: ratioW, rows: n, populations: r, gSum: gSum,
                                         boundingGain: boundingGain)
      for a in 0..<r { (wSum[a], expectedSum[a]) = (update.wSum[a], update.expectedSum[a]) }
      weightedLogRatio = update.weightedLogRatio
    } else {
      wSum.update(repeating: 0, count: r)
      expectedSum.update(repeating: 0, count: r)
      for i in 0..<n {
        for a in 0..<r {
          let denominator = Swift.max(gSum[a] - (hasHidden ? hiddenG[i * p + a] : 0), floor)
          let old = w[i * p + a], expected = old * ratioW[i * p + a]
          let updated = Swift.max(expected / denominator, floor)
          if boundingGain && expected > 0 {
            weightedLogRatio += expected * .log(updated / old)
            expectedSum[a] += expected
          }
          w[i * p + a] = updated
          wSum[a] += updated
        }
      }
    }
    if boundingGain {
      gainBound = weightedLogRatio
      for a in 0..<r where expectedSum[a] > 0 { gainBound -= expectedSum[a] * .log(wSum[a]) }
    }
    // 4. G_aμ ← G_aμ Σ_i (V/λ) W_ia / Σ_{observed i} W̃_ia, then move W̃'s
    //    column scale into G so that W's columns sum to one (λ unchanged).
    if hasHidden {
      hiddenW.update(repeating: 0, count: m * p)
      for i in 0..<n {
        for k in hiddenStart[i]..<hiddenStart[i + 1] {
          let mu = Int(hiddenColumn[k])
          for a in 0..<r { hiddenW[mu * p + a] += w[i * p + a] }
        }
      }
    }
    //    (Already done by the dense pass when nothing is hidden.)
    if !gUpdated {
      for mu in 0..<m {
        for a in 0..<r {
          let scale = hasHidden ? wSum[a] / Swift.max(wSum[a] - hiddenW[mu * p + a], floor) : 1
          g[mu * p + a] = Swift.max(g[mu * p + a] * ratioG[mu * p + a] * scale, floor)
        }
      }
    }
    if p == 4 {
      Self.divideRowsOfFour(w: w, rows: n, populations: r, by: wSum)
    } else {
      for i in 0..<n { for a in 0..<r { w[i * p + a] /= wSum[a] } }
    }
    return (expectedTotal, gainBound)
  }
}
