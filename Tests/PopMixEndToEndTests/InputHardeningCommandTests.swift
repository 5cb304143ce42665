import Foundation
import Testing

/// Issue 16's reader items, run as a user would: each case failed (or
/// wrote a file popmix could not read back) before the fix.
@Suite("Input hardening")
struct InputHardeningCommandTests {
  /// A VCF of `sites` biallelic SNPs over samples with these names, calls
  /// varied enough that every sample is observed and every SNP polymorphic.
  static func vcf(samples: [String], sites: Int = 60) -> String {
    var text = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
      + samples.joined(separator: "\t") + "\n"
    let calls = ["0/0", "0/1", "1/1"]
    for j in 0..<sites {
      let row = samples.indices.map { i in calls[(i * (j % 5 + 1) + j / 3 + (i < samples.count / 2 ? 0 : 2 * (j % 2))) % 3] }
      text += "1\t\(j + 1)\t.\tA\tC\t.\t.\t.\tGT\t" + row.joined(separator: "\t") + "\n"
    }
    return text
  }

  /// Runs `popmix` and requires a clean refusal whose stderr holds `phrase`,
  /// with nothing written.
  static func expectRefusal(_ workspace: Workspace, _ arguments: [String], phrase: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let before = try workspace.listing()
    let result = try workspace.popmix(arguments)
    #expect(result.failedCleanly, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(phrase), "stderr lacks '\(phrase)': \(result)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
    #expect(try workspace.listing() == before, "files were written: \(result)", sourceLocation: sourceLocation)
  }

  // MARK: - 4. a gzipped VCF with bytes after its end

  @Test("fit --vcf refuses a gzipped VCF with trailing bytes, naming the file")
  func gzipWithTrailingBytes() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("g.vcf", Self.vcf(samples: ["a", "b", "c", "d"]))
    try GenotypeCommandTests.gzip("g.vcf", in: workspace)
    var bytes = try workspace.data("g.vcf.gz")
    bytes.append(contentsOf: Array("trailing garbage\n".utf8))
    try bytes.write(to: workspace.url.appendingPathComponent("g.vcf.gz"))
    try Self.expectRefusal(workspace, ["fit", "--vcf", "g.vcf.gz", "-p", "2", "--out", "out"],
                           phrase: "Error: g.vcf.gz: the file goes on after the end of its gzip stream")
  }

  // MARK: - 5. a numbered header over numbers

  @Test("fit refuses a header 1 2 … 30 over rows of counts instead of reading it as an individual")
  func numberedHeader() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var text = (1...30).map(String.init).joined(separator: " ") + "\n"
    for i in 0..<20 { text += (0..<30).map { String(($0 * 7 + i * 3) % 10) }.joined(separator: " ") + "\n" }
    try workspace.write("t.txt", text)
    try Self.expectRefusal(workspace, ["fit", "t.txt", "-p", "2", "--restarts", "1", "--out", "out"],
                           phrase: "Error: t.txt:1:1: the first line ('1 2 3 … 30') could be a header")
    // Marked as a header, the same table reads as 20 individuals.
    try workspace.write("t.txt", "id " + text)
    let result = try workspace.popmix("fit", "t.txt", "-p", "2", "--restarts", "1", "--out", "out")
    try #require(result.succeeded, "\(result)")
    #expect(result.stdout.hasPrefix("fit 20 individuals x 30 loci"), "\(result)")
  }

  @Test("fit --help documents the header rule and the largest count")
  func helpDocumentsTheRules() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let result = try workspace.popmix("fit", "--help")
    let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(help.contains("1000000000"), "\(result)")
    #expect(help.contains("refused as ambiguous: start a numeric header with 'id'"), "\(result)")
  }

  // MARK: - 6. extreme counts

  @Test("fit refuses counts above 10^9 at their place", arguments: ["9007199254740993", "9223372036854775808", "1e20", "1.7e308"])
  func extremeCount(count: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.tsv", "id\tL1\tL2\nA\t3\t1\nB\t\(count)\t2\nC\t0\t4\n")
    try Self.expectRefusal(workspace, ["fit", "t.tsv", "-p", "1", "--restarts", "1", "--out", "out"],
                           phrase: "Error: t.tsv:3:3: '\(count)' is above the largest count popmix accepts, 1000000000")
  }

  // MARK: - 9. Q files popmix writes, its hybrids and compare read

  @Test("VCF sample names with spaces and '#' survive fit, hybrids and compare")
  func vcfSampleNamesRoundTrip() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let samples = ["a b", "c#d", "#e", "f", "g h#", "i", "j", "k"]
    try workspace.write("g.vcf", Self.vcf(samples: samples))
    let fitted = try workspace.popmix("fit", "--vcf", "g.vcf", "-p", "2", "--out", "out")
    try #require(fitted.succeeded, "\(fitted)")
    let hybrids = try workspace.popmix("hybrids", "out.2.Q.tsv", "--threshold", "1", "--json")
    try #require(hybrids.succeeded, "\(hybrids)")
    let compared = try workspace.popmix("compare", "out.2.Q.tsv", "out.2.Q.tsv")
    #expect(compared.succeeded, "\(compared)")
    #expect(compared.stdout.hasPrefix("Q RMSE 0.0000"), "\(compared)")
    let text = try workspace.read("out.2.Q.tsv")
    #expect(text.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
              == samples.map { $0.hasPrefix("#") ? "\\" + $0 : $0 }, "\(text)")
  }

  @Test("PLINK ids repeated across families or holding '#' survive fit and hybrids")
  func plinkIDsRoundTrip() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 12, loci: 300, populations: 2, hybrids: 0, seed: 4)
    // The same IIDs in two families, and '#' inside ids.
    let fam = (0..<12).map { "fam\($0 % 2)#x ind\($0 / 2) 0 0 0 -9\n" }.joined()
    try workspace.write("sim.fam", fam)
    let fitted = try workspace.popmix("fit", "--bfile", "sim", "-p", "2", "--out", "out")
    try #require(fitted.succeeded, "\(fitted)")
    #expect(fitted.stderr.contains("some individual ids appear in more than one family"), "\(fitted)")
    let ids = try workspace.read("out.2.Q.tsv").split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
    #expect(ids == (0..<12).map { "fam\($0 % 2)#x_ind\($0 / 2)" })
    let hybrids = try workspace.popmix("hybrids", "out.2.Q.tsv")
    #expect(hybrids.succeeded, "\(hybrids)")
    let compared = try workspace.popmix("compare", "out.2.Q.tsv", "out.2.Q.tsv")
    #expect(compared.succeeded, "\(compared)")
  }

  @Test("fit --loci-as-rows refuses a repeated individual id in the header")
  func duplicateIDsWithLociAsRows() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.tsv", "locus\tA\tB\tA\nL1\t1\t2\t3\nL2\t2\t0\t4\nL3\t0\t5\t1\n")
    try Self.expectRefusal(workspace, ["fit", "t.tsv", "--loci-as-rows", "-p", "1", "--restarts", "1", "--out", "out"],
                           phrase: "Error: t.tsv:1:11: duplicate id 'A' (first at column 7 of this line)")
  }

  // MARK: - ADMIXTURE's habits, VCFs with nothing to fit

  @Test("fit g.bed says to give --bfile; --bfile g.bed reads g")
  func bedGivenAsATable() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 12, loci: 200, populations: 2, hybrids: 0, seed: 4)
    try Self.expectRefusal(workspace, ["fit", "sim.bed", "-p", "2", "--out", "out"],
                           phrase: "Error: sim.bed: this is a PLINK .bed file, not a count table: for genotypes give --bfile sim")
    for name in ["sim.bed", "sim.bim", "sim.fam"] {
      let result = try workspace.popmix("fit", "--bfile", name, "-p", "2", "--out", "out")
      #expect(result.succeeded, "\(result)")
      #expect(result.stderr.contains("warning: --bfile takes the prefix of the three files: reading sim.bed, sim.bim and sim.fam"),
              "\(result)")
    }
  }

  @Test("fit --vcf of multi-allelic sites only says why nothing is left")
  func onlyMultiallelic() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let text = Self.vcf(samples: ["a", "b"], sites: 12).replacingOccurrences(of: "\tA\tC\t", with: "\tA\tC,G\t")
    try workspace.write("m.vcf", text)
    try Self.expectRefusal(workspace, ["fit", "--vcf", "m.vcf", "-p", "2", "--out", "out"],
                           phrase: "Error: m.vcf: no biallelic SNP record: all 12 records have more than two alleles")
  }

  // MARK: - binary bytes in messages

  @Test("a binary file given as a table is named as such, with no raw bytes in the message")
  func binaryTable() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Data([0x33, 0x20, 0x35, 0x0A, 0x34, 0x20, 0x1B, 0x5B, 0x32, 0x4A, 0x07, 0x0A])
      .write(to: workspace.url.appendingPathComponent("t.tsv"))
    let result = try workspace.popmix("fit", "t.tsv", "-p", "1", "--restarts", "1", "--out", "out")
    // Control bytes only (no NUL): the table reader complains at a field and escapes it.
    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr.contains("Error: t.tsv:2:3: '\\x1B[2J\\x07' is not a number"), "\(result)")
    #expect(!result.stderr.utf8.contains(0x1B) && !result.stderr.utf8.contains(0x07), "\(result)")
  }
}
