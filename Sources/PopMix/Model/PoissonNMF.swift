import Foundation
import RealModule

/// Fits λ = C ∘ (W H) to a count table by maximum likelihood.
///
/// The update is Lee and Seung's multiplicative update as the course notes
/// derive it (docs/model.md): with W's columns and H's columns summing to
/// one and C fixed, the simultaneous update of W and H from the same λ is an
/// EM step, so the log-likelihood never decreases. With hidden entries
/// (missing, or held out for cross-validation) it becomes an ECM step that
/// also re-estimates C, and reduces to the plain update when nothing is
/// hidden.
public enum PoissonNMF {
  /// Fits `table` with `options.restarts` random starts and keeps the best.
  ///
  /// - Parameters:
  ///   - table: the counts; loci whose counts are all zero must have been
  ///     dropped (``CountTable/droppingEmptyLoci()``).
  ///   - options: the settings.
  ///   - hidden: optional flags, one per entry (row-major), for entries to
  ///     leave out of the fit as if missing.
  /// - Throws: ``InputError`` when the settings are out of range or the
  ///   data cannot support the fit.
  /// - Complexity: O(restarts × iterations × nnz × r), nnz the non-zero
  ///   observed entries.
  public static func fit(_ table: CountTable, options: FitOptions, hidden: [Bool]? = nil) throws -> FitResult {
    try options.validate()
    let data = ObservedCounts(counts: table.counts, hidden: hidden)
    try checkFittable(data, table: table, populations: options.populations)
    let clock = ContinuousClock.now
    let runs = try parallelMap(options.restarts, threads: options.threads) { restart in
      let seed = SeedSequence.seed(options.seed, 0x5EED, UInt64(restart))
      let start = randomStart(data, populations: options.populations, seed: seed)
      let run = iterate(data, from: start, tolerance: options.tolerance, maxIterations: options.maxIterations)
      return (seed, run)
    }
    let elapsed = ContinuousClock.now - clock
    var best = 0
    for k in runs.indices where runs[k].1.logLikelihood > runs[best].1.logLikelihood { best = k }
    let winner = runs[best].1
    return FitResult(
      model: winner.model.sortedByPopulationShare(),
      logLikelihood: winner.logLikelihood,
      iterations: winner.iterations,
      converged: winner.converged,
      bestRestart: best,
      restarts: runs.enumerated().map { k, run in
        RestartOutcome(index: k, seed: run.0, logLikelihood: run.1.logLikelihood,
                       iterations: run.1.iterations, converged: run.1.converged)
      },
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    )
  }

  /// Runs the iteration from a given start and returns every iteration's
  /// log-likelihood as well (for tests and diagnostics).
  ///
  /// - Precondition: `start` matches the table's shape, W's columns and H's
  ///   columns sum to one.
  public static func trace(_ table: CountTable, from start: Factorization, hidden: [Bool]? = nil,
                           tolerance: Double, maxIterations: Int) -> (model: Factorization, logLikelihoods: [Double]) {
    precondition(start.individuals == table.individualCount && start.loci == table.locusCount,
                 "The start does not match the table's shape")
    let data = ObservedCounts(counts: table.counts, hidden: hidden)
    let run = iterate(data, from: start, tolerance: tolerance, maxIterations: maxIterations, recordTrace: true)
    return (run.model, run.trace)
  }

  /// A random start: W's columns Dirichlet(1) over individuals, H's columns
  /// Dirichlet(1) over populations, C the observed totals (scaled up for
  /// missing entries).
  public static func randomStart(_ table: CountTable, populations: Int, seed: UInt64) -> Factorization {
    randomStart(ObservedCounts(counts: table.counts), populations: populations, seed: seed)
  }

  static func randomStart(_ data: ObservedCounts, populations r: Int, seed: UInt64) -> Factorization {
    let random = RandomSource(seed: seed)
    var W = Matrix(rows: data.rows, columns: r)
    for a in 0..<r {
      let column = random.dirichlet(count: data.rows)
      for i in 0..<data.rows { W[i, a] = column[i] }
    }
    var H = Matrix(rows: r, columns: data.columns)
    for mu in 0..<data.columns {
      let column = random.dirichlet(count: r)
      for a in 0..<r { H[a, mu] = column[a] }
    }
    let totals = (0..<data.columns).map { mu in
      data.columnObserved[mu] == 0 ? 0 : data.columnTotals[mu] * Double(data.rows) / Double(data.columnObserved[mu])
    }
    return Factorization(W: W, H: H, totals: totals)
  }

  /// Refuses data the model cannot be fitted to, with a sentence saying why.
  static func checkFittable(_ data: ObservedCounts, table: CountTable, populations r: Int) throws {
    if data.rows == 0 || data.columns == 0 {
      throw InputError("the table is empty (\(data.rows) individuals, \(data.columns) loci)")
    }
    let limit = Swift.min(data.rows, data.columns)
    if r > limit {
      throw InputError("--populations \(r) is more than the data allows: at most \(limit) (the smaller of \(data.rows) individuals and \(data.columns) loci)")
    }
    if let mu = data.columnTotals.firstIndex(where: { $0 <= 0 }) {
      throw InputError("locus '\(table.loci[mu])' has no observed count above zero; drop it before fitting")
    }
    if let i = data.rowTotals.firstIndex(where: { $0 <= 0 }) {
      throw InputError("individual '\(table.individuals[i])' has no observed count above zero, so its ancestry cannot be estimated; remove it from the table")
    }
  }
}

extension PoissonNMF {
  /// Iterates the multiplicative (EM/ECM) update from `start` until the
  /// relative gain in log-likelihood falls below `tolerance` or
  /// `maxIterations` log-likelihoods have been computed.
  ///
  /// Returns the last parameters whose log-likelihood was computed, so the
  /// reported value is exact for the returned model.
  static func iterate(_ data: ObservedCounts, from start: Factorization, tolerance: Double,
                      maxIterations: Int, recordTrace: Bool = false) -> SingleRun {
    let n = data.rows, m = data.columns, r = start.populations
    // Work with G = C ∘ H (populations by loci, in counts), stored locus-major
    // (m × r) so that one locus's r values are contiguous in the inner loop.
    var w = start.W.elements                       // n × r
    var g = [Double](repeating: 0, count: m * r)   // m × r
    for mu in 0..<m { for a in 0..<r { g[mu * r + a] = start.totals[mu] * start.H[a, mu] } }
    var ratioW = [Double](repeating: 0, count: n * r)   // Σ_μ (V/λ) G, per individual
    var ratioG = [Double](repeating: 0, count: m * r)   // Σ_i (V/λ) W, per locus
    var hiddenG = [Double](repeating: 0, count: n * r)  // Σ over hidden μ of G, per individual
    var hiddenW = [Double](repeating: 0, count: m * r)  // Σ over hidden i of W̃, per locus
    var gSum = [Double](repeating: 0, count: r)
    var wSum = [Double](repeating: 0, count: r)
    var trace: [Double] = []
    var previous = -Double.infinity
    var current = -Double.infinity
    var iterations = 0
    var converged = false
    let tiny = Double.leastNormalMagnitude
    let hasHidden = !data.hiddenColumn.isEmpty

    data.rowStart.withUnsafeBufferPointer { rowStart in
    data.column.withUnsafeBufferPointer { column in
    data.value.withUnsafeBufferPointer { value in
    data.hiddenStart.withUnsafeBufferPointer { hiddenStart in
    data.hiddenColumn.withUnsafeBufferPointer { hiddenColumn in
    w.withUnsafeMutableBufferPointer { w in
    g.withUnsafeMutableBufferPointer { g in
    ratioW.withUnsafeMutableBufferPointer { ratioW in
    ratioG.withUnsafeMutableBufferPointer { ratioG in
    hiddenG.withUnsafeMutableBufferPointer { hiddenG in
    hiddenW.withUnsafeMutableBufferPointer { hiddenW in
      while iterations < maxIterations {
        // 1. One pass over the non-zero observed counts: Σ V log λ and the
        //    two ratio accumulations of the update.
        ratioW.update(repeating: 0)
        ratioG.update(repeating: 0)
        var dataTerm = 0.0
        for i in 0..<n {
          let wi = w.baseAddress! + i * r
          let ri = ratioW.baseAddress! + i * r
          for k in rowStart[i]..<rowStart[i + 1] {
            let mu = Int(column[k])
            let gm = g.baseAddress! + mu * r
            var lambda = 0.0
            for a in 0..<r { lambda += wi[a] * gm[a] }
            lambda = Swift.max(lambda, tiny)
            let v = value[k]
            dataTerm += v * .log(lambda)
            let rho = v / lambda
            let rg = ratioG.baseAddress! + mu * r
            for a in 0..<r {
              ri[a] += rho * gm[a]
              rg[a] += rho * wi[a]
            }
          }
        }
        // 2. Σ λ over observed entries in closed form: W's columns sum to
        //    one, so Σ_all λ = Σ_a Σ_μ G_aμ; subtract the hidden entries.
        gSum.withUnsafeMutableBufferPointer { gSum in
          gSum.update(repeating: 0)
          for mu in 0..<m { for a in 0..<r { gSum[a] += g[mu * r + a] } }
        }
        var expectedTotal = gSum.reduce(0, +)
        if hasHidden {
          hiddenG.update(repeating: 0)
          for i in 0..<n {
            for k in hiddenStart[i]..<hiddenStart[i + 1] {
              let mu = Int(hiddenColumn[k])
              var lambda = 0.0
              for a in 0..<r {
                lambda += w[i * r + a] * g[mu * r + a]
                hiddenG[i * r + a] += g[mu * r + a]
              }
              expectedTotal -= lambda
            }
          }
        }
        current = dataTerm - expectedTotal - data.logFactorialSum
        iterations += 1
        if recordTrace { trace.append(current) }
        if current - previous <= tolerance * Swift.abs(current) {
          converged = previous.isFinite
          if converged { break }
        }
        previous = current

        // 3. W̃_ia = W_ia Σ_μ (V/λ) G_aμ / Σ_{observed μ} G_aμ.
        wSum.withUnsafeMutableBufferPointer { wSum in wSum.update(repeating: 0) }
        for i in 0..<n {
          for a in 0..<r {
            let denominator = Swift.max(gSum[a] - (hasHidden ? hiddenG[i * r + a] : 0), tiny)
            let updated = Swift.max(w[i * r + a] * ratioW[i * r + a] / denominator, tiny)
            w[i * r + a] = updated
            wSum[a] += updated
          }
        }
        // 4. G̃_aμ = G_aμ Σ_i (V/λ) W_ia / Σ_{observed i} W̃_ia, then rescale so
        //    that W's columns sum to one again (λ unchanged by the rescale).
        if hasHidden {
          hiddenW.update(repeating: 0)
          for i in 0..<n {
            for k in hiddenStart[i]..<hiddenStart[i + 1] {
              let mu = Int(hiddenColumn[k])
              for a in 0..<r { hiddenW[mu * r + a] += w[i * r + a] }
            }
          }
        }
        for mu in 0..<m {
          for a in 0..<r {
            let observedWeight = wSum[a] - (hasHidden ? hiddenW[mu * r + a] : 0)
            let scale = wSum[a] / Swift.max(observedWeight, tiny)
            g[mu * r + a] = Swift.max(g[mu * r + a] * ratioG[mu * r + a] * scale, tiny)
          }
        }
        for i in 0..<n { for a in 0..<r { w[i * r + a] /= wSum[a] } }
      }
    }}}}}}}}}}}

    // Back to (W, H, C): C_μ = Σ_a G_aμ, H = G / C.
    var H = Matrix(rows: r, columns: m)
    var totals = [Double](repeating: 0, count: m)
    for mu in 0..<m {
      var total = 0.0
      for a in 0..<r { total += g[mu * r + a] }
      totals[mu] = total
      for a in 0..<r { H[a, mu] = g[mu * r + a] / total }
    }
    let model = Factorization(W: Matrix(rows: n, columns: r, elements: w), H: H, totals: totals)
    return SingleRun(model: model, logLikelihood: current, iterations: iterations,
                     converged: converged, trace: trace)
  }
}
