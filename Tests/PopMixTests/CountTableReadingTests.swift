import Foundation
import Testing
@testable import PopMix

@Suite struct CountTableReadingTests {
  let expected = Matrix(rows: 2, columns: 3, elements: [1, 0, 4, 2, 7, 0])

  @Test func readsSimulatesLayout() throws {
    let table = try CountTable.parse(text: "id\tL1\tL2\tL3\nA\t1\t0\t4\nB\t2\t7\t0\n")
    #expect(table.individuals == ["A", "B"])
    #expect(table.loci == ["L1", "L2", "L3"])
    #expect(table.counts == expected)
  }

  @Test func readsAPlainMatrix() throws {
    let table = try CountTable.parse(text: "1 0 4\n2 7 0\n")
    #expect(table.counts == expected)
    #expect(table.individuals == ["ind1", "ind2"])
    #expect(table.loci == ["L1", "L2", "L3"])
  }

  @Test func readsIDsWithoutAHeader() throws {
    let table = try CountTable.parse(text: "A 1 0 4\nB 2 7 0\n")
    #expect(table.individuals == ["A", "B"])
    #expect(table.counts == expected)
  }

  @Test func readsAnRStyleHeaderWithoutAnIDName() throws {
    let table = try CountTable.parse(text: "L1 L2 L3\nA 1 0 4\nB 2 7 0\n")
    #expect(table.individuals == ["A", "B"])
    #expect(table.loci == ["L1", "L2", "L3"])
  }

  @Test func numericIDsNeedTheIDHeader() throws {
    let table = try CountTable.parse(text: "id 10 20 30\n101 1 0 4\n102 2 7 0\n")
    #expect(table.individuals == ["101", "102"])
    #expect(table.loci == ["10", "20", "30"])
    #expect(table.counts == expected)
  }

  @Test func skipsCommentsBlankLinesAndCarriageReturns() throws {
    let text = "# beetles\r\n\r\nid L1 L2 L3 # loci\r\nA\t1  0\t 4\r\n# middle\r\nB 2 7 0\r\n"
    #expect(try CountTable.parse(text: text).counts == expected)
  }

  @Test func ignoresAByteOrderMark() throws {
    let table = try CountTable.parse(text: "\u{FEFF}id L1 L2 L3\nA 1 0 4\nB 2 7 0\n")
    #expect(table.individuals == ["A", "B"] && table.counts == expected)
  }

  @Test func acceptsUsualCornerNames() throws {
    let table = try CountTable.parse(text: "locus A B\nL1 1 2\nL2 0 7\nL3 4 0\n", orientation: .lociAsRows)
    #expect(table.individuals == ["A", "B"] && table.counts == expected)
  }

  @Test func readsMissingEntriesAsNaN() throws {
    let table = try CountTable.parse(text: "1 NA 4\n2 7 0\n")
    #expect(table.counts[0, 1].isNaN)
    #expect(table.missingCount == 1)
  }

  @Test func acceptsWholeNumbersWrittenAsDecimals() throws {
    #expect(try CountTable.parse(text: "1.0 0 4e0\n2 7 0\n").counts == expected)
  }

  @Test func readsTheTransposedLayout() throws {
    let table = try CountTable.parse(text: "id A B\nL1 1 2\nL2 0 7\nL3 4 0\n", orientation: .lociAsRows)
    #expect(table.individuals == ["A", "B"])
    #expect(table.loci == ["L1", "L2", "L3"])
    #expect(table.counts == expected)
  }

  /// The message and the place of each kind of bad input.
  @Test(arguments: [
    ("1 0 4\n2 x 0\n", "t.tsv:2:3", "'x' is not a number"),
    ("1 0 4\n2 -3 0\n", "t.tsv:2:3", "'-3' is negative"),
    ("1 0 4\n2 2.5 0\n", "t.tsv:2:3", "'2.5' is fractional"),
    ("1 0 4\n2 7\n", "t.tsv:2:4", "ragged row: 2 values where line 1 has 3"),
    ("1 0 4\n2 7 0 9\n", "t.tsv:2:7", "ragged row: 4 values where line 1 has 3"),
    ("id L1 L2\nA 1 2\nA 3 4\n", "t.tsv:3:1", "duplicate id 'A' (first on line 2)"),
    ("1 0 4\n2 0 inf\n", "t.tsv:2:5", "'inf' is not a number"),
    ("1 0 4\n2 0x10 0\n", "t.tsv:2:3", "'0x10' is not a number"),
    ("L1 L2 L3\n1 2\n", "t.tsv:1:1", "the header has 3 names but the rows have 2 values"),
  ])
  func badInputIsLocated(text: String, place: String, message: String) {
    #expect {
      try CountTable.parse(text: text, path: "t.tsv")
    } throws: { error in
      let description = String(describing: error)
      return description.hasPrefix(place + ": ") && description.contains(message)
    }
  }

  @Test func anEmptyTableNamesTheFile() {
    #expect(throws: PopMixError.badData("the table has no rows of values", file: "t.tsv")) {
      try CountTable.parse(text: "# nothing here\n\n", path: "t.tsv")
    }
  }

  @Test func aMissingFileNamesTheFile() {
    #expect(throws: PopMixError.ioFailure("cannot read the file: no such file", file: "/nonexistent/x.tsv", .read, SystemError(code: ENOENT))) {
      try CountTable.read(path: "/nonexistent/x.tsv")
    }
  }

  @Test func dropsLociWithoutCounts() throws {
    let table = try CountTable.parse(text: "id a b c\nA 1 0 NA\nB 2 0 NA\n")
    let (kept, dropped) = table.droppingEmptyLoci()
    #expect(dropped == ["b", "c"])
    #expect(kept.loci == ["a"])
    #expect(kept.counts.elements == [1, 2])
  }

  @Test func writtenTablesReadBack() throws {
    let table = try CountTable.parse(text: "id L1 L2\nA 1 NA\nB 2 7\n")
    let again = try CountTable.parse(text: table.tsv())
    #expect(again.individuals == table.individuals && again.loci == table.loci)
    #expect(again.counts.elements.map { $0.isNaN ? -1 : $0 } == table.counts.elements.map { $0.isNaN ? -1 : $0 })
  }
}
