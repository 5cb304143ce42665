import Foundation
import Testing

/// Simulate, fit, compare: the whole pipeline recovers the truth, and the
/// fit's summary says what it did.
@Suite("Round trip")
struct RoundTripTests {
  @Test("simulate, fit with the true r and compare: proportions close to the truth",
        arguments: ["accelerated", "mu"])
  func recoversTheTruth(algorithm: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let simulated = try workspace.popmix("simulate", "--individuals", "30", "--loci", "60", "--populations", "3",
                                         "--hybrids", "3", "--seed", "7", "--out", "truth")
    try #require(simulated.succeeded, "\(simulated)")
    let fitted = try workspace.popmix("fit", "truth.counts.tsv", "-p", "3", "--restarts", "3", "--seed", "2",
                                      "--algorithm", algorithm, "--out", "estimate")
    try #require(fitted.succeeded, "\(fitted)")

    let compared = try workspace.popmix("compare", "estimate.3.Q.tsv", "truth.Q.tsv", "--labels", "truth.labels.tsv",
                                        "--json")
    try #require(compared.succeeded, "\(compared)")
    let comparison = try decodeJSON(Comparison.self, from: compared.stdout)
    // 30 individuals x 60 loci at depth 10 is little data: a pure
    // individual's proportions are estimated from about 600 counts, so
    // errors of a few hundredths are expected (about 0.03 here). 0.1 is far
    // above that noise and far below a failed fit (populations mixed up
    // give errors of order 0.3 to 0.5).
    #expect(comparison.proportionRmse < 0.1, "\(compared.stdout)")
    // The largest of 90 errors of sd ~0.03 is ~0.1 (0.07 measured); a
    // fit that mixed two populations up errs by 0.5 or more somewhere.
    #expect(comparison.proportionMaxError < 0.25, "\(compared.stdout)")
    #expect(comparison.matching.sorted() == [0, 1, 2], "matching is not a permutation: \(comparison.matching)")
    // simulate made 3 hybrids at ½, ½: with errors of a few hundredths
    // their largest proportion cannot reach 0.9, so all are found. A pure
    // individual (largest proportion 1, estimated ~0.97 ± 0.03) falls below
    // 0.9 rarely; none did here, one is allowed.
    let hybrids = try #require(comparison.hybrids, "--labels given but no hybrid scores: \(compared.stdout)")
    #expect(hybrids.threshold == 0.9)
    #expect(hybrids.truePositives == 3 && hybrids.falseNegatives == 0, "\(compared.stdout)")
    #expect(hybrids.falsePositives <= 1, "\(compared.stdout)")
  }

  @Test("summary.json records the fit, with one result per restart")
  func summaryDescribesTheFit() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix("simulate", "--individuals", "30", "--loci", "60", "--populations", "3",
                                      "--hybrids", "3", "--seed", "7", "--out", "truth").succeeded)
    let fitted = try workspace.popmix("fit", "truth.counts.tsv", "-p", "3", "--restarts", "4", "--seed", "9",
                                      "--out", "estimate")
    try #require(fitted.succeeded, "\(fitted)")

    let text = try workspace.read("estimate.3.summary.json")
    let keys = try jsonKeys(text)
    for key in ["populations", "loglik", "iterations", "converged", "restarts", "seed", "seconds", "restart_results"] {
      #expect(keys.contains(key), "summary.json has no '\(key)': \(text)")
    }
    let summary = try decodeJSON(FitSummary.self, from: text)
    #expect(summary.populations == 3)
    #expect(summary.individuals == 30)
    #expect(summary.loci == 60)
    #expect(summary.restarts == 4)
    #expect(summary.seed == 9)
    #expect(summary.seconds >= 0)
    #expect(summary.iterations > 0)
    #expect(summary.missingEntries == 0)
    #expect(summary.droppedLoci.isEmpty)
    #expect(summary.loglik.isFinite && summary.loglik < 0, "a Poisson log-likelihood with -log V! is negative")
    try #require(summary.restartResults.count == 4, "one result per restart expected: \(text)")
    #expect(summary.restartResults.map(\.restart) == [0, 1, 2, 3])
    #expect(summary.restartResults.allSatisfy { $0.loglik.isFinite })
    // The best restart is the one kept.
    let best = try #require(summary.restartResults.max { $0.loglik < $1.loglik })
    #expect(summary.loglik == best.loglik)
    #expect(summary.restartResults[summary.bestRestart].loglik == summary.loglik)
    #expect(summary.outputs == ["estimate.3.Q.tsv", "estimate.3.W.tsv", "estimate.3.H.tsv", "estimate.3.summary.json"])
    for output in summary.outputs {
      #expect(workspace.exists(output), "\(output) listed in the summary but not written")
    }

    // Q: one row per individual, proportions summing to one.
    let q = try NamedTable(workspace.read("estimate.3.Q.tsv"))
    #expect(q.header == ["id", "pop0", "pop1", "pop2"])
    #expect(q.names.count == 30)
    for (id, row) in zip(q.names, q.values) {
      #expect(row.allSatisfy { (0...1).contains($0) }, "\(id): \(row)")
      #expect(abs(row.reduce(0, +) - 1) < 1e-5, "\(id): \(row) does not sum to 1")
    }
  }

  @Test("H.tsv's totals are the observed locus totals when nothing is missing")
  func totalsAreLocusTotals() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix("simulate", "--individuals", "30", "--loci", "60", "--populations", "3",
                                      "--hybrids", "3", "--seed", "7", "--out", "truth").succeeded)
    try #require(try workspace.popmix("fit", "truth.counts.tsv", "-p", "3", "--restarts", "2", "--out", "estimate")
      .succeeded)

    let counts = try CountMatrix(countsTSV: workspace.read("truth.counts.tsv"))
    let h = try NamedTable(workspace.read("estimate.3.H.tsv"))
    #expect(h.header == ["locus", "total", "pop0", "pop1", "pop2"])
    #expect(h.names == counts.loci)
    for (mu, row) in h.values.enumerated() {
      let observed = Double(counts.counts.reduce(0) { $0 + ($1[mu] ?? 0) })
      // C_mu is fixed at the observed total (docs/model.md, section 1); the
      // fit carries it as the sum of G's column, so allow rounding.
      #expect(abs(row[0] - observed) <= 1e-9 * observed, "\(h.names[mu]): total \(row[0]), observed \(observed)")
      #expect(abs(row.dropFirst().reduce(0, +) - 1) < 1e-9, "\(h.names[mu]): H's column does not sum to 1")
    }
  }
}
