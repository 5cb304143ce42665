import Foundation
import Testing
@testable import PopMix

@Suite struct ReportTests {
  let q = ProportionTable(
    individuals: ["a", "b", "c", "d"], populations: ["pop0", "pop1", "pop2"],
    proportions: Matrix(rows: 4, columns: 3, elements: [0.5, 0.5, 0, 0.95, 0.03, 0.02, 0.2, 0.1, 0.7, 0.9, 0.1, 0]))

  @Test func hybridsAreBelowTheThreshold() {
    let calls = q.hybrids(threshold: 0.9)
    // "d" sits exactly at the threshold: not below it, so not a hybrid.
    #expect(calls.map(\.id) == ["a", "c"])
    #expect(calls[0].populations == [0, 1] && calls[0].proportions == [0.5, 0.5])
    #expect(calls[1].populations == [2, 0] && calls[1].proportions == [0.7, 0.2])
    #expect(q.hybrids(threshold: 0.5).isEmpty)
  }

  @Test func matchingFindsAKnownPermutation() {
    let truth = Matrix(rows: 3, columns: 3, elements: [1, 0, 0, 0, 1, 0, 0.2, 0.3, 0.5])
    let estimate = truth.selectingColumns([2, 0, 1])
    let order = ColumnMatching.bestOrder(estimate: estimate, truth: truth)
    #expect(estimate.selectingColumns(order) == truth)
    #expect(ColumnMatching.rmse(estimate: estimate, truth: truth) == 0)
  }

  @Test func comparisonCountsHybridCalls() throws {
    let truth = ProportionTable(individuals: q.individuals, populations: q.populations,
                                proportions: q.proportions.selectingColumns([1, 2, 0]))
    let labels = [IndividualLabel(id: "a", status: .hybrid, populations: [0, 1]),
                  IndividualLabel(id: "b", status: .hybrid, populations: [0, 2]),
                  IndividualLabel(id: "c", status: .pure, populations: [2]),
                  IndividualLabel(id: "d", status: .pure, populations: [0])]
    let comparison = try TruthComparison(estimate: q, truth: truth, labels: labels, threshold: 0.9)
    #expect(comparison.proportionRMSE == 0)
    let h = try #require(comparison.hybrids)
    #expect((h.truePositives, h.falsePositives, h.falseNegatives) == (1, 1, 1))
    #expect(h.precision == 0.5 && h.recall == 0.5)
  }

  @Test func readsAdmixtureQFilesAndRefusesBadRows() throws {
    let directory = try TemporaryDirectory()
    let good = directory.path("x.3.Q")
    try "0.500000 0.500000 0.000000\n0.100000 0.200000 0.700000\n".write(toFile: good, atomically: true, encoding: .utf8)
    let table = try ProportionTable.read(path: good)
    #expect(table.individuals == ["ind1", "ind2"] && table.populations == ["pop0", "pop1", "pop2"])
    let bad = directory.path("bad.Q")
    try "0.5 0.5 0\n0.5 0.6 0\n".write(toFile: bad, atomically: true, encoding: .utf8)
    #expect(throws: PopMixError.badData("the proportions on this row sum to 1.1, not 1; is this a Q file?",
                               at: SourceLocation(path: bad, line: 2, column: 1))) {
      try ProportionTable.read(path: bad)
    }
  }

  static func row(_ r: Int, _ heldOut: Double, _ se: Double) -> ScanResult.Row {
    ScanResult.Row(populations: r, logLikelihood: 0, parameters: 0, bic: 0, heldOut: heldOut,
                   heldOutStandardError: se, foldScores: [], converged: true)
  }

  @Test func theOneStandardErrorRulePrefersTheSimplerModel() {
    // r = 4 is best, but r = 3 is within one of its standard errors.
    let rows = [Self.row(1, -5, 0.01), Self.row(2, -3, 0.01), Self.row(3, -2.395, 0.01), Self.row(4, -2.39, 0.01)]
    #expect(PopulationScan.choose(rows) == (chosen: 3, best: 4))
    // Outside one standard error, the best stands.
    let strict = [Self.row(1, -5, 0.01), Self.row(2, -3, 0.01), Self.row(3, -2.5, 0.01), Self.row(4, -2.39, 0.01)]
    #expect(PopulationScan.choose(strict) == (chosen: 4, best: 4))
  }

  @Test func foldsSplitTheObservedEntriesEvenly() {
    var counts = Matrix(rows: 10, columns: 10, repeating: 1)
    counts[0, 0] = .nan
    let folds = CountScorer.assignFolds(counts, folds: 4, seed: 1)
    #expect(folds[0] == -1)
    let sizes = (0..<4).map { k in folds.filter { $0 == k }.count }
    #expect(sizes.reduce(0, +) == 99 && sizes.max()! - sizes.min()! <= 1)
    #expect(folds == CountScorer.assignFolds(counts, folds: 4, seed: 1))
  }
}

@Suite struct OutputFilesTests {
  @Test func failureLeavesNothingBehind() throws {
    let directory = try TemporaryDirectory()
    var files = OutputFiles()
    files.add(directory.path("a.tsv"), "a\n")
    files.add(directory.path("missing/b.tsv"), "b\n")
    #expect(throws: PopMixError.self) { try files.commit() }
    #expect(try directory.listing().isEmpty)
  }

  @Test func aFailedCommitKeepsEarlierOutputs() throws {
    let directory = try TemporaryDirectory()
    let a = directory.path("a.tsv")
    try "old a\n".write(toFile: a, atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: directory.path("b.tsv"), withIntermediateDirectories: false)
    var files = OutputFiles()
    files.add(a, "new a\n")
    files.add(directory.path("b.tsv"), "b\n")
    #expect(throws: PopMixError.ioFailure("cannot replace the output: a folder has its name", file: directory.path("b.tsv"), .replace, SystemError(code: EISDIR))) {
      try files.commit()
    }
    #expect(try String(contentsOfFile: a, encoding: .utf8) == "old a\n")
    #expect(try directory.listing() == ["a.tsv", "b.tsv"])
  }

  @Test func successWritesEveryFileAndNoTemporaries() throws {
    let directory = try TemporaryDirectory()
    var files = OutputFiles()
    files.add(directory.path("a.tsv"), "a\n")
    files.add(directory.path("b.tsv"), "b\n")
    try files.commit()
    #expect(try directory.listing() == ["a.tsv", "b.tsv"])
    #expect(try String(contentsOfFile: directory.path("b.tsv"), encoding: .utf8) == "b\n")
  }
}
