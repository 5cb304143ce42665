import Testing
@testable import PopMix

/// The SVD start of Newton fits.
@Suite struct SVDStartTests {
  /// On simulated admixed data (3 populations, 150 individuals, 3,000
  /// SNPs, F_ST 0.1), the start already separates the populations: its Q
  /// is within 0.1 RMSE of the truth after matching columns (measured 0.074;
  /// the converged fit's is 0.027, a start that lost a population is
  /// several times further), and its log-likelihood within 2 × 10⁻³ per
  /// call of the converged fit's. It is the same for the same seed and any
  /// threads.
  @Test func theStartIsNearTheOptimum() throws {
    let simulated = BinomialAdmixtureTests.genotypes(individuals: 150, snps: 3_000, populations: 3, hybrids: 15, seed: 4)
    let genotypes = simulated.data.droppingMonomorphic().genotypes
    let start = BinomialAdmixture.svdStart(genotypes, populations: 3, seed: 1, threads: 1)
    #expect(start == BinomialAdmixture.svdStart(genotypes, populations: 3, seed: 1, threads: 2))
    let ids = simulated.data.sampleIDs, names = TSV.populationNames(3)
    let comparison = try TruthComparison(
      estimate: ProportionTable(individuals: ids, populations: names, proportions: start.Q),
      truth: ProportionTable(individuals: ids, populations: names, proportions: simulated.truth.Q),
      labels: simulated.labels, threshold: 0.9)
    #expect(comparison.proportionRMSE <= 0.1, "start Q RMSE \(comparison.proportionRMSE)")
    let fit = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 1e-10, maxIterations: 500)
    let calls = Double(genotypes.individuals * genotypes.snps - genotypes.missingCount)
    let gap = (fit.logLikelihoods.last! - start.logLikelihood(of: genotypes)) / calls
    #expect(gap >= 0 && gap <= 2e-3, "gap per call \(gap)")
    for i in 0..<start.individuals { #expect(abs(start.Q.row(i).reduce(0, +) - 1) <= 1e-12) }
    #expect(start.P.elements.allSatisfy { $0 >= GenotypeKernel.boundary && $0 <= 1 - GenotypeKernel.boundary })
  }
}
