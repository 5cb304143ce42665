import Foundation
import PopMix
import Testing

/// `popmix fit --bootstrap` and `popmix hybrids --replicates`, run as a user
/// would run them.
@Suite("Bootstrap commands")
struct BootstrapCommandTests {
  /// The parts of a genotype summary the bootstrap adds.
  struct Summary: Decodable {
    struct Bootstrap: Decodable {
      struct Errors: Decodable {
        var id: String
        var se: [Double]
      }
      var replicates: Int
      var blockLength: Int
      var standardErrors: [Errors]
    }
    var bootstrap: Bootstrap
    var outputs: [String]
  }

  /// What `popmix hybrids --json` prints with replicates.
  struct Hybrids: Decodable {
    struct Call: Decodable {
      var id: String
      var proportions: [Double]
      var support: Double
      var mixture: String
    }
    var replicates: Int
    var hybrids: [Call]
  }

  /// Rows of whitespace-separated numbers.
  static func numbers(_ text: String) -> [[Double]] {
    text.split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
  }

  @Test("fit --bootstrap 3 writes Q_se (a line per individual, K errors), the replicates and the errors in the summary")
  func bootstrapWritesStandardErrors() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 40, loci: 600, populations: 2, hybrids: 8, seed: 5)

    let fit = try workspace.popmix("fit", "--bfile", "sim", "-p", "2", "--bootstrap", "3",
                                   "--bootstrap-block-snps", "20", "--out", "out")

    try #require(fit.succeeded, "\(fit)")
    #expect(fit.stdout.contains("bootstrap       3 replicates, blocks of 20 SNPs"), "\(fit)")
    let se = Self.numbers(try workspace.read("out.2.Q_se"))
    #expect(se.count == 40 && se.allSatisfy { $0.count == 2 })
    // With two populations q1 = 1 − q0 in every replicate, so both columns
    // spread alike; and 20-SNP blocks make the replicates differ.
    #expect(se.allSatisfy { abs($0[0] - $0[1]) <= 2e-6 }, "\(se)")
    #expect(se.contains { $0[0] > 1e-3 }, "\(se)")
    let summary = try decodeJSON(Summary.self, from: try workspace.read("out.2.summary.json"))
    #expect(summary.bootstrap.replicates == 3 && summary.bootstrap.blockLength == 20)
    #expect(summary.bootstrap.standardErrors.count == 40 && summary.bootstrap.standardErrors[0].id == "ind01")
    for (row, entry) in zip(se, summary.bootstrap.standardErrors) {
      #expect(zip(row, entry.se).allSatisfy { abs($0 - $1) <= 5e-7 }, "\(row) vs \(entry.se)")
    }
    #expect(summary.outputs.contains("out.2.Q_se") && summary.outputs.contains("out.2.Q_bootstrap.tsv"))
    let replicates = try workspace.read("out.2.Q_bootstrap.tsv").split(separator: "\n")
    #expect(replicates.count == 1 + 3 * 40 && replicates[0] == "id\treplicate\tpop0\tpop1")
  }

  @Test("the bootstrap depends on --seed, not on --threads")
  func bootstrapIsReproducible() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 40, loci: 600, populations: 2, hybrids: 8, seed: 6)
    for (out, threads, seed) in [("a", "1", "1"), ("b", "2", "1"), ("c", "1", "2")] {
      let fit = try workspace.popmix("fit", "--bfile", "sim", "-p", "2", "--bootstrap", "3", "--bootstrap-block-snps", "20",
                                     "--threads", threads, "--seed", seed, "--out", out)
      try #require(fit.succeeded, "\(fit)")
    }
    #expect(try workspace.read("a.2.Q_se") == workspace.read("b.2.Q_se"))
    #expect(try workspace.read("a.2.Q_bootstrap.tsv") == workspace.read("b.2.Q_bootstrap.tsv"))
    #expect(try workspace.read("a.2.Q_bootstrap.tsv") != workspace.read("c.2.Q_bootstrap.tsv"))
  }

  @Test("hybrids --replicates gives each listed individual its support; --min-support filters; kinds on genotypes")
  func hybridsWithReplicates() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 40, loci: 600, populations: 2, hybrids: 8, seed: 5)
    let fit = try workspace.popmix("fit", "--bfile", "sim", "-p", "2", "--bootstrap", "5", "--bootstrap-block-snps", "20",
                                   "--out", "out")
    try #require(fit.succeeded, "\(fit)")

    let all = try workspace.popmix("hybrids", "out.2.Q.tsv", "--replicates", "out.2.Q_bootstrap.tsv", "--json")
    try #require(all.succeeded, "\(all)")
    let calls = try decodeJSON(Hybrids.self, from: all.stdout)
    #expect(calls.replicates == 5 && calls.hybrids.count >= 8)
    // Support is a share of 5 replicates.
    #expect(calls.hybrids.allSatisfy { ($0.support * 5).rounded() == $0.support * 5 && $0.support <= 1 })
    // The simulated hybrids are F1s of the two populations.
    #expect(calls.hybrids.filter { $0.proportions[0] < 0.6 }.allSatisfy { $0.mixture == "1/2 + 1/2" })
    let replicates = try workspace.read("out.2.Q_bootstrap.tsv").split(separator: "\n").dropFirst()
      .map { $0.split(separator: "\t") }
    for call in calls.hybrids {
      let below = replicates.filter { $0[0] == call.id && Double($0[2])! < 0.9 && Double($0[3])! < 0.9 }.count
      #expect(Double(below) / 5 == call.support, "\(call.id)")
    }

    let strict = try workspace.popmix("hybrids", "out.2.Q.tsv", "--replicates", "out.2.Q_bootstrap.tsv",
                                      "--min-support", "1")
    try #require(strict.succeeded, "\(strict)")
    let kept = calls.hybrids.filter { $0.support == 1 }.count
    #expect(strict.stdout.contains("; \(kept) listed with support of at least 1\n"), "\(strict)")
    #expect(strict.stdout.contains("cannot tell a first-generation hybrid from later ones"), "\(strict)")
  }

  @Test("--bootstrap is checked before the fit: too few replicates, count tables, --min-support without replicates")
  func refusals() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 20, loci: 100, populations: 2, hybrids: 2, seed: 1)
    try workspace.write("t.tsv", "id l1 l2\na 1 2\nb 3 1\n")
    let cases: [([String], String)] = [
      (["fit", "--bfile", "sim", "-p", "2", "--bootstrap", "1", "--out", "o"], "--bootstrap needs at least 2 replicates"),
      (["fit", "--bfile", "sim", "-p", "2", "--bootstrap", "20000", "--out", "o"], "bootstrap replicates must be at most 10,000"),
      (["fit", "--bfile", "sim", "-p", "2", "--bootstrap", "5", "--bootstrap-block", "0", "--out", "o"], "--bootstrap-block must be at least 1"),
      (["fit", "t.tsv", "-p", "2", "--bootstrap", "5", "--out", "o"], "needs genotypes (--bfile or --vcf), not count tables"),
      (["fit", "--bfile", "sim", "-p", "2", "--bootstrap-block", "5", "--out", "o"], "--bootstrap N, which is not given"),
      (["hybrids", "sim.Q.tsv", "--min-support", "0.5"], "--min-support needs --replicates"),
      (["hybrids", "sim.Q.tsv", "--replicates", "t.tsv"], "t.tsv:1:1"),
    ]
    for (arguments, phrase) in cases {
      let result = try workspace.popmix(arguments)
      #expect(result.failedCleanly && result.stderr.contains(phrase), "\(result)")
    }
    #expect(try workspace.listing().allSatisfy { !$0.hasPrefix("o.") })
  }
}
