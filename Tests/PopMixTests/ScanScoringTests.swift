import Foundation
import Testing
@testable import PopMix

/// The scan's pieces: fold assignment, the held-out scorers, the parameter
/// counts and BIC, and the folds it refuses.
@Suite struct ScanScoringTests {
  /// Every observed entry gets one fold, the folds' sizes differ by at most
  /// one, missing entries get none, and the seed (only) changes the deal.
  @Test func foldsDealTheObservedEntriesEvenly() {
    let table = TestData.withMissing(TestData.simulated(seed: 3).table, every: 9)
    let folds = CountScorer.assignFolds(table.counts, folds: 7, seed: 4)
    var sizes = [Int](repeating: 0, count: 7)
    for (index, fold) in folds.enumerated() {
      if table.counts.elements[index].isNaN {
        #expect(fold == -1)
      } else {
        #expect((0..<7).contains(fold))
        if (0..<7).contains(fold) { sizes[fold] += 1 }
      }
    }
    #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
    #expect(sizes.reduce(0, +) == table.counts.elements.count - table.missingCount)
    #expect(CountScorer.assignFolds(table.counts, folds: 7, seed: 5) != folds)
  }

  /// The Poisson held-out score is the mean of log P(V | λ) over the hidden
  /// entries whose individual and locus keep a count in training, written
  /// out here for a 3 × 3 table.
  @Test func countScoreIsTheMeanHeldOutLogProbability() {
    let counts = Matrix(rows: 3, columns: 4, elements: [4, 1, 2, 3,
                                                        1, 3, 2, .nan,
                                                        0, 0, 0, 5])
    let model = Factorization(W: Matrix(rows: 3, columns: 1, elements: [0.5, 0.3, 0.2]),
                              H: Matrix(rows: 1, columns: 4, elements: [1, 1, 1, 1]), totals: [6, 4, 5, 9])
    // Hide (0, 2), (1, 1) and (2, 3); individual 2 keeps nothing else with
    // a count, so (2, 3) cannot be scored.
    var hidden = [Bool](repeating: false, count: 12)
    for index in [2, 5, 11] { hidden[index] = true }
    let training = ObservedCounts(counts: counts, hidden: hidden)
    func logP(_ v: Double, _ lambda: Double) -> Double { v * log(lambda) - lambda - lgamma(v + 1) }
    let expected = (logP(2, 0.5 * 5) + logP(3, 0.3 * 4)) / 2
    let score = CountScorer.heldOutScore(model, counts: counts, hidden: { hidden[$0] }, training: training)
    #expect(abs(score! - expected) < 1e-12, "\(score!) against \(expected)")
    // Nothing scorable: no score, not 0.
    var onlyTheLast = [Bool](repeating: false, count: 12)
    onlyTheLast[11] = true
    #expect(CountScorer.heldOutScore(model, counts: counts, hidden: { onlyTheLast[$0] },
                                        training: ObservedCounts(counts: counts, hidden: onlyTheLast)) == nil)
  }

  /// The genotype score is the mean binomial deviance of the fold's calls,
  /// written out here call by call.
  @Test func genotypeScoreIsTheMeanHeldOutDeviance() {
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 9, snps: 30, populations: 2, hybrids: 1).data.genotypes
    let model = BinomialAdmixture.randomStart(genotypes, populations: 2, seed: 3)
    let folds = 3, seed: UInt64 = 8
    let training = GenotypeScorer.hiding(genotypes, fold: 1, folds: folds, seed: seed)
    var total = 0.0, calls = 0
    for i in 0..<9 {
      for j in 0..<30 where GenotypeScorer.fold(individual: i, snp: j, individuals: 9, folds: folds, seed: seed) == 1 {
        guard let (g, t) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        let p = model.Q[i, 0] * model.P[j, 0] + model.Q[i, 1] * model.P[j, 1]
        let expectedFirst = Double(t) * p, expectedSecond = Double(t) * (1 - p)
        var d = 0.0
        if g > 0 { d += Double(g) * log(Double(g) / expectedFirst) }
        if t > g { d += Double(t - g) * log(Double(t - g) / expectedSecond) }
        total += 2 * d
        calls += 1
      }
    }
    #expect(calls > 0)
    let deviance = GenotypeScorer.heldOutDeviance(model, genotypes: genotypes, training: training, fold: 1,
                                                folds: folds, seed: seed)
    #expect(abs(deviance! - total / Double(calls)) < 1e-12)
  }

  /// Free parameters and BIC, for both models: r (n + m − 1) for counts,
  /// whose W has r (n − 1) after its column sums and G r m; n (K − 1) + K m
  /// for genotypes, whose Q rows sum to one. BIC = −2 l + k ln N, N the
  /// observed entries or calls, counted here from the data.
  @Test func parametersAndBICFollowEachModel() throws {
    let table = TestData.withMissing(TestData.simulated(seed: 5).table, every: 11)
    let n = table.individualCount, m = table.locusCount
    let counts = try PopulationScan.run(table, options: ScanOptions(populations: 1...2, restarts: 1, folds: 2))
    let entries = Double(table.counts.elements.filter { !$0.isNaN }.count)
    for row in counts.rows {
      let r = row.populations
      #expect(row.parameters == r * (n + m - 1))
      #expect(abs(row.bic - (-2 * row.logLikelihood + Double(r * (n + m - 1)) * log(entries))) <= 1e-9 * abs(row.bic))
    }
    var genotypes = BinomialAdmixtureTests.damaged(BinomialAdmixtureTests.genotypes().data.genotypes,
                                                   missingEvery: 13, haploid: false)
    genotypes.keepSNPs(genotypes.polymorphicSNPs())
    let (gn, gm) = (genotypes.individuals, genotypes.snps)
    var calls = 0
    for i in 0..<gn { for j in 0..<gm where genotypes[individual: i, snp: j].alleleCounts != nil { calls += 1 } }
    let scan = try PopulationScan.run(genotypes, options: ScanOptions(populations: 1...3, restarts: 1, folds: 2))
    for row in scan.rows {
      let K = row.populations
      #expect(row.parameters == gn * (K - 1) + K * gm, "K \(K): \(row.parameters)")
      #expect(abs(row.bic - (-2 * row.logLikelihood + Double(gn * (K - 1) + K * gm) * log(Double(calls))))
              <= 1e-9 * abs(row.bic))
    }
  }

  /// More folds than observed entries, or a fold with nothing to score,
  /// is refused; an empty fold once entered the mean as a score of 0.
  @Test func foldsThatCannotBeScoredAreRefused() {
    let table = CountTable(individuals: ["a", "b"], loci: ["x", "y"],
                           counts: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 1]))
    let tooMany = FitSafeguardTests.message {
      _ = try PopulationScan.run(table, options: ScanOptions(populations: 1...1, restarts: 1, folds: 5))
    }
    #expect(tooMany?.contains("5 cross-validation folds are more than the 4 observed entries") == true,
            "\(tooMany ?? "no error")")
    // Four folds of one entry: hiding a's only count leaves a nothing to
    // train on, so that fold has no entry to score.
    let empty = FitSafeguardTests.message {
      _ = try PopulationScan.run(table, options: ScanOptions(populations: 1...1, restarts: 1, folds: 4))
    }
    #expect(empty?.contains("has no held-out entry that can be scored") == true, "\(empty ?? "no error")")
  }
}
