import Testing
@testable import PopMix

/// The pieces behind `fit --seeds` and scan's warnings: grouping seeds by
/// the optimum they reached, and when a scan warns.
@Suite struct SeveralRunsTests {
  /// Four individuals' proportions with two populations.
  static let q = Matrix(rows: 4, columns: 2, elements: [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.05, 0.95])
  /// The same with the columns swapped (what another seed's labels give).
  static let swapped = q.selectingColumns([1, 0])
  /// A different clustering of the same individuals.
  static let other = Matrix(rows: 4, columns: 2, elements: [0.2, 0.8, 0.9, 0.1, 0.6, 0.4, 0.5, 0.5])

  /// Seeds 1 and 2 agree (columns swapped, log-likelihoods 0.05 apart);
  /// seed 3 is as high but its Q differs, seed 4 has seed 1's Q 3 units
  /// below: four seeds, three optima, and seed 5, 0.09 below seed 4 with
  /// its Q shifted by 0.005, joins seed 4's.
  /// ``q`` with `amount` moved from the second column to the first in
  /// every row: an RMSE of `amount` from ``q``.
  static func shifted(by amount: Double) -> Matrix {
    var moved = q
    for i in 0..<moved.rows {
      moved[i, 0] += amount
      moved[i, 1] -= amount
    }
    return moved
  }

  @Test func seedsAreGroupedByLogLikelihoodAndMatchedQ() {
    let nudged = Self.shifted(by: 0.005)
    let grouping = DistinctOptima([
      .init(seed: 4, logLikelihood: -103, proportions: Self.q),
      .init(seed: 1, logLikelihood: -100, proportions: Self.q),
      .init(seed: 3, logLikelihood: -100.02, proportions: Self.other),
      .init(seed: 2, logLikelihood: -100.05, proportions: Self.swapped),
      .init(seed: 5, logLikelihood: -103.09, proportions: nudged),
    ])
    #expect(grouping.groups.map(\.seeds) == [[1, 2], [3], [4, 5]])
    #expect(grouping.groups.map(\.logLikelihood) == [-100, -100.02, -103])
    #expect(abs(grouping.groups[2].gap - 3) < 1e-12)
    #expect(abs(grouping.groups[2].largestRMSE - 0.005) < 1e-12, "\(grouping.groups[2])")
    #expect(grouping.groups[0].largestRMSE < 1e-12, "swapped columns must match exactly")
    #expect(grouping.bestSeed == 1)
  }

  /// A log-likelihood just beyond the tolerance starts its own group, even
  /// with an identical Q; a Q just beyond the RMSE tolerance does too.
  @Test func groupingRespectsBothTolerances() {
    let apart = DistinctOptima([
      .init(seed: 1, logLikelihood: -50, proportions: Self.q),
      .init(seed: 2, logLikelihood: -50 - DistinctOptima.logLikelihoodTolerance * 1.5, proportions: Self.q),
    ])
    #expect(apart.groups.count == 2)
    let moved = Self.shifted(by: 0.015)
    let different = DistinctOptima([
      .init(seed: 1, logLikelihood: -50, proportions: Self.q),
      .init(seed: 2, logLikelihood: -50, proportions: moved),
    ])
    #expect(different.groups.count == 2)
  }

  /// A scan result over `populations` with these held-out scores (higher
  /// is better) and standard errors 0.001.
  static func result(_ populations: ClosedRange<Int>, heldOut: [Double]) -> ScanResult {
    let rows = zip(populations, heldOut).map { r, score in
      ScanResult.Row(populations: r, logLikelihood: 0, parameters: r, bic: 0, heldOut: score,
                     heldOutStandardError: 0.001, foldScores: [score], converged: true)
    }
    let (chosen, best) = PopulationScan.choose(rows)
    return ScanResult(rows: rows, chosen: chosen, bestHeldOut: best, observedEntries: 100, seconds: 0)
  }

  /// Chosen at the largest K: the range warning, and on genotypes, with
  /// scores improving at every step, the linkage hint; count tables get
  /// no linkage hint.
  @Test func aChoiceAtTheLargestKWarnsAndGenotypesGetTheLinkageHint() {
    let rising = Self.result(2...5, heldOut: [-0.9, -0.8, -0.7, -0.6])
    #expect(rising.chosen == 5)
    let genotypes = rising.warnings(measure: .binomialDeviance)
    #expect(genotypes.count == 2, "\(genotypes)")
    #expect(genotypes.first?.contains("largest tried") == true)
    #expect(genotypes.last?.contains("plink --indep-pairwise 50 10 0.1") == true)
    let table = rising.warnings(measure: .poisson)
    #expect(table.count == 1 && table[0].contains("largest tried"), "\(table)")
    let oneStep = Self.result(1...2, heldOut: [-0.9, -0.8]).warnings(measure: .binomialDeviance)
    #expect(oneStep.count == 1 && oneStep[0].contains("largest tried"), "one step is no trend: \(oneStep)")
  }

  /// Chosen at the smallest K above 1: the range warning; at 1, none; in
  /// the middle, none; a range of one K, none; a rise that stops before
  /// the largest K, no linkage hint.
  @Test func otherChoicesWarnOnlyAtTheLowerEndAboveOne() {
    let falling = Self.result(3...5, heldOut: [-0.5, -0.6, -0.7])
    #expect(falling.chosen == 3)
    let warnings = falling.warnings(measure: .binomialDeviance)
    #expect(warnings.count == 1 && warnings[0].contains("smallest tried"), "\(warnings)")
    #expect(Self.result(1...3, heldOut: [-0.5, -0.6, -0.7]).warnings(measure: .binomialDeviance).isEmpty)
    #expect(Self.result(1...4, heldOut: [-0.9, -0.5, -0.6, -0.7]).warnings(measure: .binomialDeviance).isEmpty)
    #expect(Self.result(2...2, heldOut: [-0.5]).warnings(measure: .binomialDeviance).isEmpty)
    let plateau = Self.result(1...4, heldOut: [-0.9, -0.5, -0.4, -0.4])
    #expect(!plateau.warnings(measure: .binomialDeviance).contains { $0.contains("indep-pairwise") })
  }
}
