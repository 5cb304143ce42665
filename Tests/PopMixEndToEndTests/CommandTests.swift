import Foundation
import Testing

/// `hybrids`, `scan` and every subcommand's `--help`.
@Suite("Commands")
struct CommandTests {
  @Test("hybrids --json lists the individuals below the threshold with their two main populations")
  func hybridsJSON() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("hand.Q.tsv", """
      id pop0 pop1 pop2
      half 0.5 0.5 0
      pure 0.95 0.03 0.02
      third 0.2 0.1 0.7
      mixed 0.6 0.3 0.1

      """)

    let result = try workspace.popmix("hybrids", "hand.Q.tsv", "--threshold", "0.9", "--json")

    try #require(result.succeeded, "\(result)")
    let output = try decodeJSON(HybridsOutput.self, from: result.stdout)
    #expect(output.threshold == 0.9)
    // In file order; populations are column indices, largest share first
    // (a tie goes to the lower index).
    #expect(output.hybrids == [
      .init(id: "half", populations: [0, 1], proportions: [0.5, 0.5]),
      .init(id: "third", populations: [2, 0], proportions: [0.7, 0.2]),
      .init(id: "mixed", populations: [0, 1], proportions: [0.6, 0.3]),
    ])
  }

  @Test("hybrids reads an ADMIXTURE .Q file: numbers only, ids generated")
  func hybridsReadsAdmixtureQ() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("run.3.Q", "0.500000 0.500000 0.000000\n0.950000 0.030000 0.020000\n0.200000 0.100000 0.700000\n0.600000 0.300000 0.100000\n")

    let json = try workspace.popmix("hybrids", "run.3.Q", "--threshold", "0.9", "--json")

    try #require(json.succeeded, "\(json)")
    let output = try decodeJSON(HybridsOutput.self, from: json.stdout)
    #expect(output.hybrids.map(\.id) == ["ind1", "ind3", "ind4"])
    #expect(output.hybrids.map(\.populations) == [[0, 1], [2, 0], [0, 1]])
    #expect(output.hybrids.map(\.proportions) == [[0.5, 0.5], [0.7, 0.2], [0.6, 0.3]])

    let table = try workspace.popmix("hybrids", "run.3.Q", "--threshold", "0.9")
    try #require(table.succeeded, "\(table)")
    #expect(table.stdout.hasPrefix("3 of 4 individuals have a largest proportion below 0.9\n"), "\(table)")
    #expect(table.stdout.contains("ind3  pop2"), "\(table)")
  }

  @Test("scan --json reports every r, and the log-likelihood grows with r")
  func scanJSON() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let simulated = try workspace.popmix("simulate", "--individuals", "40", "--loci", "80", "--populations", "2",
                                         "--hybrids", "3", "--seed", "11", "--out", "data")
    try #require(simulated.succeeded, "\(simulated)")

    let result = try workspace.popmix("scan", "data.counts.tsv", "-p", "1-3", "--folds", "3", "--restarts", "1",
                                      "--json")

    try #require(result.succeeded, "\(result)")
    let keys = try jsonKeys(result.stdout)
    #expect(keys.isSuperset(of: ["chosen", "results"]), "\(result.stdout)")
    let output = try decodeJSON(ScanOutput.self, from: result.stdout)
    try #require(output.results.count == 3, "\(result.stdout)")
    #expect(output.results.map(\.populations) == [1, 2, 3])
    // The chosen r follows the one-standard-error rule from the printed
    // rows: the smallest r within one SE of the best held-out score.
    let best = output.results.max { $0.heldout < $1.heldout }!
    let rule = output.results.filter { $0.heldout >= best.heldout - best.heldoutSe }.map(\.populations).min()!
    #expect(output.chosen == rule, "\(result.stdout)")
    for row in output.results {
      #expect(row.loglik.isFinite && row.bic.isFinite && row.heldout.isFinite, "r = \(row.populations)")
      #expect(row.heldoutSe.isFinite && row.heldoutSe >= 0, "r = \(row.populations)")
    }
    // The r-population model contains the (r-1)-population one (a zero
    // column of W), so its best log-likelihood, fitted to convergence, can
    // be no lower. The slack allows for each fit stopping at a relative
    // gain of --tolerance (1e-8 by default) short of its optimum.
    for (smaller, larger) in zip(output.results, output.results.dropFirst()) {
      #expect(larger.loglik >= smaller.loglik - 1e-6 * abs(smaller.loglik),
              "loglik fell from \(smaller.loglik) at r = \(smaller.populations) to \(larger.loglik) at r = \(larger.populations)")
    }
  }

  @Test("--help of each subcommand exits 0 and explains its key options", arguments: [
    ("simulate", ["--individuals", "--loci", "--populations", "--hybrids", "--seed", "--out"]),
    ("fit", ["--populations", "--restarts", "--seed", "--threads", "--loci-as-rows", "--algorithm", "--out"]),
    ("hybrids", ["--threshold", "largest proportion is below", "--json"]),
    ("scan", ["--populations", "--folds", "--restarts", "--json"]),
    ("compare", ["--labels", "--threshold", "--json"]),
  ])
  func help(command: String, mentions: [String]) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }

    let result = try workspace.popmix(command, "--help")

    #expect(result.succeeded, "\(result)")
    #expect(result.stdout.contains("USAGE: popmix \(command)"), "\(result)")
    for phrase in mentions {
      #expect(result.stdout.contains(phrase), "popmix \(command) --help does not mention '\(phrase)'")
    }
    #expect(try workspace.listing().isEmpty)
  }
}
