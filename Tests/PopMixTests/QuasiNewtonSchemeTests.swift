import Testing
@testable import PopMix

/// The quasi-Newton schemes over genotype Newton sweeps (docs/model.md §9, Acceleration).
@Suite struct QuasiNewtonSchemeTests {
  /// On a hard set (low F_ST stand-in: many populations for few SNPs, from
  /// random starts where secant steps overshoot and get halved), every
  /// scheme's accepted log-likelihoods never fall by more than rounding.
  /// A halved or chained point accepted without its check fails this.
  @Test(arguments: [QuasiNewtonScheme.classic, .ridge])
  func acceptedPointsNeverLowerTheLikelihood(scheme: QuasiNewtonScheme) {
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 60, snps: 400, populations: 3, seed: 21).data.genotypes
    for seed in 1...3 as ClosedRange<UInt64> {
      let start = BinomialAdmixture.randomStart(genotypes, populations: 6, seed: seed)
      let kernel = BinomialAdmixture.kernel(genotypes, populations: 6, threads: 1, algorithm: .newton, fixed: nil)
      var driver = EMDriver(problem: kernel, start: GenotypeState(start), tolerance: 0, maxPasses: 150,
                            recordTrace: true, restart: 0, observer: nil)
      driver.scheme = scheme
      driver.run(.newton)
      let trace = driver.trace.map(\.logLikelihood)
      #expect(trace.count > 40)
      for (before, after) in zip(trace, trace.dropFirst()) {
        #expect(after >= before - 1e-12 * abs(before), "seed \(seed): \(before) -> \(after)")
      }
      #expect(driver.currentLogLikelihood == trace.last)
      #expect(driver.passes <= 150)
    }
  }

  /// The genotype model takes the ridge scheme and the count model keeps
  /// Zhou, Alexander and Lange's, whose pass counts it was tuned on.
  @Test func eachModelHasItsScheme() {
    #expect(BinomialAdmixture.quasiNewtonScheme == .ridge)
    #expect(PoissonNMF.quasiNewtonScheme == .classic)
  }
}
