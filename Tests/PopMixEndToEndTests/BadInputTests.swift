import Foundation
import Testing

/// A table or option `popmix fit` must refuse, and what it must say.
struct BadInput: Sendable, CustomTestStringConvertible {
  /// What the input file is.
  enum Setup: Sendable {
    /// A file with this text.
    case file(String)
    /// A folder where the table should be.
    case folder
    /// Nothing at all.
    case nothing

    /// The file's text, if it is a file.
    var text: String? {
      if case .file(let text) = self { return text }
      return nil
    }
  }

  /// Where the message must say the problem is.
  enum Place: Sendable {
    /// At the start of the `occurrence`-th `needle` in the text: `file:line:column: `.
    case field(String, occurrence: Int = 1)
    /// Just past `needle` (a missing value): `file:line:column: `.
    case after(String)
    /// The file as a whole: `file: `.
    case wholeFile
    /// An option, not a file: no place.
    case option
  }

  var name: String
  var setup: Setup
  /// The table's file name.
  var file = "table.tsv"
  /// The `-p` argument.
  var populations = "1"
  var place: Place
  /// A phrase the message must contain.
  var phrase: String

  var testDescription: String { name }

  /// The text `stderr` must contain before the message: ArgumentParser's
  /// `Error: ` and the place.
  func expectedPrefix() throws -> String {
    switch place {
    case .option:
      return "Error: "
    case .wholeFile:
      return "Error: \(file): "
    case .field(let needle, let occurrence):
      let text = try #require(setup.text, "a place in a file needs a file")
      let at = try #require(TextPlace.of(needle, occurrence: occurrence, in: text), "'\(needle)' not in the test's text")
      return "Error: \(file):\(at): "
    case .after(let needle):
      let text = try #require(setup.text, "a place in a file needs a file")
      let at = try #require(TextPlace.after(needle, in: text), "'\(needle)' not in the test's text")
      return "Error: \(file):\(at): "
    }
  }
}

extension BadInput {
  /// A table with ids and a header `id L1 L2 L3`; `rows` follow it.
  static func table(_ rows: String...) -> String {
    "id\tL1\tL2\tL3\n" + rows.map { $0 + "\n" }.joined()
  }

  static let all: [BadInput] = [
    BadInput(name: "non-numeric count", setup: .file(table("ind1\t3\t0\t5", "ind2\t4\tabc\t1", "ind3\t0\t6\t2")),
             place: .field("abc"), phrase: "'abc' is not a number"),
    BadInput(name: "negative count", setup: .file(table("ind1\t3\t0\t5", "ind2\t4\t2\t1", "ind3\t0\t-3\t2")),
             place: .field("-3"), phrase: "'-3' is negative"),
    BadInput(name: "fractional count", setup: .file(table("ind1\t3\t2.5\t5", "ind2\t4\t2\t1", "ind3\t0\t6\t2")),
             place: .field("2.5"), phrase: "'2.5' is fractional"),
    BadInput(name: "non-numeric count after comments and blank lines, CRLF",
             setup: .file("# a comment\r\n\r\nid L1 L2 L3\r\n# another\r\nind1  3 0 5\r\n\r\nind2 4\t\t x7 1\r\n"),
             place: .field("x7"), phrase: "'x7' is not a number"),
    BadInput(name: "ragged row, one value too few",
             setup: .file(table("ind1\t3\t0\t5", "ind2\t4\t88", "ind3\t0\t6\t2")),
             place: .after("88"), phrase: "ragged row: 2 values where line 2 has 3"),
    BadInput(name: "ragged row, one value too many",
             setup: .file(table("ind1\t3\t0\t5", "ind2\t4\t2\t1", "ind3\t0\t6\t2\t77")),
             place: .field("77"), phrase: "ragged row: 4 values where line 2 has 3"),
    BadInput(name: "empty table (a comment only)", setup: .file("# nothing but a comment\n"), file: "empty.tsv",
             place: .wholeFile, phrase: "the table has no rows of values"),
    BadInput(name: "file that does not exist", setup: .nothing, file: "missing.tsv",
             place: .wholeFile, phrase: "no such file"),
    BadInput(name: "path that is a folder", setup: .folder, file: "folder",
             place: .wholeFile, phrase: "it is a folder"),
    BadInput(name: "duplicate individual id",
             setup: .file(table("ind1\t3\t0\t5", "ind2\t4\t2\t1", "ind2\t0\t6\t2")),
             place: .field("ind2", occurrence: 2), phrase: "duplicate id 'ind2' (first on line 3)"),
    BadInput(name: "r = 0", setup: .file(table("ind1\t3\t0\t5", "ind2\t4\t2\t1", "ind3\t0\t6\t2")),
             populations: "0", place: .option, phrase: "--populations must be at least 1"),
    BadInput(name: "r above min(individuals, loci)",
             setup: .file("id\tL1\tL2\tL3\tL4\nind1\t3\t0\t5\t1\nind2\t4\t2\t1\t1\nind3\t0\t6\t2\t1\n"),
             populations: "4", place: .option, phrase: "at most 3"),
    BadInput(name: "individual with only zero counts",
             setup: .file(table("ind1\t3\t0\t5", "ind2\t0\t0\t0", "ind3\t0\t6\t2")),
             place: .option, phrase: "individual 'ind2' has no observed count above zero"),
  ]
}

/// Bad tables and options: a clean refusal that says where and what, and
/// no output at all.
@Suite("Bad input")
struct BadInputTests {
  @Test("fit refuses bad input, names the place and writes nothing", arguments: BadInput.all)
  func fitRefuses(_ input: BadInput) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    switch input.setup {
    case .file(let text): try workspace.write(input.file, text)
    case .folder: try workspace.makeFolder(input.file)
    case .nothing: break
    }
    let before = try workspace.listing()

    let result = try workspace.popmix("fit", input.file, "-p", input.populations, "--restarts", "1", "--out", "result")

    #expect(result.failedCleanly, "expected a non-zero exit status, not success or a crash: \(result)")
    let prefix = try input.expectedPrefix()
    #expect(result.stderr.contains(prefix), "stderr lacks '\(prefix)': \(result)")
    #expect(result.stderr.contains(input.phrase), "stderr lacks '\(input.phrase)': \(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    // Nothing new: no result.* file, and no staged temporary left behind.
    #expect(try workspace.listing() == before)
  }

  @Test("a locus with only zero counts is dropped with a warning naming it")
  func emptyLocusIsDropped() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("table.tsv", """
      id\tL1\tL2\tL3\tL4
      ind1\t3\t0\t5\t2
      ind2\t4\t0\t1\t3
      ind3\t0\t0\t2\t4
      ind4\t1\t0\t7\t1

      """)

    let result = try workspace.popmix("fit", "table.tsv", "-p", "2", "--restarts", "2", "--out", "result")

    try #require(result.succeeded, "\(result)")
    #expect(result.stderr.contains("warning: table.tsv: dropped 1 locus/loci"), "\(result)")
    #expect(result.stderr.contains("(L2)"), "the warning does not name the locus: \(result)")
    for suffix in [".2.Q.tsv", ".2.W.tsv", ".2.H.tsv", ".2.summary.json"] {
      #expect(workspace.exists("result" + suffix), "result\(suffix) not written")
    }
    let h = try NamedTable(workspace.read("result.2.H.tsv"))
    #expect(h.names == ["L1", "L3", "L4"], "H should have one row per kept locus")
    let summary = try decodeJSON(FitSummary.self, from: workspace.read("result.2.summary.json"))
    #expect(summary.droppedLoci == ["L2"])
    #expect(summary.loci == 3)
  }

  @Test("hybrids refuses a row that does not sum to 1, naming its line and column 1")
  func hybridsRefusesRowNotSummingToOne() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let text = "id\tpop0\tpop1\nA\t0.5\t0.5\n# B is off\nB\t0.5\t0.4\n"
    try workspace.write("bad.Q.tsv", text)

    let result = try workspace.popmix("hybrids", "bad.Q.tsv")

    #expect(result.failedCleanly, "\(result)")
    let line = try #require(TextPlace.of("B\t", in: text)).line
    #expect(result.stderr.contains("Error: bad.Q.tsv:\(line):1: "), "\(result)")
    #expect(result.stderr.contains("not 1"), "\(result)")
    #expect(result.stdout.isEmpty)
  }

  @Test("hybrids refuses a threshold above 1")
  func hybridsRefusesThresholdAboveOne() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("good.Q.tsv", "id\tpop0\tpop1\nA\t0.5\t0.5\n")

    let result = try workspace.popmix("hybrids", "good.Q.tsv", "--threshold", "1.5")

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr.contains("--threshold must lie in (0, 1]"), "\(result)")
    #expect(result.stdout.isEmpty)
  }
}
