extension CountKernel {
  /// One Newton sweep (block relaxation): every individual's row of W with
  /// G fixed, then every locus's row of G with the new W, each the checked
  /// Newton step of its own concave problem (``CountNewtonPass``); returns
  /// l(state).
  ///
  /// Between the halves W's columns are rescaled to sum to one, the scale
  /// moving into G (λ unchanged). The column pass ends each locus with the
  /// scale that maximises its term, which with nothing hidden puts Σ_a G_aμ
  /// back at the observed total C_μ, as EM keeps it. Each line's term only
  /// rises, so the sweep never lowers l.
  ///
  /// - Precondition: W's columns in `state` sum to one.
  /// - Complexity: O(nnz r² + (n + m) r⁴), the nnz part shared among the
  ///   blocks' threads.
  func newtonStep(_ state: inout CountState) -> Double {
    let r = populations, p = stride
    let hidden = !data.hiddenColumn.isEmpty
    let before = newtonHalf(lines: blocks, start: data.rowStart.pointer, index: data.column.pointer,
                            count: data.count.pointer, largeCounts: data.largeCounts, factor: state.g.pointer,
                            x: state.w.mutablePointer, linear: rowLinear(state), linearStride: hidden ? p : 0,
                            totals: data.rowTotals, evaluate: true, dense: newton.rowLines, otherCount: data.columns)
    // W's columns back to one, their scale into G.
    let w = state.w.mutablePointer, g = state.g.mutablePointer
    let wSum = scratch.wSum.mutablePointer
    wSum.update(repeating: 0, count: r)
    for i in 0..<data.rows { for a in 0..<r { wSum[a] += w[i * p + a] } }
    for i in 0..<data.rows { for a in 0..<r { w[i * p + a] /= wSum[a] } }
    for mu in 0..<data.columns { for a in 0..<r { g[mu * p + a] *= wSum[a] } }
    let columns = newton.columns
    _ = newtonHalf(lines: newton.columnBlocks, start: columns.start.pointer, index: columns.row.pointer,
                   count: columns.count.pointer, largeCounts: columns.largeCounts, factor: state.w.pointer,
                   x: state.g.mutablePointer, linear: columnLinear(state), linearStride: hidden ? p : 0,
                   totals: data.columnTotals, evaluate: false, dense: newton.columnLines, otherCount: data.rows)
    return before - data.logFactorialSum
  }

  /// The lines that kept their Newton step in the last half-sweep (for
  /// tests and measurements).
  var newtonLinesKept: Int {
    var kept = 0
    for b in 0..<newton.blockNewtonLines.count { kept += newton.blockNewtonLines[b] }
    return kept
  }

  /// Runs one half-sweep over the blocks `lines`; returns Σ f at the old x
  /// when `evaluate` is set (0 otherwise). With `dense` the lines are read
  /// from it, the other factor (`otherCount` rows) laid out as its four rows.
  private func newtonHalf(lines: [Range<Int>], start: UnsafePointer<Int>, index: UnsafePointer<Int32>,
                          count: UnsafePointer<UInt16>, largeCounts: [Int: Double], factor: UnsafePointer<Double>,
                          x: UnsafeMutablePointer<Double>, linear: UnsafePointer<Double>, linearStride: Int,
                          totals: [Double], evaluate: Bool, dense: CountNewtonDenseLines?, otherCount: Int) -> Double {
    let r = populations, p = stride
    let factorRows = newton.factorRows.mutablePointer
    dense?.fillFactorRows(factor, count: otherCount, stride: p, populations: r, into: factorRows)
    let blockLogLikelihood = newton.blockLogLikelihood.mutablePointer
    let newtonLines = newton.blockNewtonLines.mutablePointer
    newtonLines.update(repeating: 0, count: newton.blockNewtonLines.count)
    return totals.withUnsafeBufferPointer { totals in
      let passes = lines.enumerated().map { b, range in
        CountNewtonPass(lines: range, start: start, index: index, count: count, largeCounts: largeCounts,
                        factor: factor, x: x, linear: linear, linearStride: linearStride,
                        totals: totals.baseAddress!, floor: Self.parameterFloor, evaluate: evaluate,
                        logLikelihood: blockLogLikelihood + b, newtonLines: newtonLines + b,
                        denseCounts: dense?.counts.pointer, denseLength: dense?.length ?? 0,
                        factorRows: UnsafePointer(factorRows))
      }
      runPasses(passes, team: team) { $0.run(populations: r, stride: p) }
      var total = 0.0
      for b in lines.indices { total += blockLogLikelihood[b] }
      return total
    }
  }

  /// s of the row pass: Σ_μ G_aμ over each row's observed loci (one shared
  /// row when nothing is hidden), at least the floor.
  private func rowLinear(_ state: CountState) -> UnsafePointer<Double> {
    let r = populations, p = stride
    let g = state.g.pointer
    let linear = newton.rowLinear.mutablePointer
    linear.update(repeating: 0, count: newton.rowLinear.count)
    var total = [Double](repeating: 0, count: r)
    for mu in 0..<data.columns { for a in 0..<r { total[a] += g[mu * p + a] } }
    let rows = newton.rowLinear.count / p
    let hiddenStart = data.hiddenStart.pointer, hiddenColumn = data.hiddenColumn.pointer
    for i in 0..<rows {
      for a in 0..<r { linear[i * p + a] = total[a] }
      guard rows > 1 else { break }
      for k in hiddenStart[i]..<hiddenStart[i + 1] {
        let mu = Int(hiddenColumn[k])
        for a in 0..<r { linear[i * p + a] -= g[mu * p + a] }
      }
    }
    for index in 0..<(rows * p) where index % p < r { linear[index] = Swift.max(linear[index], Self.parameterFloor) }
    return UnsafePointer(linear)
  }

  /// s of the column pass: Σ_i W_ia over each locus's observed rows, 1
  /// less the hidden rows' W (one shared row of ones when nothing is hidden),
  /// at least the floor.
  private func columnLinear(_ state: CountState) -> UnsafePointer<Double> {
    let r = populations, p = stride
    let w = state.w.pointer
    let linear = newton.columnLinear.mutablePointer
    let loci = newton.columnLinear.count / p
    linear.update(repeating: 0, count: newton.columnLinear.count)
    for mu in 0..<loci { for a in 0..<r { linear[mu * p + a] = 1 } }
    if loci > 1 {
      let hiddenStart = data.hiddenStart.pointer, hiddenColumn = data.hiddenColumn.pointer
      for i in 0..<data.rows {
        for k in hiddenStart[i]..<hiddenStart[i + 1] {
          let mu = Int(hiddenColumn[k])
          for a in 0..<r { linear[mu * p + a] -= w[i * p + a] }
        }
      }
    }
    for index in 0..<(loci * p) where index % p < r { linear[index] = Swift.max(linear[index], Self.parameterFloor) }
    return UnsafePointer(linear)
  }
}

extension CountKernel {
  /// W's entries, then G's divided by the observed locus totals (on H's
  /// scale, as SQUAREM weighs them), padding lanes included (they never
  /// move); 0 for a kernel that takes EM steps.
  var flatCount: Int { newtonSteps ? (data.rows + data.columns) * stride : 0 }

  func flatten(_ state: CountState, into values: inout [Double]) {
    let wCount = state.w.count, scale = newton.flatScale.pointer, p = stride
    for index in 0..<wCount { values[index] = state.w[index] }
    for index in 0..<state.g.count { values[wCount + index] = state.g[index] * scale[index / p] }
    let reference = newton.reference.mutablePointer
    for index in values.indices { reference[index] = values[index] }
  }

  /// The point, each entry at least the floor and ``shrinkLimit`` of its
  /// value in the point last laid flat (the driver's newest sweep, F(F(x)):
  /// an entry sent to ~0 takes many sweeps to revive), W's columns
  /// rescaled to sum to one with their scale moved into G.
  func assign(_ values: [Double], to state: inout CountState) {
    let r = populations, p = stride, floor = Self.parameterFloor, shrink = Self.shrinkLimit
    let wCount = state.w.count, scale = newton.flatScale.pointer, reference = newton.reference.pointer
    let w = state.w.mutablePointer, g = state.g.mutablePointer
    let wSum = scratch.wSum.mutablePointer
    wSum.update(repeating: 0, count: r)
    for index in 0..<wCount where index % p < r {
      w[index] = Swift.max(values[index], shrink * reference[index], floor)
      wSum[index % p] += w[index]
    }
    for index in 0..<wCount where index % p < r { w[index] /= wSum[index % p] }
    for index in 0..<state.g.count where index % p < r {
      let k = wCount + index
      g[index] = Swift.max(values[k], shrink * reference[k]) / scale[index / p] * wSum[index % p]
      g[index] = Swift.max(g[index], floor)
    }
  }
}
