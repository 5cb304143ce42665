import Foundation
import Testing

/// `popmix fit --supervised` and `fit --projection`, run as a user would.
///
/// Simulations are 90 individuals × 1,500 SNPs, 3 populations at F_ST 0.1:
/// by the Fisher-information count in GenotypeCommandTests (4 F m = 600
/// units, a standard error of about 0.04 per share), a right fit's Q is
/// within 0.06 RMSE of the truth, a fit with its columns mixed up or P
/// misoriented is off by 0.3 and more.
@Suite("Reference panels (commands)")
struct ReferencePanelCommandTests {
  static let n = 90, m = 1500, K = 3

  /// The labels of `sim.labels.tsv`: id, status, true populations.
  static func labels(_ workspace: Workspace) throws -> [(id: String, pure: Bool, population: Int)] {
    try workspace.read("sim.labels.tsv").split(separator: "\n").dropFirst().map { line in
      let fields = line.split(separator: "\t").map(String.init)
      return (fields[0], fields[1] == "pure", Int(fields[2]) ?? -1)
    }
  }

  /// Root mean squared difference of two equal-sized lists of rows.
  static func rmse(_ a: [[Double]], _ b: [[Double]]) -> Double {
    precondition(a.count == b.count && !a.isEmpty)
    var total = 0.0, count = 0
    for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { total += (u - v) * (u - v); count += 1 } }
    return (total / Double(count)).squareRoot()
  }

  struct Reference: Decodable {
    var mode: String
    var populations: [String]
    var referenceIndividuals: Int?
    var snpsMatched: Int?
    var snpsFlipped: Int?
    var snpsAmbiguousDropped: Int?
    var snpsOnlyInPanel: Int?
    var snpsOnlyInData: Int?
  }
  struct Summary: Decodable {
    var populations: Int
    var reference: Reference
  }

  /// A simulation (seed 5) whose every other pure individual is a
  /// reference, named "t" + its true population, in `sim.pop`.
  static func labelledSimulation() throws
    -> (workspace: Workspace, labels: [(id: String, pure: Bool, population: Int)], isReference: [Bool], pop: [String]) {
    let workspace = try Workspace()
    try workspace.simulateGenotypes(individuals: n, loci: m, populations: K, hybrids: 6, seed: 5)
    let labels = try Self.labels(workspace)
    let isReference = labels.indices.map { labels[$0].pure && $0 % 2 == 0 }
    let pop = labels.indices.map { isReference[$0] ? "t\(labels[$0].population)" : "-" }
    try workspace.write("sim.pop", pop.joined(separator: "\n") + "\n")
    return (workspace, labels, isReference, pop)
  }

  @Test("--supervised: references held at their population, columns named in file order, the others near the truth")
  func supervised() throws {
    let (workspace, labels, isReference, pop) = try Self.labelledSimulation()
    defer { workspace.remove() }
    var order: [String] = []
    for name in pop where name != "-" && !order.contains(name) { order.append(name) }

    let run = try workspace.popmix("fit", "--bfile", "sim", "--supervised", "sim.pop", "--out", "sup")
    try #require(run.succeeded, "\(run)")
    #expect(run.stdout.contains("references      \(isReference.count { $0 }) individuals held"), "\(run)")
    #expect(run.stdout.contains("restarts        1 (the reference fixes the populations' labels: one start)"), "\(run)")
    let fitted = try NamedTable(workspace.read("sup.3.Q.tsv"))
    #expect(fitted.header == ["id"] + order)
    let truth = try NamedTable(workspace.read("sim.Q.tsv"))
    // The fitted column named tk is the true population k.
    let columns = order.map { Int($0.dropFirst())! }
    let truthInOrder = truth.values.map { row in columns.map { row[$0] } }
    let others = labels.indices.filter { !isReference[$0] }
    let error = Self.rmse(others.map { fitted.values[$0] }, others.map { truthInOrder[$0] })
    #expect(error < 0.06, "Q RMSE on the unlabelled individuals is \(error)")
    for i in labels.indices where isReference[i] {
      let k = order.firstIndex(of: pop[i])!
      #expect(fitted.values[i][k] >= 0.9999, "reference \(labels[i].id) has \(fitted.values[i])")
    }
    let summary = try decodeJSON(Summary.self, from: workspace.read("sup.3.summary.json"))
    #expect(summary.populations == 3 && summary.reference.mode == "supervised" && summary.reference.populations == order)
    #expect(summary.reference.referenceIndividuals == isReference.count { $0 })

    // The same labels as 'id population' lines, in reverse order, name the populations in that order.
    let idLines = labels.indices.reversed().filter { isReference[$0] }.map { "\(labels[$0].id) \(pop[$0])" }
    try workspace.write("sim.ids", "id population\n" + idLines.joined(separator: "\n") + "\n")
    let byID = try workspace.popmix("fit", "--bfile", "sim", "--supervised", "sim.ids", "-p", "3", "--out", "ids")
    try #require(byID.succeeded, "\(byID)")
    var reversed: [String] = []
    for line in idLines { let name = String(line.split(separator: " ")[1]); if !reversed.contains(name) { reversed.append(name) } }
    let fittedByID = try NamedTable(workspace.read("ids.3.Q.tsv"))
    #expect(fittedByID.header == ["id"] + reversed)
    let columnOf = reversed.map { fitted.header.firstIndex(of: $0)! - 1 }
    let sameQ = fittedByID.values.map { row in row }
    let supQ = fitted.values.map { row in columnOf.map { row[$0] } }
    #expect(Self.rmse(sameQ, supQ) < 0.002, "the two layouts give different fits")
  }

  @Test("--bootstrap holds what the fit held: references' standard errors are 0, the others' above; projections get theirs")
  func bootstrapHoldsTheReference() throws {
    let (workspace, labels, isReference, _) = try Self.labelledSimulation()
    defer { workspace.remove() }
    let supervised = try workspace.popmix("fit", "--bfile", "sim", "--supervised", "sim.pop", "--bootstrap", "3",
                                          "--out", "sup")
    try #require(supervised.succeeded, "\(supervised)")
    let se = try BootstrapCommandTests.numbers(workspace.read("sup.3.Q_se"))
    #expect(se.count == Self.n)
    // Pure individuals may sit on the floor in every replicate (a standard
    // error of 0 then too); the admixed ones cannot.
    for i in labels.indices where isReference[i] || !labels[i].pure {
      if isReference[i] {
        #expect(se[i].allSatisfy { $0 == 0 }, "reference \(labels[i].id): \(se[i])")
      } else {
        #expect(se[i].contains { $0 > 0 }, "individual \(labels[i].id): \(se[i])")
      }
    }
    let projection = try workspace.popmix("fit", "--bfile", "sim", "--projection", "sim.3.P", "--bootstrap", "3",
                                          "--out", "proj")
    try #require(projection.succeeded, "\(projection)")
    let projected = try BootstrapCommandTests.numbers(workspace.read("proj.3.Q_se"))
    #expect(projected.count == Self.n && projected.allSatisfy { $0.count == Self.K && $0.allSatisfy { $0.isFinite && $0 >= 0 } })
    for i in labels.indices where !labels[i].pure {
      #expect(projected[i].contains { $0 > 0 }, "individual \(labels[i].id): \(projected[i])")
    }
  }

  @Test("--projection: Q near the truth on the true P; swapped alleles flipped, ambiguous and unshared SNPs left out")
  func projection() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: Self.n, loci: Self.m, populations: Self.K, hybrids: 6, seed: 7)
    // sim.3.P is the true P, and sim.bim beside it its default SNP list.
    let onTruth = try workspace.popmix("fit", "--bfile", "sim", "--projection", "sim.3.P", "--out", "onTruth")
    try #require(onTruth.succeeded, "\(onTruth)")
    #expect(!workspace.exists("onTruth.3.P"))
    let truth = try NamedTable(workspace.read("sim.Q.tsv"))
    let projected = try NamedTable(workspace.read("onTruth.3.Q.tsv"))
    #expect(projected.header == ["id", "pop0", "pop1", "pop2"])
    let error = Self.rmse(projected.values, truth.values)
    #expect(error < 0.06, "Q RMSE against the truth is \(error)")

    // A panel listing every third SNP with A1 and A2 swapped (P ↦ 1 − P),
    // 10 SNPs under other ids, and 5 SNPs that are A/T on both sides.
    let bim = try workspace.read("sim.bim").split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    let p = try workspace.read("sim.3.P").split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
    var panelBim: [String] = [], panelP: [String] = [], dataBim: [String] = []
    for j in bim.indices {
      var data = bim[j], panel = bim[j], row = p[j]
      if j % 3 == 0 {
        panel.swapAt(4, 5)
        row = row.map { 1 - $0 }
      }
      if (100..<110).contains(j) { panel[1] = "other\(j)" }
      if (200..<205).contains(j) { data[4] = "A"; data[5] = "T"; panel[4] = "A"; panel[5] = "T"; row = p[j] }
      dataBim.append(data.joined(separator: "\t"))
      panelBim.append(panel.joined(separator: " "))
      panelP.append(row.map { String(format: "%.6f", $0) }.joined(separator: " "))
    }
    try workspace.write("panel.3.P", panelP.joined(separator: "\n") + "\n")
    try workspace.write("panel.bim", panelBim.joined(separator: "\n") + "\n")
    try workspace.write("new.bim", dataBim.joined(separator: "\n") + "\n")
    try workspace.write("new.fam", workspace.read("sim.fam"))
    try workspace.data("sim.bed").write(to: URL(fileURLWithPath: workspace.path("new.bed")))

    let swapped = try workspace.popmix("fit", "--bfile", "new", "--projection", "panel.3.P", "--out", "swapped")
    try #require(swapped.succeeded, "\(swapped)")
    let flips = bim.indices.filter { $0 % 3 == 0 && !(100..<110).contains($0) && !(200..<205).contains($0) }.count
    let summary = try decodeJSON(Summary.self, from: workspace.read("swapped.3.summary.json")).reference
    #expect(summary.mode == "projection")
    #expect(summary.snpsMatched == Self.m - 15 && summary.snpsFlipped == flips && summary.snpsAmbiguousDropped == 5)
    #expect(summary.snpsOnlyInPanel == 10 && summary.snpsOnlyInData == 10)
    #expect(swapped.stdout.contains("\(Self.m - 15) matched (\(flips) with A1 and A2 swapped), 5 strand-ambiguous"), "\(swapped)")
    // 15 SNPs fewer and six-decimal P move Q by far less than a misoriented third of the SNPs would.
    let swappedQ = try NamedTable(workspace.read("swapped.3.Q.tsv"))
    #expect(Self.rmse(swappedQ.values, projected.values) < 0.005)

    let kept = try workspace.popmix("fit", "--bfile", "new", "--projection", "panel.3.P", "--keep-ambiguous", "--out", "kept")
    try #require(kept.succeeded, "\(kept)")
    let keptSummary = try decodeJSON(Summary.self, from: workspace.read("kept.3.summary.json")).reference
    #expect(keptSummary.snpsMatched == Self.m - 10 && keptSummary.snpsAmbiguousDropped == 0)
  }

  struct Refusal: Sendable, CustomTestStringConvertible {
    var name: String
    /// Files to write before the run: name and text (`{sim.bim}` stands for sim.bim's text).
    var files: [(String, String)]
    var arguments: [String]
    var says: String
    var testDescription: String { name }
  }

  static let popLines = Array(repeating: "-", count: 59) + ["A"]

  static let refusals: [Refusal] = [
    Refusal(name: ".pop with a line too few", files: [("x.pop", popLines.dropFirst().joined(separator: "\n") + "\n")],
            arguments: ["--bfile", "sim", "--supervised", "x.pop"],
            says: "x.pop: a .pop file needs one line per individual, in the genotypes' order, but this one has 59 and the genotypes have 60 individuals"),
    Refusal(name: "unknown id", files: [("x.ids", "ind01 A\nnobody B\n")], arguments: ["--bfile", "sim", "--supervised", "x.ids"],
            says: "x.ids:2:1: 'nobody' is not an individual of the genotypes"),
    Refusal(name: "duplicate id", files: [("x.ids", "ind01 A\nind02 B\nind01 B\n")],
            arguments: ["--bfile", "sim", "--supervised", "x.ids"],
            says: "x.ids:3:1: individual 'ind01' is listed twice (first on line 1)"),
    Refusal(name: "K not the populations named", files: [("x.ids", "ind01 A\nind02 B\nind03 C\nind04 D\n")],
            arguments: ["--bfile", "sim", "--supervised", "x.ids", "-p", "3"],
            says: "K is 3 but x.ids names 4 populations: A, B, C, D"),
    Refusal(name: "no SNP in common", files: [("ref.bim", "1 zz1 0 1 A G\n1 zz2 0 2 A G\n"), ("ref.2.P", "0.1 0.2\n0.3 0.4\n")],
            arguments: ["--bfile", "sim", "--projection", "ref.2.P"], says: "no SNP in common with the panel ref.2.P"),
    Refusal(name: ".P lines not its SNP list's", files: [("ref.bim", "1 L001 0 1 A G\n1 L002 0 2 A G\n"), ("ref.2.P", "0.1 0.2\n")],
            arguments: ["--bfile", "sim", "--projection", "ref.2.P"],
            says: "ref.2.P: has 1 line of frequencies but its SNP list ref.bim has 2 SNPs"),
    Refusal(name: "bad number in .P", files: [("ref.bim", "1 L001 0 1 A G\n1 L002 0 2 A G\n"), ("ref.2.P", "0.1 0.2\n0.3 1e\n")],
            arguments: ["--bfile", "sim", "--projection", "ref.2.P"], says: "ref.2.P:2:5: '1e' is not a frequency"),
    Refusal(name: "no SNP list", files: [("lone.2.P", "0.1 0.2\n")], arguments: ["--bfile", "sim", "--projection", "lone.2.P"],
            says: "lone.2.P: no SNP list beside it (looked for lone.2.P.snps and lone.bim)"),
    Refusal(name: "K not the .P's", files: [("ref.bim", "1 L001 0 1 A G\n"), ("ref.2.P", "0.1 0.2\n")],
            arguments: ["--bfile", "sim", "--projection", "ref.2.P", "-p", "3"], says: "K is 3 but ref.2.P holds 2 frequencies per SNP"),
    Refusal(name: "count table", files: [("t.tsv", "id a b\nx 1 2\ny 3 4\n"), ("x.pop", "A\nB\n")],
            arguments: ["t.tsv", "--supervised", "x.pop"], says: "--supervised applies to genotypes: give --bfile or --vcf"),
    Refusal(name: "both modes", files: [], arguments: ["--bfile", "sim", "--supervised", "x.pop", "--projection", "y.P"],
            says: "Give --supervised or --projection, not both"),
    Refusal(name: "--keep-ambiguous alone", files: [], arguments: ["--bfile", "sim", "-p", "2", "--keep-ambiguous"],
            says: "--keep-ambiguous applies to --projection only"),
    Refusal(name: "no K and no reference", files: [], arguments: ["--bfile", "sim"], says: "--populations"),
  ]

  @Test("refusals: one clear sentence, non-zero exit, nothing written", arguments: refusals)
  func refused(_ refusal: Refusal) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 60, loci: 400, populations: 2, hybrids: 0, seed: 3)
    for (name, text) in refusal.files { try workspace.write(name, text) }
    let before = try workspace.listing()
    let run = try workspace.popmix(["fit"] + refusal.arguments + ["--out", "out"])
    #expect(run.failedCleanly, "\(run)")
    #expect(run.stderr.contains(refusal.says), "\(run)")
    #expect(try workspace.listing() == before, "files were written: \(run)")
  }
}
