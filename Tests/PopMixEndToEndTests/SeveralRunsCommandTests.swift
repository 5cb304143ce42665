import Foundation
import Testing

/// ADMIXTURE users' habits on `fit`: a range of K, several seeds, `--cv`,
/// `-K` and `-j`, scan's warnings, and the SNP list of a VCF fit's `.P`.
@Suite("Several runs")
struct SeveralRunsCommandTests {
  /// The report's line whose first fields are `fields` (a K, or a K and a seed).
  static func line(_ stdout: String, startingWith fields: [String]) -> [String]? {
    stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
      .first { $0.count > fields.count && Array($0.prefix(fields.count)) == fields }
  }

  /// What these tests read of a fit's summary, for tables and genotypes.
  struct RunSummary: Decodable {
    var populations: Int
    var seed: UInt64
    var loglik: Double
    var threads: Int
  }

  /// The scan JSON with its warnings.
  struct ScanWithWarnings: Decodable {
    var chosen: Int
    var results: [ScanOutput.Row]
    var warnings: [String]?
  }

  @Test("fit -K 2-3 on a count table fits each K as a single fit would, and lists each K's log-likelihood")
  func rangeOfKOnATable() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let simulated = try workspace.popmix("simulate", "--individuals", "40", "--loci", "80", "--populations", "2",
                                         "--hybrids", "3", "--seed", "11", "--out", "data")
    try #require(simulated.succeeded, "\(simulated)")

    let runs = try workspace.popmix("fit", "data.counts.tsv", "-K", "2-3", "--restarts", "2", "--out", "runs")
    let single = try workspace.popmix("fit", "data.counts.tsv", "--populations", "3", "--restarts", "2", "--out", "one")

    try #require(runs.succeeded, "\(runs)")
    try #require(single.succeeded, "\(single)")
    #expect(try workspace.data("runs.3.Q.tsv") == workspace.data("one.3.Q.tsv"), "K = 3 in a range differs from a single fit")
    for k in 2...3 {
      let summary = try decodeJSON(RunSummary.self, from: workspace.read("runs.\(k).summary.json"))
      #expect(summary.populations == k)
      let row = try #require(Self.line(runs.stdout, startingWith: ["\(k)"]), "no line for K = \(k): \(runs)")
      #expect(row[1] == String(format: "%.3f", summary.loglik), "K = \(k): \(row) against \(summary.loglik)")
      #expect(workspace.exists("runs.\(k).W.tsv") && workspace.exists("runs.\(k).H.tsv"))
    }
  }

  @Test("fit --seeds keeps every run's files, groups the seeds, and --cv scores each K from its best seed's fit")
  func seedsAndCrossValidation() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 60, loci: 600, populations: 2, hybrids: 4, seed: 9)

    let result = try workspace.popmix("fit", "--bfile", "sim", "-K", "1-2", "--seeds", "3-5", "--cv", "2", "-j", "1",
                                      "--out", "runs")

    try #require(result.succeeded, "\(result)")
    var best: [Int: Double] = [:]
    for k in 1...2 {
      for seed in 3...5 {
        let summary = try decodeJSON(RunSummary.self, from: workspace.read("runs.\(k).s\(seed).summary.json"))
        #expect(summary.seed == UInt64(seed) && summary.populations == k)
        for suffix in [".Q", ".P", ".Q.tsv"] {
          #expect(workspace.exists("runs.\(k).s\(seed)\(suffix)"), "runs.\(k).s\(seed)\(suffix) is missing")
        }
        let row = try #require(Self.line(result.stdout, startingWith: ["\(k)", "\(seed)"]), "no line for K = \(k), seed \(seed)")
        #expect(row[2] == String(format: "%.3f", summary.loglik))
        best[k] = max(best[k] ?? -.infinity, summary.loglik)
      }
      #expect(result.stdout.contains("K=\(k): 3 seeds reached "), "\(result)")
    }
    #expect(!workspace.exists("runs.1.Q") && !workspace.exists("runs.2.Q"), "with --seeds the names carry the seed")
    // -j 1 reached the fits.
    #expect(try decodeJSON(RunSummary.self, from: workspace.read("runs.2.s3.summary.json")).threads == 1)
    // The held-out scan used the fits made, not fits of its own.
    let scan = try decodeJSON(ScanWithWarnings.self, from: workspace.read("runs.scan.json"))
    #expect(scan.results.map(\.populations) == [1, 2])
    for row in scan.results { #expect(row.loglik == best[row.populations], "K = \(row.populations)") }
    #expect(result.stdout.contains("deviance/call"), "\(result)")
  }

  @Test("scan warns when it chooses the largest K tried, and on genotypes hints at linkage; the JSON has the warnings")
  func scanWarnsAtTheEndOfTheRange() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    // Four distinct populations (F_ST 0.3) scanned up to 3: every step lowers the deviance.
    let simulated = try workspace.popmix("simulate", "--genotypes", "--individuals", "90", "--loci", "1000",
                                         "--populations", "4", "--hybrids", "6", "--fst", "0.3", "--seed", "4", "--out", "sim")
    try #require(simulated.succeeded, "\(simulated)")

    let result = try workspace.popmix("scan", "--bfile", "sim", "-p", "1-3", "--folds", "2", "--out", "scan")

    try #require(result.succeeded, "\(result)")
    try #require(result.stdout.contains("chosen populations: 3\n"), "\(result)")
    #expect(result.stderr.contains("warning: the chosen number of populations, 3, is the largest tried"), "\(result)")
    #expect(result.stderr.contains("plink --indep-pairwise 50 10 0.1"), "\(result)")
    let scan = try decodeJSON(ScanWithWarnings.self, from: workspace.read("scan.scan.json"))
    #expect(scan.warnings?.count == 2, "\(scan.warnings ?? [])")
  }

  /// Four samples; a site with ID '.', one with three alleles (skipped),
  /// one where only REF is seen (dropped from the fit, kept in `.P`).
  static let vcf = """
    ##fileformat=VCFv4.2
    #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\ts4
    1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/0\t0/1\t1/1\t0/1
    1\t200\t.\tC\tT\t.\t.\t.\tGT\t0/1\t0/0\t1/1\t1/1
    1\t300\trs3\tA\tC,G\t.\t.\t.\tGT\t0/1\t0/2\t1/1\t0/0
    1\t400\trs4\tG\tA\t.\t.\t.\tGT\t0/0\t0/0\t0/0\t0/0
    2\t500\trs5\tT\tC\t.\t.\t.\tGT\t1/1\t0/1\t0/0\t0/0

    """

  @Test("a VCF fit writes PREFIX.K.P.snps, the .bim-style list .P's lines follow; a PLINK fit does not")
  func vcfFitWritesTheSNPList() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.vcf", Self.vcf)

    let result = try workspace.popmix("fit", "--vcf", "t.vcf", "-K", "1", "--out", "t")

    try #require(result.succeeded, "\(result)")
    // A1 is ALT, A2 REF; the three-allele site has no line; ID '.' is CHROM:POS.
    let expected = ["1\trs1\t0\t100\tG\tA", "1\t1:200\t0\t200\tT\tC", "1\trs4\t0\t400\tA\tG", "2\trs5\t0\t500\tC\tT"]
    let snps = try workspace.read("t.1.P.snps").split(separator: "\n").map(String.init)
    #expect(snps == expected)
    let p = try workspace.read("t.1.P").split(separator: "\n")
    #expect(p.count == expected.count)
    // rs4: ALT never seen, so its frequency is the lower bound.
    #expect(p.count > 2 && p[2] == "0.000010", "\(p)")

    let simulated = try workspace.popmix("simulate", "--genotypes", "--individuals", "20", "--loci", "50",
                                         "--populations", "2", "--out", "sim")
    try #require(simulated.succeeded, "\(simulated)")
    let plink = try workspace.popmix("fit", "--bfile", "sim", "-K", "2", "--out", "b")
    try #require(plink.succeeded, "\(plink)")
    #expect(!workspace.exists("b.2.P.snps"), "a PLINK fit's .P follows the .bim")
  }
}
