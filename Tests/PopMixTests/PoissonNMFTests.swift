import Testing
@testable import PopMix

@Suite struct PoissonNMFTests {
  /// One multiplicative update written out as the course notes state it,
  /// entry by entry: W'_ia = W_ia Σ_μ (V/λ) C_μ H_aμ, renormalised over i;
  /// H'_aμ = H_aμ Σ_i W_ia V/λ; both from the same λ.
  static func seedUpdate(_ model: Factorization, counts: Matrix) -> Factorization {
    let n = model.individuals, m = model.loci, r = model.populations
    let lambda = model.expectedCounts()
    var W = Matrix(rows: n, columns: r), H = Matrix(rows: r, columns: m)
    for i in 0..<n {
      for a in 0..<r {
        var sum = 0.0
        for mu in 0..<m { sum += counts[i, mu] / lambda[i, mu] * model.totals[mu] * model.H[a, mu] }
        W[i, a] = model.W[i, a] * sum
      }
    }
    for a in 0..<r {
      for mu in 0..<m {
        var sum = 0.0
        for i in 0..<n { sum += model.W[i, a] * counts[i, mu] / lambda[i, mu] }
        H[a, mu] = model.H[a, mu] * sum
      }
    }
    return Factorization(W: W.columnNormalized(), H: H, totals: model.totals)
  }

  @Test func oneUpdateIsTheSeedsUpdate() {
    let data = TestData.simulated()
    let start = PoissonNMF.randomStart(data.table, populations: 3, seed: 11)
    let expected = Self.seedUpdate(start, counts: data.table.counts)
    let (model, trace, passes) = PoissonNMF.trace(data.table, from: start, algorithm: .mu, tolerance: 0, maxIterations: 2)
    #expect(passes == 2 && trace.count == 2)
    for (x, y) in zip(model.W.elements, expected.W.elements) { #expect(abs(x - y) <= 1e-12 * max(abs(y), 1e-3)) }
    for (x, y) in zip(model.H.elements, expected.H.elements) { #expect(abs(x - y) <= 1e-10 * max(abs(y), 1e-3)) }
    for (x, y) in zip(model.totals, expected.totals) { #expect(abs(x - y) <= 1e-9 * y) }
  }

  /// The fitter's fast log-likelihood (zeros skipped, Σλ in closed form, logs
  /// grouped by count) must equal the entry-by-entry definition; summing
  /// ~10⁴ terms of size ~10 in a different order differs by ~1e-12 relative.
  @Test(arguments: [false, true])
  func reportedLogLikelihoodIsTheDefinition(missing: Bool) throws {
    var table = TestData.simulated(seed: 2).table
    if missing { table = TestData.withMissing(table, every: 7) }
    let fit = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 2, seed: 5))
    let reference = fit.model.logLikelihood(of: table.counts)
    #expect(abs(fit.logLikelihood - reference) <= 1e-10 * abs(reference))
  }

  /// EM and ECM never lower the likelihood. A decrease larger than rounding
  /// (sums of ~10⁴ terms: ~1e-12 relative; 1e-10 allowed) is a bug.
  @Test(arguments: [FitAlgorithm.mu, .accelerated], [false, true])
  func logLikelihoodNeverDecreases(algorithm: FitAlgorithm, missing: Bool) {
    for seed in 1...4 as ClosedRange<UInt64> {
      var table = TestData.simulated(seed: seed).table
      if missing { table = TestData.withMissing(table, every: 5) }
      let start = PoissonNMF.randomStart(table, populations: 3, seed: seed &+ 100)
      let (_, trace, passes) = PoissonNMF.trace(table, from: start, algorithm: algorithm, tolerance: 0, maxIterations: 400)
      // SQUAREM is evaluated once a cycle (and may stop early, when a cycle
      // gains nothing at all). Plain EM with tolerance 0 skips every check
      // its gain bound allows, so is evaluated at least every 100 passes
      // (every tenth with hidden entries, which give no bound); its every
      // pass is checked in GainBoundTests.
      #expect(passes <= 400 && trace.count > (algorithm == .mu && !missing ? 4 : 35))
      for t in 1..<trace.count {
        #expect(trace[t] >= trace[t - 1] - 1e-10 * abs(trace[t]), "step \(t): \(trace[t - 1]) -> \(trace[t])")
      }
    }
  }

  @Test(arguments: [false, true])
  func fitsKeepTheModelsInvariants(missing: Bool) throws {
    var table = TestData.simulated(seed: 3).table
    if missing { table = TestData.withMissing(table, every: 6) }
    let fit = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 3, seed: 1))
    let model = fit.model
    #expect(model.W.elements.allSatisfy { $0 >= 0 })
    #expect(model.H.elements.allSatisfy { $0 >= 0 })
    // W is the kernel's own (its columns normalised by the update); H and
    // C are read off G, so their sums are checked on the kernel's state in
    // CountFitCorrectnessTests.passesKeepTheKernelsInvariants.
    #expect(model.W.columnSums().allSatisfy { abs($0 - 1) < 1e-12 })
    // The fitted expected counts sum to the observed total at each locus
    // (the EM fixed point: Σ_i λ_iμ = C_μ); with missing entries, C_μ is
    // estimated, and its observed part matches the observed total instead.
    let expected = model.expectedCounts()
    let totals = table.locusTotals()
    for mu in 0..<table.locusCount {
      var observed = 0.0
      for i in 0..<table.individualCount where !table.counts[i, mu].isNaN { observed += expected[i, mu] }
      #expect(abs(observed - totals[mu]) <= 1e-6 * totals[mu], "locus \(mu): \(observed) against \(totals[mu])")
    }
    // Populations are reported by decreasing mean proportion.
    let shares = model.admixtureProportions.columnSums()
    #expect(shares == shares.sorted(by: >))
  }

  @Test func theSameSeedGivesTheSameFitWhateverTheThreads() throws {
    let table = TestData.simulated(seed: 4).table
    let one = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 4, seed: 9, threads: 1))
    let two = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 4, seed: 9, threads: 2))
    #expect(one.model == two.model)
    #expect(one.restarts == two.restarts)
    let other = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 4, seed: 10, threads: 2))
    #expect(other.restarts.map(\.seed) != one.restarts.map(\.seed))
  }

  @Test func theBestRestartIsKept() throws {
    let table = TestData.simulated(seed: 5).table
    let fit = try PoissonNMF.fit(table, options: FitOptions(populations: 3, restarts: 5, seed: 2, maxIterations: 30))
    #expect(fit.logLikelihood == fit.restarts.map(\.logLikelihood).max())
    #expect(fit.restarts[fit.bestRestart].logLikelihood == fit.logLikelihood)
    #expect(fit.restarts.allSatisfy { $0.iterations <= 30 })
  }

  /// Run to a tight tolerance, both algorithms reach the same optimum: the
  /// remaining gain is then about tolerance × |l| (2e4) × the plain update's
  /// slowest rate (≲ 10⁴ passes), a few 1e-4 log-units, so 1e-3 separates
  /// "same optimum" from a different one. The accelerated fit must need
  /// well under a third of the passes.
  @Test func accelerationReachesTheSameOptimumFaster() throws {
    let table = TestData.simulated(individuals: 60, loci: 120, hybrids: 6, seed: 6).table
    let start = PoissonNMF.randomStart(table, populations: 3, seed: 77)
    let plain = PoissonNMF.trace(table, from: start, algorithm: .mu, tolerance: 1e-12, maxIterations: 100_000)
    let fast = PoissonNMF.trace(table, from: start, algorithm: .accelerated, tolerance: 1e-12, maxIterations: 100_000)
    #expect(abs(fast.logLikelihoods.last! - plain.logLikelihoods.last!) <= 1e-3)
    #expect(fast.passes * 3 < plain.passes)
  }

  @Test func refusesWhatTheDataCannotSupport() {
    let table = TestData.simulated(individuals: 10, loci: 6, populations: 2, hybrids: 0).table
    #expect(throws: PopMixError.badSetting(.populations, 7, .atMostForData("6", because: "the smaller of 10 individuals and 6 loci"))) {
      try PoissonNMF.fit(table, options: FitOptions(populations: 7))
    }
    #expect(throws: PopMixError.badSetting(.populations, 0, .atLeast("1"))) {
      try PoissonNMF.fit(table, options: FitOptions(populations: 0))
    }
    var zeroRow = table
    for mu in 0..<zeroRow.locusCount { zeroRow.counts[2, mu] = 0 }
    #expect {
      try PoissonNMF.fit(zeroRow, options: FitOptions(populations: 2))
    } throws: { error in
      String(describing: error).contains("individual '\(table.individuals[2])' has no observed count above zero")
    }
  }
}
