import Testing
@testable import PopMix

@Suite struct BinomialAdmixtureTests {
  /// Simulated genotypes; n = 37 is not a multiple of four, so the last
  /// byte of every SNP carries padding slots.
  static func genotypes(individuals: Int = 37, snps: Int = 120, populations: Int = 3, hybrids: Int = 4,
                        seed: UInt64 = 1) -> SimulatedGenotypes {
    try! SimulatedGenotypes.simulate(SimulationParameters(
      individuals: individuals, loci: snps, populations: populations, hybrids: hybrids, seed: seed))
  }

  /// `genotypes` with about one call in `every` set missing and, if asked,
  /// some calls turned haploid (one copy), as a VCF of a mixed-ploidy
  /// sample would give.
  static func damaged(_ genotypes: GenotypeMatrix, missingEvery every: Int, haploid: Bool) -> GenotypeMatrix {
    var copy = genotypes
    var k = 0
    for j in 0..<copy.snps {
      for i in 0..<copy.individuals {
        k += 1
        if k % every == 0 {
          copy[individual: i, snp: j] = .missing
        } else if haploid && k % 11 == 0 {
          let (first, _) = copy[individual: i, snp: j].alleleCounts!
          copy[individual: i, snp: j] = .haploid(copiesOfFirst: first >= 1 ? 1 : 0)
        }
      }
    }
    return copy
  }

  /// ADMIXTURE's EM step written out call by call, from the definitions:
  /// for a call with g copies of A1 among t, the expected share of its A1
  /// copies from population k is Q_ik P_jk / p and of its other copies
  /// Q_ik (1 − P_jk) / (1 − p). Q_ik' = Σ_j (expected copies from k) / Σ_j t;
  /// P_jk' = Σ_i (A1 copies from k) / Σ_i (all copies from k).
  static func referenceUpdate(_ model: AdmixtureModel, _ genotypes: GenotypeMatrix) -> AdmixtureModel {
    let n = model.individuals, m = model.snps, K = model.populations
    var Q = Matrix(rows: n, columns: K), first = Matrix(rows: m, columns: K), all = Matrix(rows: m, columns: K)
    for i in 0..<n {
      for j in 0..<m {
        guard let (g, t) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        let p = model.expectedFrequency(individual: i, snp: j)
        for k in 0..<K {
          let fromFirst = Double(g) * model.Q[i, k] * model.P[j, k] / p
          let fromSecond = Double(t - g) * model.Q[i, k] * (1 - model.P[j, k]) / (1 - p)
          Q[i, k] += fromFirst + fromSecond
          first[j, k] += fromFirst
          all[j, k] += fromFirst + fromSecond
        }
      }
    }
    // The constrained M-step: each Q row maximises Σ_k N_ik log q_k with
    // q_k ≥ ε (found by bisection), frequencies clamped to [ε, 1 − ε].
    let epsilon = GenotypeKernel.boundary
    for i in 0..<n {
      let row = FlooredSimplexTests.reference(Array(Q.row(i)), floor: epsilon)
      for k in 0..<K { Q[i, k] = row[k] }
    }
    var P = Matrix(rows: m, columns: K)
    for index in P.elements.indices {
      P.elements[index] = min(max(first.elements[index] / all.elements[index], epsilon), 1 - epsilon)
    }
    return AdmixtureModel(Q: Q, P: P)
  }

  /// One kernel pass equals the reference step, for K with unrolled loops
  /// (3) and without (10), with missing and haploid calls. Every third
  /// individual starts with a proportion of 2e-6, so that its update meets
  /// the floor ε. The values are sums of ~10³ terms in another order:
  /// 1e-12 relative is rounding.
  @Test(arguments: [3, 10], [false, true])
  func onePassIsTheEMStep(populations K: Int, haploid: Bool) {
    let simulated = Self.genotypes(populations: 3)
    let genotypes = Self.damaged(simulated.data.genotypes, missingEvery: 7, haploid: haploid)
    var start = BinomialAdmixture.randomStart(genotypes, populations: K, seed: 9)
    for i in stride(from: 0, to: start.individuals, by: 3) {
      start.Q[i, 0] = 2e-6
      let sum = start.Q.row(i).reduce(0, +)
      for k in 0..<K { start.Q[i, k] /= sum }
    }
    let expected = Self.referenceUpdate(start, genotypes)
    let (model, trace, _) = BinomialAdmixture.trace(genotypes, from: start, algorithm: .mu, tolerance: 0, maxIterations: 2)
    #expect(trace.count == 2)
    for (x, y) in zip(model.Q.elements, expected.Q.elements) { #expect(abs(x - y) <= 1e-12 * max(y, 1e-3)) }
    for (x, y) in zip(model.P.elements, expected.P.elements) { #expect(abs(x - y) <= 1e-12 * max(y, 1e-6)) }
    // The first pass reports l(start), the definition summed call by call.
    let reference = start.logLikelihood(of: genotypes)
    #expect(abs(trace[0] - reference) <= 1e-12 * abs(reference))
  }

  /// EM never lowers the likelihood, SQUAREM's step-back keeps it so, and
  /// Newton sweeps check every step. A decrease larger than rounding (1e-12
  /// relative) is a bug.
  @Test(arguments: FitAlgorithm.allCases, [false, true])
  func logLikelihoodNeverDecreases(algorithm: FitAlgorithm, missing: Bool) {
    for seed in 1...3 as ClosedRange<UInt64> {
      var genotypes = Self.genotypes(seed: seed).data.genotypes
      if missing { genotypes = Self.damaged(genotypes, missingEvery: 5, haploid: true) }
      let start = BinomialAdmixture.randomStart(genotypes, populations: 3, seed: seed &+ 100)
      let (model, trace, _) = BinomialAdmixture.trace(genotypes, from: start, algorithm: algorithm, tolerance: 0,
                                                   maxIterations: 300)
      for (before, after) in zip(trace, trace.dropFirst()) {
        #expect(after >= before - 1e-12 * abs(before), "seed \(seed): \(before) -> \(after)")
      }
      // The invariants: Q's rows on the simplex and at least ε (to
      // rounding), P inside [ε, 1 − ε].
      for i in 0..<model.individuals {
        let row = model.Q.row(i)
        #expect(abs(row.reduce(0, +) - 1) <= 1e-12)
        #expect(row.allSatisfy { $0 >= GenotypeKernel.boundary * (1 - 1e-12) }, "\(row)")
      }
      #expect(model.P.elements.allSatisfy { $0 >= GenotypeKernel.boundary && $0 <= 1 - GenotypeKernel.boundary })
    }
  }

  /// The SNP blocks are fixed by the data, so the number of threads changes
  /// nothing, bit for bit (100 × 4,000 calls make four blocks).
  @Test func threadsDoNotChangeTheResult() throws {
    let genotypes = Self.genotypes(individuals: 100, snps: 4_000, seed: 3).data.genotypes
    #expect(GenotypeKernel(genotypes: genotypes, populations: 3).blocks.count > 1)
    let start = BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 4)
    let one = BinomialAdmixture.trace(genotypes, from: start, tolerance: 0, maxIterations: 40, threads: 1)
    let two = BinomialAdmixture.trace(genotypes, from: start, tolerance: 0, maxIterations: 40, threads: 2)
    #expect(one.model == two.model)
    #expect(one.logLikelihoods == two.logLikelihoods)
  }

  /// Recovery on ADMIXTURE's own model: 120 individuals (12 F1 hybrids) at
  /// 10,000 SNPs, F_ST 0.1. A proportion's sampling error shrinks with the
  /// SNPs (measured Q RMSE: 0.030 at 3,000 SNPs, 0.011 at 12,000, for 200
  /// individuals), so ≤ 0.02 holds with room on these seeds and still
  /// catches a real loss; hybrids (Q = ½, ½) must all be found and no pure
  /// individual called one at 0.9.
  @Test(arguments: [1, 2] as [UInt64])
  func fitRecoversProportionsAndHybrids(seed: UInt64) throws {
    let simulated = Self.genotypes(individuals: 120, snps: 10_000, populations: 3, hybrids: 12, seed: seed)
    var options = FitOptions.forGenotypes(populations: 3)
    options.restarts = 2
    options.seed = seed
    options.threads = 2
    let genotypes = simulated.data.droppingMonomorphic().genotypes
    let fit = try BinomialAdmixture.fit(genotypes, options: options)
    #expect(fit.converged)
    let ids = simulated.data.sampleIDs
    let names = TSV.populationNames(3)
    let comparison = try TruthComparison(
      estimate: ProportionTable(individuals: ids, populations: names, proportions: fit.model.Q),
      truth: ProportionTable(individuals: ids, populations: names, proportions: simulated.truth.Q),
      labels: simulated.labels, threshold: 0.9)
    #expect(comparison.proportionRMSE <= 0.02, "Q RMSE \(comparison.proportionRMSE)")
    let hybrids = try #require(comparison.hybrids)
    #expect(hybrids.precision == 1)
    #expect(hybrids.recall == 1)
    // The fit's likelihood is at least the truth's (it is the maximum).
    #expect(fit.logLikelihood >= simulated.truth.logLikelihood(of: simulated.data.genotypes))
  }

  /// Acceleration reaches plain EM's optimum or a better one.
  @Test func acceleratedReachesPlainEMsOptimum() throws {
    let genotypes = Self.genotypes(individuals: 60, snps: 500, seed: 5).data.genotypes
    let start = BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 6)
    let mu = BinomialAdmixture.trace(genotypes, from: start, algorithm: .mu, tolerance: 1e-10, maxIterations: 20_000)
    let fast = BinomialAdmixture.trace(genotypes, from: start, algorithm: .accelerated, tolerance: 1e-10,
                                       maxIterations: 20_000)
    #expect(fast.logLikelihoods.last! >= mu.logLikelihoods.last! - 1e-8 * abs(mu.logLikelihoods.last!))
    #expect(fast.passes < mu.passes)
  }
}
