import Foundation
import Testing

/// Wrong answers a hostile test once found, run the way a user would.
@Suite struct CorrectnessCommandTests {
  /// An individual whose counts are all zero or missing cannot be placed:
  /// `fit` and `scan` refuse it by name, even when the table has other NAs
  /// (it was fitted as ½, ½ and listed as a hybrid), and write nothing.
  @Test(arguments: ["0 NA 0 0 NA 0", "NA NA NA NA NA NA"])
  func anIndividualWithNoCountsIsRefused(row: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.tsv", """
      id L1 L2 L3 L4 L5 L6
      a 5 0 3 NA 2 7
      b 4 1 0 2 6 1
      c \(row)
      d 0 6 2 5 1 3
      e 3 3 4 1 NA 2

      """)
    let fit = try workspace.popmix("fit", "t.tsv", "-p", "2", "--out", "x")
    #expect(!fit.succeeded)
    #expect(fit.stderr.contains("individual 'c' has no observed count above zero"), "\(fit)")
    #expect(try workspace.listing() == ["t.tsv"])
    let scan = try workspace.popmix("scan", "t.tsv", "-p", "1-2", "--folds", "2")
    #expect(!scan.succeeded)
    #expect(scan.stderr.contains("individual 'c' has no observed count above zero"), "\(scan)")
  }

  /// More folds than observed entries are refused before any fit.
  @Test func tooManyFoldsAreRefused() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.tsv", "id L1 L2\na 5 0\nb 1 3\n")
    let scan = try workspace.popmix("scan", "t.tsv", "-p", "1-1", "--folds", "9")
    #expect(!scan.succeeded)
    #expect(scan.stderr.contains("9 cross-validation folds are more than the 4 observed entries"), "\(scan)")
  }
}
