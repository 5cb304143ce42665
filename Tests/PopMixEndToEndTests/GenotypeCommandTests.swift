import Foundation
import PopMix
import Testing

/// `popmix fit --bfile/--vcf`, `scan --bfile`, and `simulate --genotypes`,
/// run as a user would run them.
@Suite("Genotype commands")
struct GenotypeCommandTests {
  /// `PREFIX.summary.json` of a genotype fit.
  struct Summary: Decodable {
    var input: String
    var format: String
    var individuals: Int
    var snps: Int
    var droppedMonomorphic: Int
    var skippedMultiallelic: Int
    var missingCalls: Int
    var populations: Int
    var loglik: Double
    var iterations: Int
    var restarts: Int
    var restartResults: [FitSummary.Restart]
    var outputs: [String]
  }

  /// The non-empty lines of a text.
  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  /// Whether `field` is a number written with exactly six decimals.
  static func hasSixDecimals(_ field: Substring) -> Bool {
    let parts = field.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy(\.isASCII) && parts[0].allSatisfy(\.isNumber)
      && parts[1].count == 6 && parts[1].allSatisfy(\.isASCII) && parts[1].allSatisfy(\.isNumber)
  }

  /// An ADMIXTURE `.Q`/`.P` file: rows of `columns` six-decimal numbers.
  static func plainMatrix(_ text: String, columns: Int, file: String,
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Matrix {
    #expect(text.hasSuffix("\n"), "\(file) does not end with a newline", sourceLocation: sourceLocation)
    var elements: [Double] = []
    let rows = lines(text)
    for (r, line) in rows.enumerated() {
      let fields = line.split(separator: " ", omittingEmptySubsequences: false)
      try #require(fields.count == columns, "\(file) line \(r + 1): '\(line)' is not \(columns) values",
                   sourceLocation: sourceLocation)
      for field in fields {
        #expect(hasSixDecimals(field), "\(file) line \(r + 1): '\(field)' does not have six decimals",
                sourceLocation: sourceLocation)
        elements.append(try #require(Double(field), "\(file) line \(r + 1): '\(field)'", sourceLocation: sourceLocation))
      }
    }
    return Matrix(rows: rows.count, columns: columns, elements: elements)
  }

  /// The second field of each `.fam` line: the individual ids.
  static func famIDs(_ text: String) -> [String] {
    lines(text).map { String($0.split(whereSeparator: \.isWhitespace)[1]) }
  }

  /// Compresses `name` to `name.gz` with the system's gzip.
  static func gzip(_ name: String, in workspace: Workspace) throws {
    let output = workspace.url.appendingPathComponent(name + ".gz")
    try #require(FileManager.default.createFile(atPath: output.path, contents: nil))
    let handle = try FileHandle(forWritingTo: output)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c", workspace.path(name)]
    process.standardOutput = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    try #require(process.terminationReason == .exit && process.terminationStatus == 0, "gzip failed")
  }

  // MARK: - 1. simulate, fit --bfile, check files, log-likelihood, truth

  /// 100 individuals × 2,000 SNPs, 3 populations at the default F_ST 0.1,
  /// 8 hybrids.
  ///
  /// Why 2,000 SNPs give Q errors well below 0.05: the Fisher information
  /// about a pure individual's share q from a SNP is 2 (P_1 − P_2)² /
  /// (p(1 − p)), and under Balding-Nichols E(P_1 − P_2)² = 2 F p(1 − p), so
  /// m SNPs carry about 4 F m = 800 units: a standard error of
  /// 1/√800 ≈ 0.035 per share, less for pure individuals whose estimates
  /// sit on the boundary at 0 (seeds 1 to 5 give RMSEs of 0.030 to 0.035).
  /// A failed fit (populations merged or split) has errors of 0.3 and more.
  @Test("simulate --genotypes, fit --bfile: .K.Q/.K.P/.Q.tsv/summary are right and Q is close to the truth")
  func simulateFitCompare() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let n = 100, m = 2000, K = 3
    try workspace.simulateGenotypes(individuals: n, loci: m, populations: K, hybrids: 8, seed: 2)
    for suffix in [".bed", ".bim", ".fam", ".Q.tsv", ".3.P", ".labels.tsv"] {
      #expect(workspace.exists("sim" + suffix), "simulate did not write sim\(suffix)")
    }
    let famIDs = Self.famIDs(try workspace.read("sim.fam"))
    let bimLines = Self.lines(try workspace.read("sim.bim"))
    try #require(famIDs.count == n && bimLines.count == m)

    let fitted = try workspace.popmix("fit", "--bfile", "sim", "--populations", "\(K)", "--seed", "1", "--out", "fit")
    try #require(fitted.succeeded, "\(fitted)")
    #expect(fitted.stdout.contains("wrote           fit.3.Q fit.3.P fit.3.Q.tsv fit.3.summary.json"), "\(fitted)")

    let summaryText = try workspace.read("fit.3.summary.json")
    let summary = try decodeJSON(Summary.self, from: summaryText)
    #expect(summary.format == "plink")
    #expect(summary.input == "sim")
    #expect(summary.individuals == n)
    #expect(summary.populations == K)
    #expect(summary.missingCalls == 0)
    #expect(summary.skippedMultiallelic == 0)
    // A few SNPs can come out monomorphic by chance; they are dropped, and
    // the kept and dropped make up the .bim.
    #expect(summary.snps + summary.droppedMonomorphic == m, "\(summaryText)")
    #expect(summary.snps >= m - 20, "too many SNPs dropped: \(summaryText)")
    #expect(summary.outputs == ["fit.3.Q", "fit.3.P", "fit.3.Q.tsv", "fit.3.summary.json"])
    #expect(summary.loglik.isFinite && summary.loglik < 0, "\(summaryText)")

    // .3.Q: n lines of K six-decimal proportions summing to 1 (each rounded
    // by at most 5e-7, so the sum is within 1.5e-6 of 1).
    let q = try Self.plainMatrix(workspace.read("fit.3.Q"), columns: K, file: "fit.3.Q")
    try #require(q.rows == n, "fit.3.Q has \(q.rows) lines, not \(n)")
    for i in 0..<n {
      let row = q.row(i)
      #expect(row.allSatisfy { (0...1).contains($0) }, "fit.3.Q line \(i + 1): \(row)")
      #expect(abs(row.reduce(0, +) - 1) <= 1e-5, "fit.3.Q line \(i + 1) sums to \(row.reduce(0, +))")
    }
    // .3.P: one line per SNP of the .bim (dropped ones included, so that
    // the lines stay aligned, as ADMIXTURE's are), K frequencies in [0, 1].
    let allP = try Self.plainMatrix(workspace.read("fit.3.P"), columns: K, file: "fit.3.P")
    #expect(allP.rows == m, "fit.3.P has \(allP.rows) lines, the .bim \(m) SNPs")
    #expect(allP.elements.allSatisfy { (0...1).contains($0) })

    // Q.tsv: the same numbers, with the .fam's IIDs in order.
    let table = try NamedTable(workspace.read("fit.3.Q.tsv"))
    #expect(table.header == ["id", "pop0", "pop1", "pop2"])
    #expect(table.names == famIDs)
    #expect(table.values == (0..<n).map { Array(q.row($0)) }, "fit.3.Q.tsv and fit.3.Q disagree")

    // The summary's log-likelihood is the binomial one of the written
    // model, recomputed call by call by the library's reference code on the
    // genotypes read back from the .bed.
    let data = try GenotypeData.readPLINK(prefix: workspace.path("sim")).droppingMonomorphic()
    let keptIDs = Set(data.variants.map(\.id))
    let keptRows = bimLines.indices.filter { keptIDs.contains(String(bimLines[$0].split(whereSeparator: \.isWhitespace)[1])) }
    let p = allP.selectingRows(keptRows)
    try #require(data.genotypes.snps == p.rows)
    let written = AdmixtureModel(Q: q, P: p)
    let recomputed = written.logLikelihood(of: data.genotypes)
    // The written Q and P are the fitted ones rounded to 6 decimals: each
    // entry moves by at most δ = 5e-7, so p_ij = Σ Q_ik P_jk moves by at most
    // δ (Σ_k Q_ik + Σ_k P_jk) + K δ², and a call's g log p + (t − g) log(1 − p)
    // by at most |Δp| (g / p + (t − g) / (1 − p)) (to first order; doubled
    // for the rest). Summed over the calls, that bound is computed here.
    var bound = 0.0
    let delta = 5e-7
    for j in 0..<data.genotypes.snps {
      let pSum: Double = p.row(j).reduce(0, +)
      for i in 0..<n {
        guard let (g, t) = data.genotypes[individual: i, snp: j].alleleCounts else { continue }
        let expected = written.expectedFrequency(individual: i, snp: j)
        let qSum: Double = q.row(i).reduce(0, +)
        let shift: Double = delta * (qSum + pSum) + Double(K) * delta * delta
        // |d/dp| = g / p + (t − g) / (1 − p), taken at the worst p in reach.
        let slope: Double = Double(g) / max(1e-12, expected - shift) + Double(t - g) / max(1e-12, 1 - expected - shift)
        bound += slope * shift
      }
    }
    bound *= 2
    #expect(bound < 1e-4 * abs(summary.loglik), "the rounding bound \(bound) is too loose to test anything")
    #expect(abs(recomputed - summary.loglik) <= bound,
            "summary loglik \(summary.loglik), recomputed from fit.3.Q/fit.3.P \(recomputed), allowed \(bound)")

    // A maximum of the likelihood is at least as likely as the truth (the
    // true Q and P, restricted to the kept SNPs); a fit stuck in a poor
    // local optimum would fall below it.
    let trueTable = try NamedTable(workspace.read("sim.Q.tsv"))
    #expect(trueTable.names == famIDs)
    let trueQ = Matrix(rows: n, columns: K, elements: trueTable.values.flatMap { $0 })
    let allTrueP = try Self.plainMatrix(workspace.read("sim.3.P"), columns: K, file: "sim.3.P")
    try #require(allTrueP.rows == m)
    let truth = AdmixtureModel(Q: trueQ, P: allTrueP.selectingRows(keptRows))
    let truthLoglik = truth.logLikelihood(of: data.genotypes)
    #expect(summary.loglik >= truthLoglik, "the fit's loglik \(summary.loglik) is below the truth's \(truthLoglik)")

    // Against the truth.
    let compared = try workspace.popmix("compare", "fit.3.Q.tsv", "sim.Q.tsv", "--labels", "sim.labels.tsv", "--json")
    try #require(compared.succeeded, "\(compared)")
    let comparison = try decodeJSON(Comparison.self, from: compared.stdout)
    #expect(comparison.proportionRmse <= 0.05, "\(compared.stdout)")
    try #require(comparison.matching.sorted() == [0, 1, 2], "\(compared.stdout)")

    // hybrids lists every simulated hybrid, with its two true populations
    // (through compare's matching) and shares near the simulated 0.5 (the
    // standard error is about 0.035; 0.25 to 0.75 still tells an F1 from a
    // backcross or a pure individual).
    let hybridsRun = try workspace.popmix("hybrids", "fit.3.Q.tsv", "--json")
    try #require(hybridsRun.succeeded, "\(hybridsRun)")
    let listed = try decodeJSON(HybridsOutput.self, from: hybridsRun.stdout).hybrids
    let labels = Self.lines(try workspace.read("sim.labels.tsv")).dropFirst().map { $0.split(whereSeparator: \.isWhitespace) }
    let trueHybrids = labels.filter { $0[1] == "hybrid" }
    #expect(trueHybrids.count == 8)
    for label in trueHybrids {
      let id = String(label[0])
      let parents = Set(label[2].split(separator: ",").compactMap { Int($0) })
      guard let call = listed.first(where: { $0.id == id }) else {
        Issue.record("simulated hybrid \(id) (populations \(label[2])) is not listed: \(hybridsRun.stdout)")
        continue
      }
      let found = Set(call.populations.compactMap { comparison.matching.firstIndex(of: $0) })
      #expect(found == parents, "\(id): listed with populations \(call.populations), truly \(label[2])")
      #expect(call.proportions.allSatisfy { (0.25...0.75).contains($0) }, "\(id): \(call.proportions)")
    }
  }

  // MARK: - 2. the same genotypes as VCF, plain and gzipped

  @Test("the same genotypes as a .bed, a VCF and a gzipped VCF give identical fits")
  func vcfMatchesBed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 60, loci: 600, populations: 2, hybrids: 4, seed: 9)
    var genotypes = try HandGenotypes(bed: workspace.data("sim.bed"), bim: workspace.read("sim.bim"),
                                      fam: workspace.read("sim.fam"))
    // Knock out some calls, so that missing calls must agree too.
    for j in genotypes.calls.indices {
      for i in genotypes.calls[j].indices where (7 * i + 3 * j) % 29 == 0 { genotypes.calls[j][i] = nil }
    }
    try genotypes.write("holey", in: workspace)
    try workspace.write("holey.vcf", genotypes.vcf)
    try Self.gzip("holey.vcf", in: workspace)
    let gzipped = try workspace.data("holey.vcf.gz")
    try #require(gzipped.starts(with: [0x1F, 0x8B]), "gzip did not write a gzip file")

    let fit = ["--populations", "2", "--restarts", "2", "--seed", "3"]
    for (source, out) in [(["--bfile", "holey"], "bed"), (["--vcf", "holey.vcf"], "vcf"),
                          (["--vcf", "holey.vcf.gz"], "gz")] {
      let result = try workspace.popmix(["fit"] + source + fit + ["--out", out])
      try #require(result.succeeded, "\(result)")
    }
    for suffix in [".2.Q", ".2.P", ".2.Q.tsv"] {
      let bed = try workspace.data("bed" + suffix)
      #expect(!bed.isEmpty)
      #expect(bed == (try workspace.data("vcf" + suffix)), "bed\(suffix) and vcf\(suffix) differ")
      #expect(bed == (try workspace.data("gz" + suffix)), "bed\(suffix) and gz\(suffix) differ")
    }
    let bed = try decodeJSON(Summary.self, from: workspace.read("bed.2.summary.json"))
    #expect(bed.format == "plink")
    #expect(bed.missingCalls > 0)
    for name in ["vcf", "gz"] {
      let vcf = try decodeJSON(Summary.self, from: workspace.read(name + ".2.summary.json"))
      #expect(vcf.format == "vcf")
      #expect(vcf.individuals == bed.individuals && vcf.snps == bed.snps, "\(name)")
      #expect(vcf.missingCalls == bed.missingCalls, "\(name): \(vcf.missingCalls) missing, .bed \(bed.missingCalls)")
      #expect(vcf.droppedMonomorphic == bed.droppedMonomorphic, "\(name)")
      #expect(vcf.skippedMultiallelic == 0, "\(name)")
      #expect(vcf.loglik == bed.loglik, "\(name): loglik \(vcf.loglik), .bed \(bed.loglik)")
    }
  }

  // MARK: - 3. a .bed written from a known table

  /// Seven individuals (so the last byte of each SNP has one padding slot),
  /// six SNPs, seven missing calls; every SNP polymorphic, every
  /// individual observed somewhere.
  static let table: [[Int?]] = [
    [2, 1, 0, nil, 2, 2, 1],
    [0, 0, 1, 1, nil, nil, 0],
    [1, 1, 1, 1, 1, 1, 1],
    [nil, 2, 0, 0, 0, 1, nil],
    [0, 2, 2, 2, 1, 0, 2],
    [2, nil, 0, 1, 0, nil, 0],
  ]

  @Test("a .bed written with plinkFiles from a known table reads back to it, through popmix fit and readPLINK")
  func handWrittenBedRoundTrip() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let n = 7, m = Self.table.count
    var matrix = GenotypeMatrix(individuals: n, snps: m)
    for (j, row) in Self.table.enumerated() {
      for (i, call) in row.enumerated() {
        matrix[individual: i, snp: j] = call.map { Genotype.diploid(copiesOfFirst: $0) } ?? .missing
      }
    }
    let samples = (1...n).map { GenotypeData.Sample(family: "fam\(($0 + 1) / 2)", id: "ind\($0)") }
    let variants = (0..<m).map { j in
      GenotypeData.Variant(chromosome: j < 3 ? "1" : "2", id: "rs\(100 + j)", geneticPosition: "0.\(j)",
                           position: 5000 + 17 * j, firstAllele: ["A", "C", "G", "T", "AT", "C"][j],
                           secondAllele: ["G", "T", "A", "C", "A", "G"][j])
    }
    let prefix = workspace.path("hand")
    let data = GenotypeData(genotypes: matrix, samples: samples, variants: variants, source: prefix)
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    try files.commit()
    #expect(try workspace.listing() == ["hand.bed", "hand.bim", "hand.fam"])

    // The bytes are PLINK's: checked against this test's own encoder, over
    // the individuals' slots (padding bits are PLINK's to ignore).
    let bed = [UInt8](try workspace.data("hand.bed"))
    try #require(bed.count == 3 + m * 2, "hand.bed has \(bed.count) bytes, not 3 + \(m) × 2")
    #expect(Array(bed[0..<3]) == [0x6C, 0x1B, 0x01])
    let padding: UInt8 = 0b1100_0000  // slot 3 of byte 1: individual 8, who does not exist
    for (j, row) in Self.table.enumerated() {
      let expected = HandGenotypes.packedSNP(row)
      let got = Array(bed[(3 + 2 * j)..<(5 + 2 * j)])
      #expect(got[0] == expected[0] && got[1] & ~padding == expected[1], "SNP \(j): bytes \(got), expected \(expected)")
    }
    #expect(try Self.famIDs(workspace.read("hand.fam")) == samples.map(\.id))
    #expect(try Self.lines(workspace.read("hand.bim")).map { $0.split(separator: "\t").map(String.init) }
            == variants.map { [$0.chromosome, $0.id, $0.geneticPosition, String($0.position), $0.firstAllele, $0.secondAllele] })

    // readPLINK gives back the table, call by call.
    let read = try GenotypeData.readPLINK(prefix: prefix)
    #expect(read.samples == samples)
    #expect(read.variants == variants)
    try #require(read.genotypes.individuals == n && read.genotypes.snps == m)
    for (j, row) in Self.table.enumerated() {
      for (i, call) in row.enumerated() {
        let counts = read.genotypes[individual: i, snp: j].alleleCounts
        #expect(counts?.first == call && counts.map { $0.total } == call.map { _ in 2 },
                "individual \(i), SNP \(j): read \(String(describing: counts)), written \(String(describing: call))")
      }
    }
    #expect(read.genotypes.missingCount == 7)

    // popmix fit sees the same data: one population, so P is each SNP's
    // observed frequency of A1 and the log-likelihood is known exactly.
    let hand = HandGenotypes(calls: Self.table, individuals: n)
    let result = try workspace.popmix("fit", "--bfile", "hand", "--populations", "1", "--out", "one")
    try #require(result.succeeded, "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
    let summary = try decodeJSON(Summary.self, from: workspace.read("one.1.summary.json"))
    #expect(summary.individuals == n)
    #expect(summary.snps == m)
    #expect(summary.missingCalls == 7)
    #expect(summary.droppedMonomorphic == 0)
    #expect(abs(summary.loglik - hand.oneSourceLogLikelihood) <= 1e-8 * abs(hand.oneSourceLogLikelihood),
            "loglik \(summary.loglik), expected \(hand.oneSourceLogLikelihood)")
    #expect(try workspace.read("one.1.Q") == String(repeating: "1.000000\n", count: n))
    let p = try Self.plainMatrix(workspace.read("one.1.P"), columns: 1, file: "one.1.P")
    try #require(p.rows == m)
    for j in 0..<m {
      #expect(abs(p[j, 0] - hand.frequency(snp: j)) <= 1e-6, "SNP \(j): P \(p[j, 0]), observed frequency \(hand.frequency(snp: j))")
    }
    #expect(try NamedTable(workspace.read("one.1.Q.tsv")).names == samples.map(\.id))
  }

  // MARK: - 4. bad input

  /// A genotype set popmix must refuse, and what it must say.
  struct BadGenotypes: Sendable, CustomTestStringConvertible {
    /// Where the message must place the problem.
    enum Place: Sendable {
      /// `Error: FILE: ` — a whole file (or the prefix, for the data as a whole).
      case file(String)
      /// `Error: FILE:LINE:COLUMN: ` at the start of the `occurrence`-th `needle` in FILE's text.
      case field(String, String, occurrence: Int = 1)
      /// `Error: FILE:LINE:COLUMN: ` just past the `occurrence`-th `needle`.
      case after(String, String, occurrence: Int = 1)
      /// An option: `Error: `, then ArgumentParser's usage lines.
      case option
    }

    var name: String
    /// Writes the input into the workspace.
    var setup: @Sendable (Workspace) throws -> Void
    /// The data arguments of `popmix fit`.
    var arguments: [String] = ["--bfile", "bad"]
    var place: Place
    var phrase: String

    var testDescription: String { name }

    /// A valid set: 9 individuals, 8 SNPs, a few missing calls.
    static let good: HandGenotypes = {
      let calls: [[Int?]] = (0..<8).map { j in
        (0..<9).map { i in (i + 2 * j) % 11 == 0 ? nil : (i * 7 + j * 3) % 5 % 3 }
      }
      return HandGenotypes(calls: calls, individuals: 9)
    }()

    /// `good` with `change` applied, written as `bad.*`.
    static func writing(_ change: @escaping @Sendable (inout HandGenotypes) -> Void) -> @Sendable (Workspace) throws -> Void {
      { workspace in
        var set = good
        change(&set)
        try set.write("bad", in: workspace)
      }
    }

    static let bimWithFiveFields = good.bim.replacingOccurrences(of: "\tsnp3\t0\t3000", with: "\tsnp3\t3000")
    static let bimWithBadPosition = good.bim.replacingOccurrences(of: "\t5000\t", with: "\t5k\t")
    static let famWithSevenFields = good.fam.replacingOccurrences(of: "f4 i4 0 0 0 -9", with: "f4 i4 0 0 0 -9 extra")
    static let vcfWithBadGT: String = {
      var lines = good.vcf.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      // The 4th SNP's line (phased, GT:DP): the 3rd sample's GT becomes '0|x'.
      let index = lines.firstIndex { $0.contains("\tsnp4\t") }!
      var fields = lines[index].split(separator: "\t").map(String.init)
      fields[11] = "0|x:12"
      lines[index] = fields.joined(separator: "\t")
      return lines.joined(separator: "\n")
    }()

    static let all: [BadGenotypes] = [
      BadGenotypes(name: "bad magic bytes", setup: { workspace in
        try good.write("bad", in: workspace)
        var bytes = good.bed
        bytes[0] = 0x58
        bytes[1] = 0x59
        try Data(bytes).write(to: workspace.url.appendingPathComponent("bad.bed"))
      }, place: .file("bad.bed"), phrase: "this is not a PLINK 1 .bed file: it starts with 0x58 0x59"),
      BadGenotypes(name: "individual-major .bed", setup: { workspace in
        try good.write("bad", in: workspace)
        var bytes = good.bed
        bytes[2] = 0x00
        try Data(bytes).write(to: workspace.url.appendingPathComponent("bad.bed"))
      }, place: .file("bad.bed"), phrase: "individual-major"),
      BadGenotypes(name: ".bed shorter than the .bim and .fam say", setup: { workspace in
        try good.write("bad", in: workspace)
        try Data(good.bed.dropLast()).write(to: workspace.url.appendingPathComponent("bad.bed"))
      }, place: .file("bad.bed"), phrase: "but the file has \(3 + 8 * 3 - 1) bytes: it looks truncated"),
      BadGenotypes(name: ".bim with one SNP fewer than the .bed holds", setup: { workspace in
        try good.write("bad", in: workspace)
        try workspace.write("bad.bim", lines(good.bim).dropLast().map { $0 + "\n" }.joined())
      }, place: .file("bad.bed"), phrase: "do the .bim and .fam belong to this .bed?"),
      BadGenotypes(name: "missing .bim", setup: { workspace in
        try good.write("bad", in: workspace)
        try FileManager.default.removeItem(atPath: workspace.path("bad.bim"))
      }, place: .file("bad.bim"), phrase: "no such file"),
      BadGenotypes(name: "missing .bed", setup: { workspace in
        try good.write("bad", in: workspace)
        try FileManager.default.removeItem(atPath: workspace.path("bad.bed"))
      }, place: .file("bad.bed"), phrase: "no such file"),
      BadGenotypes(name: ".bim line with five fields", setup: { workspace in
        try good.write("bad", in: workspace)
        try workspace.write("bad.bim", bimWithFiveFields)
      }, place: .after("bad.bim", "\tsnp3\t3000\tA\tG"), phrase: "expected 6 fields"),
      BadGenotypes(name: ".bim position that is not an integer", setup: { workspace in
        try good.write("bad", in: workspace)
        try workspace.write("bad.bim", bimWithBadPosition)
      }, place: .field("bad.bim", "5k"), phrase: "the base-pair position '5k' is not an integer"),
      BadGenotypes(name: ".fam line with seven fields", setup: { workspace in
        try good.write("bad", in: workspace)
        try workspace.write("bad.fam", famWithSevenFields)
      }, place: .field("bad.fam", "extra"), phrase: "expected 6 fields"),
      BadGenotypes(name: "an individual with no calls", setup: writing { set in
        for j in set.calls.indices { set.calls[j][4] = nil }
      }, place: .file("bad"), phrase: "individual 'i5' (family 'f5') has no observed genotype at any of the 8 SNPs"),
      BadGenotypes(name: "every SNP monomorphic", setup: writing { set in
        for j in set.calls.indices { set.calls[j] = set.calls[j].map { $0 == nil ? nil : (j % 2 == 0 ? 0 : 2) } }
      }, place: .file("bad"), phrase: "no SNP has both alleles observed"),
      BadGenotypes(name: "VCF with a malformed GT", setup: { workspace in
        try workspace.write("bad.vcf", vcfWithBadGT)
      }, arguments: ["--vcf", "bad.vcf"], place: .field("bad.vcf", "0|x"), phrase: "'0|x' is not a GT value"),
      BadGenotypes(name: "--bfile together with a count table", setup: writing { _ in },
                   arguments: ["--bfile", "bad", "bad.fam"], place: .option, phrase: "Give one data source only"),
      BadGenotypes(name: "--loci-as-rows with --bfile", setup: writing { _ in },
                   arguments: ["--bfile", "bad", "--loci-as-rows"], place: .option,
                   phrase: "--loci-as-rows applies to count tables only"),
      BadGenotypes(name: "--bfile together with --vcf", setup: writing { _ in },
                   arguments: ["--bfile", "bad", "--vcf", "bad.vcf"], place: .option,
                   phrase: "Give one data source only"),
    ]
  }

  @Test("fit refuses bad genotype input with one line naming the file, and writes nothing",
        arguments: BadGenotypes.all)
  func fitRefusesBadGenotypes(_ input: BadGenotypes) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try input.setup(workspace)
    try workspace.makeFolder("out")
    let before = try workspace.listing()

    let result = try workspace.popmix(["fit"] + input.arguments + ["-p", "2", "--restarts", "1", "--out", "out/result"])

    #expect(result.failedCleanly, "expected a non-zero exit status, not success or a crash: \(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    let lines = Self.lines(result.stderr)
    let first = try #require(lines.first, "nothing on stderr: \(result)")
    let prefix: String
    switch input.place {
    case .file(let file):
      prefix = "Error: \(file): "
    case .field(let file, let needle, let occurrence):
      let at = try #require(TextPlace.of(needle, occurrence: occurrence, in: workspace.read(file)), "'\(needle)' not in \(file)")
      prefix = "Error: \(file):\(at): "
    case .after(let file, let needle, let occurrence):
      let at = try #require(TextPlace.after(needle, occurrence: occurrence, in: workspace.read(file)), "'\(needle)' not in \(file)")
      prefix = "Error: \(file):\(at): "
    case .option:
      prefix = "Error: "
    }
    #expect(first.hasPrefix(prefix), "the message does not start with '\(prefix)': \(result)")
    #expect(first.contains(input.phrase), "the message lacks '\(input.phrase)': \(result)")
    if case .option = input.place {
      #expect(result.stderr.contains("Usage: popmix fit"), "\(result)")
    } else {
      #expect(lines.count == 1, "expected a one-line message: \(result)")
    }
    #expect(try workspace.listing() == before)
    let written = try FileManager.default.contentsOfDirectory(atPath: workspace.path("out"))
    #expect(written.isEmpty, "files written into out/: \(written)")
  }

  // MARK: - 5. monomorphic SNPs

  @Test("SNPs with one allele observed (or none) are dropped with a warning and counted in the summary")
  func monomorphicSNPsAreDropped() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let n = 12
    var calls: [[Int?]] = (0..<10).map { j in
      // Individuals 0 and 1 make every one of these SNPs polymorphic.
      (0..<n).map { i -> Int? in i < 2 ? 2 * i : ((i + j) % 13 == 5 ? nil : (i * 5 + j * 7 + i * j) % 7 % 3) }
    }
    calls.insert((0..<n).map { $0 % 4 == 1 ? nil : 0 }, at: 2)  // only A2
    calls.insert((0..<n).map { $0 == 3 ? nil : 2 }, at: 6)      // only A1
    calls.insert(Array(repeating: nil, count: n), at: 9)        // nothing observed
    calls.insert(Array(repeating: 1, count: n), at: 11)          // heterozygotes only: both alleles, kept
    let hand = HandGenotypes(calls: calls, individuals: n)
    let kept = calls.indices.filter { hand.isPolymorphic(snp: $0) }
    try #require(kept.count == calls.count - 3, "the test's table should have 3 monomorphic SNPs")
    try hand.write("mono", in: workspace)

    let result = try workspace.popmix("fit", "--bfile", "mono", "--populations", "1", "--out", "fit")

    try #require(result.succeeded, "\(result)")
    #expect(result.stderr.contains("warning: mono: dropped 3 SNP(s) with only one allele observed"), "\(result)")
    #expect(Self.lines(result.stderr).count == 1, "\(result)")
    // The warning says what .P holds for them (it once promised the
    // observed frequency, 0 or 1, which is outside the fit's bounds).
    #expect(result.stderr.contains("hold the frequency bound that matches what was observed, 1e-05 or 1 - 1e-05, or 0.5 with no call"), "\(result)")
    let summary = try decodeJSON(Summary.self, from: workspace.read("fit.1.summary.json"))
    #expect(summary.droppedMonomorphic == 3)
    #expect(summary.snps == kept.count)
    // The summary describes the data fitted: missing calls of the kept SNPs.
    #expect(summary.missingCalls == kept.reduce(0) { $0 + calls[$1].filter { $0 == nil }.count })
    // One .P line per SNP in .bim order: with one population, the SNP's
    // observed frequency of A1; a dropped SNP holds its bound (1e-5 when A1
    // was never seen, 1 − 1e-5 when only A1 was, ½ when nothing was), so
    // the lines stay aligned with the .bim.
    let p = try Self.plainMatrix(workspace.read("fit.1.P"), columns: 1, file: "fit.1.P")
    try #require(p.rows == calls.count)
    for j in calls.indices {
      let expected = kept.contains(j) ? hand.frequency(snp: j) : [2: 1e-5, 6: 1 - 1e-5, 9: 0.5][j]!
      #expect(abs(p[j, 0] - expected) <= 1e-6, "line \(j + 1): \(p[j, 0]), expected \(expected)")
    }
    #expect(abs(summary.loglik - hand.oneSourceLogLikelihood) <= 1e-8 * abs(hand.oneSourceLogLikelihood))
  }

  // MARK: - 6. scan

  @Test("scan --bfile on three simulated populations chooses 3")
  func scanChoosesThree() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 90, loci: 1000, populations: 3, hybrids: 6, seed: 4)

    let result = try workspace.popmix("scan", "--bfile", "sim", "--populations", "1-4", "--restarts", "1",
                                      "--folds", "3")

    try #require(result.succeeded, "\(result)")
    #expect(result.stdout.contains("90 individuals x "), "\(result)")
    #expect(result.stdout.contains("deviance/call"), "\(result)")
    for r in 1...4 {
      #expect(Self.lines(result.stdout).contains { $0.split(separator: " ").first == "\(r)" },
              "no row for r = \(r): \(result)")
    }
    #expect(result.stdout.contains("chosen populations: 3\n"), "\(result)")
    #expect(try workspace.listing() == ["sim.3.P", "sim.Q.tsv", "sim.bed", "sim.bim", "sim.fam", "sim.labels.tsv"])
  }

  // MARK: - 7. determinism

  @Test("fit --bfile twice gives byte-identical files, and 1 or 2 threads give the same")
  func fitIsDeterministic() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 80, loci: 800, populations: 3, hybrids: 6, seed: 6)
    let fit = ["fit", "--bfile", "sim", "--populations", "3", "--restarts", "3", "--seed", "11"]
    for (extra, out) in [([String](), "first"), ([], "second"), (["--threads", "1"], "one"), (["--threads", "2"], "two")] {
      let result = try workspace.popmix(fit + extra + ["--out", out])
      try #require(result.succeeded, "\(result)")
    }
    for suffix in [".3.Q", ".3.P", ".3.Q.tsv"] {
      let first = try workspace.data("first" + suffix)
      #expect(!first.isEmpty)
      #expect(first == (try workspace.data("second" + suffix)), "first\(suffix) and second\(suffix) differ")
      #expect(try workspace.data("one" + suffix) == workspace.data("two" + suffix), "one\(suffix) and two\(suffix) differ")
    }
    let summaries = try ["first", "second", "one", "two"].map {
      try decodeJSON(Summary.self, from: workspace.read($0 + ".3.summary.json"))
    }
    for summary in summaries.dropFirst() {
      #expect(summary.loglik == summaries[0].loglik)
      #expect(summary.iterations == summaries[0].iterations)
      #expect(summary.restartResults == summaries[0].restartResults)
    }
  }
}

extension GenotypeCommandTests {
  /// A small genotype set written by hand, independently of popmix's own
  /// PLINK writer: the test's table of calls, encoded here byte by byte.
  struct HandGenotypes {
    /// Calls as copies of A1 (0, 1 or 2), `nil` when missing; one row per SNP,
    /// one column per individual (the `.bed`'s SNP-major order).
    var calls: [[Int?]]
    /// One (family, individual) id pair per individual.
    var samples: [(family: String, id: String)]
    /// One `.bim` line's fields per SNP: chromosome, id, cM, position, A1, A2.
    var variants: [[String]]

    var individuals: Int { samples.count }
    var snps: Int { calls.count }

    /// PLINK's two-bit code for copies of A1: 00 two, 10 one, 11 none, 01 missing.
    static func code(_ copies: Int?) -> UInt8 {
      switch copies {
      case 2: 0b00
      case 1: 0b10
      case 0: 0b11
      default: 0b01
      }
    }

    /// Copies of A1 for a code, `nil` for missing.
    static func copies(_ code: UInt8) -> Int? {
      switch code & 3 {
      case 0b00: 2
      case 0b10: 1
      case 0b11: 0
      default: nil
      }
    }

    /// The `.bed` payload of one SNP: ⌈n/4⌉ bytes, individual i in bits
    /// 2(i % 4) of byte i / 4, padding 0 as PLINK writes it.
    static func packedSNP(_ calls: [Int?]) -> [UInt8] {
      var bytes = [UInt8](repeating: 0, count: (calls.count + 3) / 4)
      for (i, call) in calls.enumerated() { bytes[i / 4] |= code(call) << UInt8(2 * (i % 4)) }
      return bytes
    }

    /// The whole `.bed`: magic bytes, SNP-major mode byte, then each SNP.
    var bed: [UInt8] { [0x6C, 0x1B, 0x01] + calls.flatMap(Self.packedSNP) }
    var bim: String { variants.map { $0.joined(separator: "\t") + "\n" }.joined() }
    var fam: String { samples.map { "\($0.family) \($0.id) 0 0 0 -9\n" }.joined() }

    /// Writes `prefix.bed`, `.bim` and `.fam` into `workspace`.
    func write(_ prefix: String, in workspace: Workspace) throws {
      try Data(bed).write(to: workspace.url.appendingPathComponent(prefix + ".bed"))
      try workspace.write(prefix + ".bim", bim)
      try workspace.write(prefix + ".fam", fam)
    }

    /// The frequency of A1 among the observed copies of SNP `j`.
    func frequency(snp j: Int) -> Double {
      let observed = calls[j].compactMap { $0 }
      return Double(observed.reduce(0, +)) / Double(2 * observed.count)
    }

    /// Whether both alleles are observed at SNP `j`.
    func isPolymorphic(snp j: Int) -> Bool {
      let observed = calls[j].compactMap { $0 }
      return observed.contains { $0 > 0 } && observed.contains { $0 < 2 }
    }

    /// The K = 1 binomial log-likelihood Σ g log f + (t − g) log(1 − f) over
    /// the polymorphic SNPs, f each SNP's observed frequency of A1: the
    /// maximum a one-population fit can reach.
    var oneSourceLogLikelihood: Double {
      var total = 0.0
      for j in 0..<snps where isPolymorphic(snp: j) {
        let f = frequency(snp: j)
        for case let g? in calls[j] { total += Double(g) * log(f) + Double(2 - g) * log(1 - f) }
      }
      return total
    }

    /// A plain VCF of these calls: ALT is the `.bim`'s A1 and REF its A2, so
    /// that a call counting g copies of A1 has g ALT alleles, as popmix counts
    /// them. Odd SNPs are phased and carry a DP subfield after GT, so that
    /// both separators and a FORMAT with more than GT are read.
    var vcf: String {
      var text = "##fileformat=VCFv4.2\n##source=popmix end-to-end tests\n"
      text += "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
      text += "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
      text += (["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + samples.map(\.id))
        .joined(separator: "\t") + "\n"
      for (j, variant) in variants.enumerated() {
        let phased = j % 2 == 1
        let gts = calls[j].enumerated().map { i, call -> String in
          let gt: String = switch call {
          case 2: phased ? "1|1" : "1/1"
          case 1: phased ? (i % 2 == 0 ? "0|1" : "1|0") : "0/1"
          case 0: phased ? "0|0" : "0/0"
          default: phased ? ".|." : "./."
          }
          return phased ? "\(gt):\(10 + (i + j) % 7)" : gt
        }
        let fixed = [variant[0], variant[3], variant[1], variant[5], variant[4], ".", "PASS", ".",
                     phased ? "GT:DP" : "GT"]
        text += (fixed + gts).joined(separator: "\t") + "\n"
      }
      return text
    }

    /// Reads a PLINK set back from its text and bytes, decoding the `.bed`
    /// here rather than through popmix's reader.
    init(bed: Data, bim: String, fam: String) throws {
      samples = fam.split(whereSeparator: \.isNewline).map { line in
        let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
        return (fields[0], fields[1])
      }
      variants = bim.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
      let n = samples.count, bytesPerSNP = (n + 3) / 4
      let bytes = [UInt8](bed)
      try #require(bytes.count == 3 + variants.count * bytesPerSNP, "the .bed does not fit the .bim and .fam")
      try #require(Array(bytes[0..<3]) == [0x6C, 0x1B, 0x01], "not a SNP-major .bed")
      calls = (0..<variants.count).map { j in
        (0..<n).map { i in Self.copies(bytes[3 + j * bytesPerSNP + i / 4] >> UInt8(2 * (i % 4))) }
      }
    }

    init(calls: [[Int?]], samples: [(family: String, id: String)], variants: [[String]]) {
      self.calls = calls
      self.samples = samples
      self.variants = variants
    }

    /// `n` individuals `f<i> i<i>` and one `.bim` line per row of `calls`.
    init(calls: [[Int?]], individuals n: Int) {
      self.calls = calls
      samples = (1...n).map { ("f\($0)", "i\($0)") }
      variants = calls.indices.map { j in ["1", "snp\(j + 1)", "0", String(1000 * (j + 1)), "A", "G"] }
    }
  }
}

extension Workspace {
  /// `popmix simulate --genotypes … --out sim` in this workspace, which must
  /// succeed.
  func simulateGenotypes(individuals: Int, loci: Int, populations: Int, hybrids: Int, seed: Int,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let simulated = try popmix("simulate", "--genotypes", "--individuals", "\(individuals)", "--loci", "\(loci)",
                               "--populations", "\(populations)", "--hybrids", "\(hybrids)", "--seed", "\(seed)",
                               "--out", "sim")
    try #require(simulated.succeeded, "\(simulated)", sourceLocation: sourceLocation)
  }
}
