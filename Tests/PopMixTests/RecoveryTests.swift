import Testing
@testable import PopMix

/// Statistical tests: popmix must recover what it simulated. Beetle-sized
/// data (120 individuals × 300 loci, 3 populations, 10% hybrids, depth 10),
/// fixed seeds. The thresholds are the project's acceptance criteria; on
/// these seeds the measured values sit well inside them (Q RMSE ≈ 0.01),
/// so a failure means a real loss of accuracy, not bad luck.
@Suite struct RecoveryTests {
  static let seeds: [UInt64] = [1, 2, 3, 4, 5]

  @Test(arguments: seeds)
  func fitRecoversProportionsAndHybrids(seed: UInt64) throws {
    let data = TestData.simulated(individuals: 120, loci: 300, populations: 3, hybrids: 12, seed: seed)
    let fit = try PoissonNMF.fit(data.table, options: FitOptions(populations: 3, restarts: 5, seed: seed, threads: 2))
    let ids = data.table.individuals
    let estimate = ProportionTable(individuals: ids, populations: TSV.populationNames(3),
                                   proportions: fit.model.admixtureProportions)
    let truth = ProportionTable(individuals: ids, populations: TSV.populationNames(3),
                                proportions: data.truth.admixtureProportions)
    let comparison = try TruthComparison(estimate: estimate, truth: truth, labels: data.labels, threshold: 0.9)
    #expect(comparison.proportionRMSE <= 0.05)
    let hybrids = try #require(comparison.hybrids)
    #expect(hybrids.precision >= 0.9)
    #expect(hybrids.recall >= 0.9)
  }

  /// The scan must pick the true number of populations in at least 9 of 10
  /// seeds (the acceptance criterion; a miss on one seed is tolerated).
  @Test func scanChoosesTheTrueNumberOfPopulations() throws {
    var chosen: [UInt64: Int] = [:]
    for seed in 1...10 as ClosedRange<UInt64> {
      let data = TestData.simulated(individuals: 120, loci: 300, populations: 3, hybrids: 12, seed: seed)
      let scan = try PopulationScan.run(data.table, options: ScanOptions(populations: 1...5, restarts: 2, folds: 5,
                                                                         seed: seed, threads: 2))
      chosen[seed] = scan.chosen
      // The full-data likelihood grows with r (nested models), up to the
      // fits' convergence slack of about tolerance × |l| × passes.
      for (smaller, larger) in zip(scan.rows, scan.rows.dropFirst()) {
        #expect(larger.logLikelihood >= smaller.logLikelihood - 1e-6 * abs(smaller.logLikelihood))
      }
    }
    let hits = chosen.values.filter { $0 == 3 }.count
    #expect(hits >= 9, "chosen per seed: \(chosen.sorted { $0.key < $1.key })")
  }
}
