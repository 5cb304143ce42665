import Foundation
import Testing
@testable import PopMix

/// Reading supervised labels and frequency panels, and matching SNPs.
@Suite("Reference panels")
struct ReferencePanelTests {
  static let samples = ["a", "b", "c", "d"].map { GenotypeData.Sample(family: "f", id: $0) }
  static let ids = samples.map(\.id)

  /// Writes `text` to `name` in `folder` and returns its path.
  static func file(_ name: String, _ text: String, in folder: borrowing TemporaryDirectory) throws -> String {
    let path = folder.path(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The error `body` throws, or nil.
  static func error(_ body: () throws -> Void) -> PopMixError? {
    do { try body(); return nil } catch let error as PopMixError { return error } catch { return nil }
  }

  static func variant(_ id: String, _ a1: String, _ a2: String) -> GenotypeData.Variant {
    GenotypeData.Variant(chromosome: "1", id: id, position: 1, firstAllele: a1, secondAllele: a2)
  }

  // MARK: - Labels

  @Test(".pop layout: one line per individual, populations in order of first appearance, '-' unknown")
  func popLayout() throws {
    let folder = try TemporaryDirectory()
    let path = try Self.file("x.pop", "B\n-\nA\nB\n", in: folder)
    let labels = try ReferenceLabels.read(path: path, samples: Self.samples, ids: Self.ids)
    #expect(labels.layout == .populationPerLine)
    #expect(labels.populations == ["B", "A"])
    #expect(labels.assignments == [0, nil, 1, 0])
    #expect(labels.referenceCount == 3)
    #expect(labels.fixedProportions == [0: [1, 0], 2: [0, 1], 3: [1, 0]])
  }

  @Test("id file: header skipped, any order, unlisted individuals unknown, family and id accepted")
  func idLayout() throws {
    let folder = try TemporaryDirectory()
    let two = try Self.file("x.txt", "id population\nd  X\nb\tY\n# a comment\na -\n", in: folder)
    let labels = try ReferenceLabels.read(path: two, samples: Self.samples, ids: Self.ids)
    #expect(labels.layout == .idAndPopulation)
    #expect(labels.populations == ["X", "Y"])
    #expect(labels.assignments == [nil, 1, nil, 0])
    let three = try Self.file("y.txt", "f c Z\n", in: folder)
    #expect(try ReferenceLabels.read(path: three, samples: Self.samples, ids: Self.ids).assignments == [nil, nil, 0, nil])
  }

  /// A bad file: its text, what the message must say, and its place
  /// (`:line:column`, or nil for the whole file).
  struct BadFile: Sendable, CustomTestStringConvertible {
    /// Which reader the file goes to: a labels file, or a `.P` (with a two-SNP list).
    enum Reader: Sendable { case labels, panel }
    var reader: Reader
    var name: String
    var text: String
    var says: String
    var place: String?
    var testDescription: String { name }
  }

  static let badFiles: [BadFile] = [
    BadFile(reader: .labels, name: ".pop too short", text: "A\n-\nB\n", says: "has 3 and the genotypes have 4 individuals", place: nil),
    BadFile(reader: .labels, name: ".pop too long", text: "A\n-\nB\nA\nB\n", says: "(line 5 is one too many)", place: nil),
    BadFile(reader: .labels, name: "unknown id", text: "a A\nzz B\n", says: "'zz' is not an individual", place: ":2:1"),
    BadFile(reader: .labels, name: "duplicate id", text: "a A\nb B\na B\n", says: "individual 'a' is listed twice (first on line 1)",
              place: ":3:1"),
    BadFile(reader: .labels, name: "mixed layouts", text: "a A\nB\n", says: "this line has 1 field but line 1 has 2", place: ":2:1"),
    BadFile(reader: .labels, name: "no population", text: "-\n-\n-\n-\n", says: "no individual has a population", place: nil),
    BadFile(reader: .labels, name: "empty", text: "# nothing\n", says: "empty", place: nil),
    BadFile(reader: .labels, name: "four fields", text: "f a x A\n", says: "expected one field", place: ":1:1"),
    BadFile(reader: .panel, name: ".P not a number", text: "0.1 0.9\n0.2 x\n", says: "'x' is not a frequency", place: ":2:5"),
    BadFile(reader: .panel, name: ".P above one", text: "0.1 1.5\n0.2 0.3\n", says: "'1.5' is not a frequency", place: ":1:5"),
    BadFile(reader: .panel, name: ".P too few lines", text: "0.1 0.9\n", says: "has 1 line of frequencies but its SNP list",
            place: nil),
    BadFile(reader: .panel, name: ".P too many lines", text: "0.1 0.9\n0.1 0.9\n0.1 0.9\n", says: "has 3 lines", place: nil),
    BadFile(reader: .panel, name: ".P ragged", text: "0.1 0.9\n0.2\n", says: "expected 2 frequencies", place: ":2:4"),
  ]

  @Test("bad labels and .P files are refused with one sentence and their place", arguments: badFiles)
  func badFileRefused(_ bad: BadFile) throws {
    let folder = try TemporaryDirectory()
    let bim = try Self.file("ref.bim", "1 s1 0 10 A G\n1 s2 0 20 C T\n", in: folder)
    let path = try Self.file("bad.2.P", bad.text, in: folder)
    let error = try #require(Self.error {
      switch bad.reader {
      case .labels: _ = try ReferenceLabels.read(path: path, samples: Self.samples, ids: Self.ids)
      case .panel: _ = try FrequencyPanel.read(path: path, snpsPath: bim)
      }
    })
    #expect(error.description.contains(bad.says), "\(error)")
    #expect(error.description.hasPrefix(path + (bad.place ?? ": ")), "\(error)")
  }

  @Test("K must be the number of populations named, and the message names them")
  func populationCountChecked() throws {
    let labels = ReferenceLabels(path: "x.pop", layout: .populationPerLine, populations: ["A", "B", "C", "D"],
                                 assignments: [0, 1, 2, 3])
    #expect(throws: Never.self) { try labels.check(populations: 4) }
    let error = try #require(Self.error { try labels.check(populations: 3) })
    #expect(error.description.hasPrefix("K is 3 but x.pop names 4 populations: A, B, C, D"), "\(error)")
    guard case .setting(let problem) = error else { Issue.record("not a setting error: \(error)"); return }
    #expect(problem.setting == .populations)
  }

  // MARK: - SNP matching

  @Test("SNPs match by id: same alleles as is, swapped or other strand flipped, A/T and C/G left out unless kept")
  func matching() {
    let panel = [Self.variant("s1", "A", "G"), Self.variant("s2", "A", "G"), Self.variant("s3", "A", "T"),
                 Self.variant("s4", "C", "T"), Self.variant("s5", "A", "C"), Self.variant("p6", "A", "G"),
                 Self.variant("s7", "A", "G")]
    let data = [Self.variant("s2", "g", "a"), Self.variant("s1", "A", "G"), Self.variant("s3", "A", "T"),
                Self.variant("s4", "A", "G"), Self.variant("s5", "A", "G"), Self.variant("d6", "A", "G"),
                Self.variant("s7", "T", "C")]
    let matching = SNPMatching(data: data, panel: panel, keepAmbiguous: false)
    #expect(matching.dataSNPs == [0, 1, 3, 6])
    #expect(matching.panelRows == [1, 0, 3, 6])
    // s2 swapped; s4 C/T is G/A on the other strand, whose A1 is panel's A2; s7 T/C is A/G's complement.
    #expect(matching.flipped == [true, false, true, false])
    #expect((matching.ambiguous, matching.alleleMismatches, matching.onlyInPanel, matching.onlyInData) == (1, 1, 1, 1))
    let p = Matrix(rows: 7, columns: 2, elements: [0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.2, 0.2, 0.9, 0.9, 0.25, 0.75])
    let fixed = matching.frequencies(from: p)
    #expect(fixed.elements == [0.7, 0.6, 0.1, 0.2, 1 - 0.6, 1 - 0.7, 0.25, 0.75])
    let kept = SNPMatching(data: data, panel: panel, keepAmbiguous: true)
    #expect(kept.dataSNPs == [0, 1, 2, 3, 6] && kept.ambiguous == 0)
  }

  // MARK: - Frequency panels

  @Test("a .P and its SNP list are read; PREFIX.bim beside PREFIX.K.P is the default list")
  func panelRead() throws {
    let folder = try TemporaryDirectory()
    let bim = try Self.file("ref.bim", "1 s1 0 10 A G\n1 s2 0 20 C T\n", in: folder)
    let p = try Self.file("ref.2.P", "0.1 0.9\n1 0\n", in: folder)
    #expect(FrequencyPanel.defaultSNPList(for: p) == bim)
    let panel = try FrequencyPanel.read(path: p, snpsPath: bim)
    #expect(panel.frequencies.elements == [0.1, 0.9, 1, 0])
    #expect(panel.variants.map(\.id) == ["s1", "s2"])
    #expect(panel.populationNames == ["pop0", "pop1"])
    _ = try Self.file("ref.2.Q.tsv", "id\tA\tB\nx\t0.5\t0.5\n", in: folder)
    #expect(panel.populationNames == ["A", "B"])
    let snps = try Self.file("ref.2.P.snps", "1 s1 0 10 A G\n1 s2 0 20 C T\n", in: folder)
    #expect(FrequencyPanel.defaultSNPList(for: p) == snps)
    #expect(FrequencyPanel.defaultSNPList(for: folder.path("other.P")) == nil)
  }
}
