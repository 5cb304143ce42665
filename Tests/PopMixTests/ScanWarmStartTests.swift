import Testing
@testable import PopMix

/// Folds started from the full fit against folds started afresh.
@Suite struct ScanWarmStartTests {
  /// On genotypes of 3 populations (90 individuals, 2,000 SNPs), both ways
  /// choose K = 3, and at and below the true K the warm folds' deviances are
  /// within one standard error of the independent ones (the fits move away
  /// from the start there; docs/model.md §8 measures the leak above it).
  /// The two ways run different fits: some fold score differs.
  @Test func warmFoldsChooseAsIndependentOnesDo() throws {
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 90, snps: 2_000, populations: 3, hybrids: 6, seed: 8)
      .data.droppingMonomorphic().genotypes
    var options = ScanOptions.forGenotypes(populations: 1...4)
    options.folds = 4
    options.threads = 2
    let warm = try PopulationScan.run(genotypes, options: options)
    options.independentFolds = true
    let independent = try PopulationScan.run(genotypes, options: options)
    #expect(warm.chosen == 3 && independent.chosen == 3, "warm \(warm.chosen), independent \(independent.chosen)")
    for (a, b) in zip(warm.rows, independent.rows) where a.populations <= 3 {
      #expect(abs(a.heldOut - b.heldOut) <= b.heldOutStandardError, "K \(a.populations): \(a.heldOut) vs \(b.heldOut)")
    }
    #expect(zip(warm.rows, independent.rows).contains { $0.foldScores != $1.foldScores })
  }

  /// Warm folds by Newton sweeps stop at ten times the scan's tolerance;
  /// independent folds, and EM's folds (whose leak grows when they stop
  /// early), at the scan's own; every fold has a seed of its own.
  @Test func foldTolerancesFollowTheStartAndTheAlgorithm() {
    var options = ScanOptions.forGenotypes(populations: 1...3)
    let full = options.fitOptions(populations: 2, stream: 0)
    #expect(options.foldFitOptions(populations: 2, fold: 0).tolerance == 10 * full.tolerance)
    #expect(options.foldFitOptions(populations: 2, fold: 0).seed != options.foldFitOptions(populations: 2, fold: 1).seed)
    options.independentFolds = true
    #expect(options.foldFitOptions(populations: 2, fold: 0).tolerance == full.tolerance)
    let counts = ScanOptions(populations: 1...3)
    #expect(counts.foldFitOptions(populations: 2, fold: 0).tolerance == counts.fitOptions(populations: 2, stream: 0).tolerance)
  }
}
