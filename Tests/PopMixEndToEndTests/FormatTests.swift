import Foundation
import Testing

/// One count matrix written in each layout the table reader accepts.
enum TableLayout: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// As `popmix simulate` writes it: header `id` + loci, ids first.
  case simulateOutput
  /// Numbers only: no header, no ids.
  case plainMatrix
  /// Comments, blank lines, mixed tabs and spaces, CRLF line ends.
  case decorated
  /// One row per locus, read with `--loci-as-rows`.
  case transposed

  var testDescription: String { rawValue }

  /// The file's text for `matrix`.
  func text(_ matrix: CountMatrix) -> String {
    switch self {
    case .simulateOutput: matrix.withNames
    case .plainMatrix: matrix.plain
    case .decorated: matrix.decorated
    case .transposed: matrix.transposed
    }
  }

  /// The extra arguments `fit` needs to read it.
  var options: [String] { self == .transposed ? ["--loci-as-rows"] : [] }
}

/// The table reader: every layout of the same counts fits the same way,
/// and missing entries are counted.
@Suite("Table formats")
struct FormatTests {
  /// The fit every layout is run through.
  static func fit(_ table: String, _ options: [String], out: String, in workspace: Workspace) throws -> ProcessResult {
    try workspace.popmix(["fit", table, "-p", "2", "--restarts", "2", "--seed", "3", "--out", out] + options)
  }

  @Test("the same counts in another layout give the same Q", arguments: TableLayout.allCases)
  func layoutsFitAlike(layout: TableLayout) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let simulated = try workspace.popmix("simulate", "--individuals", "16", "--loci", "24", "--populations", "2",
                                         "--hybrids", "2", "--seed", "4", "--out", "data")
    try #require(simulated.succeeded, "\(simulated)")
    let matrix = try CountMatrix(countsTSV: workspace.read("data.counts.tsv"))
    try #require(matrix.individuals.count == 16 && matrix.loci.count == 24)
    // The simulate output must be what the layout writer reproduces, or
    // the comparison below would compare different tables.
    #expect(try workspace.read("data.counts.tsv") == matrix.withNames)

    let reference = try Self.fit("data.counts.tsv", [], out: "reference", in: workspace)
    try #require(reference.succeeded, "\(reference)")
    try workspace.write("variant.txt", layout.text(matrix))
    let variant = try Self.fit("variant.txt", layout.options, out: "variant", in: workspace)
    try #require(variant.succeeded, "\(variant)\ninput:\n\(layout.text(matrix))")

    let expected = try NamedTable(workspace.read("reference.2.Q.tsv"))
    let actual = try NamedTable(workspace.read("variant.2.Q.tsv"))
    #expect(actual.header == expected.header)
    #expect(actual.values == expected.values, "Q from the \(layout) layout differs from the reference fit")
    if layout == .plainMatrix {
      // Without ids the reader numbers the rows ind01…ind16, zero-padded to
      // the width of the count; simulate uses the same scheme.
      #expect(actual.names == (1...16).map { String(format: "ind%02d", $0) })
    } else {
      #expect(actual.names == matrix.individuals)
    }
    // Loci keep their names, or get L01…L24 when the file has none.
    let h = try NamedTable(workspace.read("variant.2.H.tsv"))
    #expect(h.names == (1...24).map { String(format: "L%02d", $0) })
    #expect(h.values == (try NamedTable(workspace.read("reference.2.H.tsv")).values))
  }

  @Test("NA entries are accepted and counted in summary.json")
  func missingEntriesAreCounted() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix("simulate", "--individuals", "16", "--loci", "24", "--populations", "2",
                                      "--hybrids", "2", "--seed", "4", "--out", "data").succeeded)
    var matrix = try CountMatrix(countsTSV: workspace.read("data.counts.tsv"))
    let holes = [(0, 0), (3, 5), (7, 5), (15, 23), (9, 11)]
    for (i, mu) in holes { matrix.counts[i][mu] = nil }
    try workspace.write("holes.tsv", matrix.withNames)
    #expect(try workspace.read("holes.tsv").components(separatedBy: "NA").count - 1 == holes.count)

    let fitted = try workspace.popmix("fit", "holes.tsv", "-p", "2", "--restarts", "2", "--out", "fit")
    try #require(fitted.succeeded, "\(fitted)")
    let summary = try decodeJSON(FitSummary.self, from: workspace.read("fit.2.summary.json"))
    #expect(summary.missingEntries == holes.count)
    #expect(summary.individuals == 16 && summary.loci == 24)
    #expect(summary.loglik.isFinite)
    let q = try NamedTable(workspace.read("fit.2.Q.tsv"))
    #expect(q.names == matrix.individuals)
    #expect(q.values.allSatisfy { row in row.allSatisfy(\.isFinite) })
  }
}
