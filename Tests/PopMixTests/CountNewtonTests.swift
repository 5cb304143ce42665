import Testing
@testable import PopMix

/// The count model's Newton sweeps (`--algorithm newton`, docs/model.md §11).
@Suite struct CountNewtonTests {
  /// A row's and a locus's sums equal the derivatives written entry by
  /// entry in the model's own terms (λ = C_μ Σ_a W_ia H_aμ):
  /// ∂l/∂W_ia = Σ_μ V C_μ H_aμ / λ − Σ_μ C_μ H_aμ, −∂²l/∂W_ia∂W_ib =
  /// Σ_μ V C_μ² H_aμ H_bμ / λ², and likewise for G_aμ = C_μ H_aμ with W;
  /// f is the row's (locus's) share of Σ V log λ − λ; r = 3 takes the
  /// vector path (rows of four lanes), r = 6 the scalar one. Sums of ~10
  /// terms in another order: 1e-12 relative is rounding.
  @Test(arguments: [3, 6])
  func derivativesAreTheDefinitions(populations r: Int) {
    let table = TestData.simulated(individuals: 7, loci: 9, populations: 3, hybrids: 2, seed: 4).table
    let model = PoissonNMF.randomStart(table, populations: r, seed: 2)
    let data = ObservedCounts(counts: table.counts)
    let columns = CountColumns(data)
    var state = CountState(model)
    let p = state.stride
    let V = table.counts
    func lambda(_ i: Int, _ mu: Int) -> Double { model.expectedCount(individual: i, locus: mu) }
    // s of the rows: Σ_μ G_aμ; of the loci: Σ_i W_ia = 1.
    var rowLinear = AlignedBuffer<Double>(repeating: 0, count: p), columnLinear = rowLinear
    for a in 0..<r {
      for mu in 0..<table.locusCount { rowLinear[a] += model.totals[mu] * model.H[a, mu] }
      columnLinear[a] = 1
    }
    let kept = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    defer { kept.deallocate() }
    let g = state.g.pointer, w = state.w.mutablePointer
    withUnsafeTemporaryAllocation(of: Double.self, capacity: r * r + r + 2) { work in
      let ratio = work.baseAddress!, hessian = ratio + r, sums = hessian + r * r
      for i in 0..<table.individualCount {
        let pass = Self.pass(start: data.rowStart.pointer, index: data.column.pointer, count: data.count.pointer,
                             factor: g, x: w, linear: rowLinear.pointer, sums: sums, kept: kept)
        let f = p == 4
          ? pass.derivativesOfFour(i, r: r, at: w + i * p, s: rowLinear.pointer, ratio: ratio, hessian: hessian)
          : pass.derivatives(i, r: r, p: p, at: w + i * p, s: rowLinear.pointer, ratio: ratio, hessian: hessian)
        var reference = 0.0
        for mu in 0..<table.locusCount { reference += V[i, mu] * .log(lambda(i, mu)) - lambda(i, mu) }
        #expect(abs(f - reference) <= 1e-12 * abs(reference), "row \(i)")
        for a in 0..<r {
          var gradient = 0.0
          for mu in 0..<table.locusCount {
            let c = model.totals[mu]
            gradient += V[i, mu] * c * model.H[a, mu] / lambda(i, mu) - c * model.H[a, mu]
          }
          #expect(abs(ratio[a] - rowLinear[a] - gradient) <= 1e-12 * max(abs(gradient), rowLinear[a]), "row \(i) a \(a)")
          for b in 0..<r {
            var curvature = 0.0
            for mu in 0..<table.locusCount {
              let c = model.totals[mu], l = lambda(i, mu)
              curvature += V[i, mu] * c * c * model.H[a, mu] * model.H[b, mu] / (l * l)
            }
            #expect(abs(hessian[a * r + b] - curvature) <= 1e-12 * curvature, "row \(i) a \(a) b \(b)")
          }
        }
      }
      let wRead = state.w.pointer, gWrite = state.g.mutablePointer
      for mu in 0..<table.locusCount {
        let pass = Self.pass(start: columns.start.pointer, index: columns.row.pointer, count: columns.count.pointer,
                             factor: wRead, x: gWrite, linear: columnLinear.pointer, sums: sums, kept: kept)
        let f = p == 4
          ? pass.derivativesOfFour(mu, r: r, at: gWrite + mu * p, s: columnLinear.pointer, ratio: ratio,
                                   hessian: hessian)
          : pass.derivatives(mu, r: r, p: p, at: gWrite + mu * p, s: columnLinear.pointer, ratio: ratio,
                             hessian: hessian)
        var reference = 0.0
        for i in 0..<table.individualCount { reference += V[i, mu] * .log(lambda(i, mu)) - lambda(i, mu) }
        #expect(abs(f - reference) <= 1e-12 * abs(reference), "locus \(mu)")
        for a in 0..<r {
          var gradient = 0.0
          for i in 0..<table.individualCount { gradient += V[i, mu] * model.W[i, a] / lambda(i, mu) - model.W[i, a] }
          #expect(abs(ratio[a] - 1 - gradient) <= 1e-12 * max(abs(gradient), 1), "locus \(mu) a \(a)")
          for b in 0..<r {
            var curvature = 0.0
            for i in 0..<table.individualCount {
              let l = lambda(i, mu)
              curvature += V[i, mu] * model.W[i, a] * model.W[i, b] / (l * l)
            }
            #expect(abs(hessian[a * r + b] - curvature) <= 1e-12 * curvature, "locus \(mu) a \(a) b \(b)")
          }
        }
      }
    }
    extendLifetime(state)
    extendLifetime(rowLinear)
    extendLifetime(columnLinear)
  }

  /// A pass over the lines laid out by `start`, `index` and `count`, for
  /// calling its derivatives (it runs no line).
  private static func pass(start: UnsafePointer<Int>, index: UnsafePointer<Int32>, count: UnsafePointer<UInt16>,
                           factor: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>,
                           linear: UnsafePointer<Double>, sums: UnsafeMutablePointer<Double>,
                           kept: UnsafeMutablePointer<Int>) -> CountNewtonPass {
    CountNewtonPass(lines: 0..<0, start: start, index: index, count: count, largeCounts: [:], factor: factor, x: x,
                    linear: linear, linearStride: 0, totals: linear, floor: CountKernel.parameterFloor,
                    evaluate: true, logLikelihood: sums, newtonLines: kept)
  }

  /// Every r tried, with and without missing entries, from random starts
  /// (where Newton steps overshoot most): l never falls by more than
  /// rounding, W's columns sum to one, and with nothing missing Σ_a G_aμ
  /// stays at the observed total C_μ.
  @Test(arguments: [1, 2, 3, 4, 7], [false, true])
  func sweepsNeverLowerTheLikelihood(populations r: Int, missing: Bool) {
    var table = TestData.simulated(individuals: 30, loci: 60, populations: 4, seed: 9).table
    if missing { table = TestData.withMissing(table, every: 7) }
    for seed in 1...2 as ClosedRange<UInt64> {
      let start = PoissonNMF.randomStart(table, populations: r, seed: seed)
      let (model, trace, _) = PoissonNMF.trace(table, from: start, algorithm: .newton, tolerance: 0, maxIterations: 40)
      for (before, after) in zip(trace, trace.dropFirst()) {
        #expect(after >= before - 1e-12 * abs(before), "r \(r) seed \(seed): \(before) -> \(after)")
      }
      #expect(abs(model.logLikelihood(of: table.counts) - trace.last!) <= 1e-10 * abs(trace.last!))
      for sum in model.W.columnSums() { #expect(abs(sum - 1) <= 1e-12) }
      guard !missing else { continue }
      let data = ObservedCounts(counts: table.counts)
      let kernel = CountKernel(data: data, populations: r, newtonSteps: true)
      var state = CountState(start)
      for _ in 0..<5 { _ = kernel.step(&state, evaluate: true) }
      for mu in 0..<data.columns {
        var total = 0.0
        for a in 0..<r { total += state.g[mu * state.stride + a] }
        #expect(abs(total - data.columnTotals[mu]) <= 1e-12 * data.columnTotals[mu], "r \(r) locus \(mu)")
      }
    }
  }

  /// Newton sweeps reach EM's optimum (or a higher point) in far fewer
  /// passes, with and without missing entries (ECM). EM runs to a gain of
  /// 1e-13 per pass; what is left above it is below 1e-8 relative, so the
  /// two must agree to that, and their proportions to 1e-3.
  @Test(arguments: [false, true])
  func newtonReachesEMsOptimum(missing: Bool) {
    var table = TestData.simulated(individuals: 60, loci: 150, populations: 3, seed: 5).table
    if missing { table = TestData.withMissing(table, every: 9) }
    let start = PoissonNMF.randomStart(table, populations: 3, seed: 6)
    let em = PoissonNMF.trace(table, from: start, algorithm: .accelerated, tolerance: 1e-13, maxIterations: 100_000)
    let newton = PoissonNMF.trace(table, from: start, algorithm: .newton, tolerance: 1e-11, maxIterations: 5_000)
    let (lEM, lNewton) = (em.logLikelihoods.last!, newton.logLikelihoods.last!)
    #expect(lNewton >= lEM - 1e-8 * abs(lEM), "EM \(lEM) in \(em.passes), Newton \(lNewton) in \(newton.passes)")
    #expect(newton.passes * 4 <= em.passes, "EM \(em.passes) passes, Newton \(newton.passes)")
    let q = newton.model.admixtureProportions, reference = em.model.admixtureProportions
    let largest = zip(q.elements, reference.elements).map { abs($0 - $1) }.max()!
    #expect(largest <= 1e-3, "largest difference in Q \(largest)")
  }

  /// A table large enough for several blocks (rows and loci): sweeps on 1
  /// and 2 threads give the same bits, with and without missing entries.
  @Test(arguments: [false, true])
  func identicalForOneAndTwoThreads(missing: Bool) {
    var table = TestData.simulated(individuals: 200, loci: 1_200, populations: 4, seed: 3).table
    if missing { table = TestData.withMissing(table, every: 11) }
    let data = ObservedCounts(counts: table.counts)
    let start = CountState(PoissonNMF.randomStart(table, populations: 4, seed: 8))
    var states: [CountState] = []
    var values: [[Double]] = []
    for threads in [1, 2] {
      let kernel = CountKernel(data: data, populations: 4, threads: threads, newtonSteps: true)
      #expect(kernel.blocks.count > 1 && kernel.newton.columnBlocks.count > 1)
      #expect(kernel.newton.rowLines != nil, "the dense fast path")
      var state = start
      values.append((0..<4).map { _ in kernel.step(&state, evaluate: true) })
      states.append(state)
    }
    #expect(values[0] == values[1])
    #expect(states[0] == states[1])
  }

  /// A table EM converges on only slowly (100 × 60, C_μ = 10⁵, r = 5,
  /// H's columns Dirichlet(3): populations close together): Newton sweeps
  /// converge in under 300 passes, at a log-likelihood no lower than EM's
  /// after its thousands.
  @Test func illConditionedTableConvergesInFewPasses() throws {
    let table = try closePopulationsTable(seed: 1)
    var options = FitOptions(populations: 5, restarts: 1, maxIterations: 300, algorithm: .newton)
    let newton = try PoissonNMF.fit(table, options: options)
    #expect(newton.converged && newton.iterations < 300, "\(newton.iterations) passes, \(newton.stop)")
    options.algorithm = .accelerated
    options.maxIterations = 100_000
    let em = try PoissonNMF.fit(table, options: options)
    #expect(em.iterations > 3_000, "EM took \(em.iterations) passes")
    #expect(newton.logLikelihood >= em.logLikelihood, "Newton \(newton.logLikelihood), EM \(em.logLikelihood)")
  }

  /// The fast path's line sums (dense lines, four entries to a vector, the
  /// other factor as four rows) equal the sparse path's, for every r it
  /// takes, with and without hidden entries (zeros in the dense lines), on
  /// both halves: f, the gradient's sums and the curvature. The same terms
  /// summed in another order: 1e-12 relative is rounding.
  @Test(arguments: [1, 2, 3, 4], [false, true])
  func denseLinesMatchTheSparseOnes(populations r: Int, missing: Bool) {
    var table = TestData.simulated(individuals: 13, loci: 23, populations: 3, seed: 6).table
    if missing { table = TestData.withMissing(table, every: 5) }
    let data = ObservedCounts(counts: table.counts)
    let kernel = CountKernel(data: data, populations: r, newtonSteps: true)
    let (rowLines, columnLines) = (kernel.newton.rowLines!, kernel.newton.columnLines!)
    let columns = CountColumns(data)
    var state = CountState(PoissonNMF.randomStart(table, populations: r, seed: 3))
    let p = state.stride
    var linear = AlignedBuffer<Double>(repeating: 0, count: p)
    for a in 0..<r { linear[a] = Double(a + 1) }
    let kept = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    defer { kept.deallocate() }
    let w = state.w.mutablePointer, g = state.g.mutablePointer
    let halves = [(rowLines, data.rowStart.pointer, data.column.pointer, data.count.pointer, UnsafePointer(g), w,
                   data.columns),
                  (columnLines, columns.start.pointer, columns.row.pointer, columns.count.pointer, UnsafePointer(w), g,
                   data.rows)]
    var factorRows = AlignedBuffer<Double>(repeating: 0, count: 4 * max(rowLines.length, columnLines.length))
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (r * r + r) + 1) { work in
      let ratio = work.baseAddress!, hessian = ratio + r, denseRatio = hessian + r * r
      let denseHessian = denseRatio + r, sums = denseHessian + r * r
      for (half, (lines, start, index, count, factor, x, otherCount)) in halves.enumerated() {
        lines.fillFactorRows(factor, count: otherCount, stride: p, populations: r, into: factorRows.mutablePointer)
        var pass = Self.pass(start: start, index: index, count: count, factor: factor, x: x,
                             linear: linear.pointer, sums: sums, kept: kept)
        let sparse = pass
        pass.denseCounts = lines.counts.pointer
        pass.denseLength = lines.length
        pass.factorRows = factorRows.pointer
        for line in 0..<lines.lines {
          let xl = x + line * p
          let f = sparse.derivatives(line, r: r, p: p, at: xl, s: linear.pointer, ratio: ratio, hessian: hessian)
          let fDense = pass.denseDerivatives(line, r: r, at: xl, s: linear.pointer, ratio: denseRatio,
                                             hessian: denseHessian)
          #expect(abs(f - fDense) <= 1e-12 * abs(f), "half \(half) line \(line)")
          for a in 0..<r {
            #expect(abs(ratio[a] - denseRatio[a]) <= 1e-12 * ratio[a], "half \(half) line \(line) a \(a)")
          }
          for k in 0..<(r * r) {
            #expect(abs(hessian[k] - denseHessian[k]) <= 1e-12 * hessian[k], "half \(half) line \(line) \(k)")
          }
        }
      }
    }
    extendLifetime(state)
    extendLifetime(linear)
    extendLifetime(factorRows)
  }

  /// The certificate that lets a line skip its gain pass never vouches for
  /// a step that lowers f: steps α d along each line's Newton direction,
  /// where f(x + α d) − f(x) ≈ α (1 − α/2) dᵀCd turns negative near α = 2,
  /// are certified only where the exact gain (summed entry by entry) is
  /// positive, and the certificate is not vacuous (it vouches for most
  /// steps with α ≤ 1). A bound that dropped the third-order term
  /// (φ = −½) would vouch for steps just past α = 2.
  @Test func certifiedRisesAreRises() {
    let table = TestData.simulated(individuals: 20, loci: 40, populations: 3, seed: 8).table
    let data = ObservedCounts(counts: table.counts)
    let model = PoissonNMF.randomStart(table, populations: 3, seed: 5)
    var state = CountState(model)
    let p = state.stride, r = 3
    var linear = AlignedBuffer<Double>(repeating: 0, count: p)
    for a in 0..<r { for mu in 0..<table.locusCount { linear[a] += state.g[mu * p + a] } }
    let kept = UnsafeMutablePointer<Int>.allocate(capacity: 1), sums = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    defer {
      kept.deallocate()
      sums.deallocate()
    }
    let w = state.w.mutablePointer
    let pass = Self.pass(start: data.rowStart.pointer, index: data.column.pointer, count: data.count.pointer,
                         factor: state.g.pointer, x: w, linear: linear.pointer, sums: sums, kept: kept)
    var (certified, certifiedSmall, small) = (0, 0, 0)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: r * r + 5 * r) { work in
      let ratio = work.baseAddress!, hessian = ratio + r, gradient = hessian + r * r
      let direction = gradient + r, step = direction + r, point = step + r
      for line in 0..<table.individualCount {
        let xl = w + line * p
        _ = pass.derivatives(line, r: r, p: p, at: xl, s: linear.pointer, ratio: ratio, hessian: hessian)
        for a in 0..<r { gradient[a] = ratio[a] - linear[a] }
        guard BoundedQuadraticProgram.solve(hessian: hessian, gradient: gradient, point: xl, count: r, lower: 0,
                                            upper: .infinity, sumZero: false, step: direction) else { continue }
        for alpha in stride(from: 0.05, through: 2.6, by: 0.05) {
          for a in 0..<r {
            point[a] = max(xl[a] + alpha * direction[a], 1e-3 * xl[a])
            step[a] = point[a] - xl[a]
          }
          let rise = pass.gain(line, r: r, p: p, at: point, from: xl, s: linear.pointer)
          let vouched = pass.verdict(step: step, gradient: gradient, hessian: hessian, ratio: ratio, at: xl,
                                     s: linear.pointer, r: r) == .rises
          if vouched {
            certified += 1
            #expect(rise > 0, "line \(line) α \(alpha): certified, but f changes by \(rise)")
          }
          if alpha <= 1 {
            small += 1
            if vouched { certifiedSmall += 1 }
          }
        }
      }
    }
    #expect(certified > 0 && certifiedSmall * 2 > small, "\(certifiedSmall) of \(small) steps with α ≤ 1 certified")
    extendLifetime(state)
    extendLifetime(linear)
  }

  /// A 100 × 60 table at r = 5 (C_μ = 10⁵, H Dirichlet(3)) on which the
  /// sweeps converge at a rate of about 0.996 per sweep along one
  /// direction: the quasi-Newton step that removes such a mode needs
  /// coefficients near 1 / (1 − 0.996) = 250. With the genotypes' cap of
  /// 100 every quasi-Newton point was refused and the fit took ~1,900
  /// sweeps; the count scheme's cap of 10⁶ converges in about a hundred, so
  /// 300 is a wide margin that a refused step cannot meet.
  @Test func slowlyCoupledTableConvergesInFewSweeps() throws {
    let table = try closePopulationsTable(seed: 10)
    let options = FitOptions(populations: 5, restarts: 1, maxIterations: 300, algorithm: .newton)
    let newton = try PoissonNMF.fit(table, options: options)
    #expect(newton.converged && newton.iterations < 300, "\(newton.iterations) sweeps, \(newton.stop)")
  }

  /// Counts near 1,000 make l's terms (Σ V log λ, Σ λ, Σ log V!, each
  /// ~10⁷ here) a thousand times l itself (~3 × 10⁴): l's rounding is
  /// theirs, and a judge that scaled its slack by |l| alone called a fall
  /// of 3 × 10⁻⁸ at sweep 52 on this table a defect.
  @Test func roundingOfCancellingTermsIsNoFall() throws {
    let table = try closePopulationsTable(seed: 3)
    let options = FitOptions(populations: 5, restarts: 1, algorithm: .newton)
    let newton = try PoissonNMF.fit(table, options: options)
    let converged = newton.converged
    #expect(converged, "\(newton.iterations) sweeps, \(newton.stop)")
  }

  /// A 100 × 60 table of five close populations (C_μ = 10⁵, H's columns
  /// Dirichlet(3)), the kind on which EM and block relaxation crawl.
  private func closePopulationsTable(seed: UInt64) throws -> CountTable {
    try SimulatedData.simulate(SimulationParameters(individuals: 100, loci: 60, populations: 5, alpha: 3,
                                                    depth: 1_000, seed: seed)).table
  }
}
