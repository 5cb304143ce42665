import Foundation
import Testing

/// Outputs are written all-or-nothing: a failed run leaves nothing, a
/// successful one leaves no temporary files.
@Suite("Output safety")
struct OutputSafetyTests {
  /// Whether `name` looks like one of OutputFiles' staged temporaries
  /// (`.NAME.PID.tmp`).
  /// Staged outputs (`.NAME.PID.tmp`) and backups of replaced ones (`.NAME.PID.old`).
  static func isStagedTemporary(_ name: String) -> Bool {
    name.hasPrefix(".") && (name.hasSuffix(".tmp") || name.hasSuffix(".old"))
  }

  /// Simulates a small data set as `data.*` in `workspace`.
  static func simulate(in workspace: Workspace) throws {
    let result = try workspace.popmix("simulate", "--individuals", "30", "--loci", "60", "--populations", "2",
                                      "--hybrids", "3", "--seed", "3", "--out", "data")
    try #require(result.succeeded, "\(result)")
  }

  @Test("fit into a folder that does not exist fails clearly and creates nothing")
  func missingOutputFolder() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    let before = try workspace.listing()

    let result = try workspace.popmix("fit", "data.counts.tsv", "-p", "2", "--restarts", "1",
                                      "--out", "no-such-folder/result")

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr == "Error: no-such-folder/result: the folder no-such-folder does not exist\n", "\(result)")
    #expect(!workspace.exists("no-such-folder"))
    #expect(try workspace.listing() == before)
  }

  @Test("simulate into a folder that does not exist fails clearly and creates nothing")
  func missingSimulateFolder() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }

    let result = try workspace.popmix("simulate", "--individuals", "10", "--loci", "10", "--hybrids", "1",
                                      "--out", "no-such-folder/data")

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr == "Error: no-such-folder/data: the folder no-such-folder does not exist\n", "\(result)")
    #expect(try workspace.listing().isEmpty)
  }

  @Test("a successful fit leaves exactly its four outputs and no temporary files")
  func noLeftoverTemporaries() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    try workspace.makeFolder("out")

    let result = try workspace.popmix("fit", "data.counts.tsv", "-p", "2", "--restarts", "2", "--out", "out/result")

    try #require(result.succeeded, "\(result)")
    let listing = try FileManager.default.contentsOfDirectory(atPath: workspace.path("out")).sorted()
    #expect(!listing.contains(where: Self.isStagedTemporary), "temporaries left behind: \(listing)")
    #expect(listing == ["result.2.H.tsv", "result.2.Q.tsv", "result.2.W.tsv", "result.2.summary.json"])
    #expect(try !workspace.listing().contains(where: Self.isStagedTemporary))
    #expect(result.stdout.contains("wrote           out/result.2.Q.tsv out/result.2.W.tsv out/result.2.H.tsv out/result.2.summary.json"),
            "\(result)")
  }

  @Test("a fit that fails on its table leaves an earlier run's outputs untouched")
  func failedRunKeepsEarlierOutputs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    try #require(try workspace.popmix("fit", "data.counts.tsv", "-p", "2", "--restarts", "1", "--out", "result").succeeded)
    let suffixes = [".2.Q.tsv", ".2.W.tsv", ".2.H.tsv", ".2.summary.json"]
    let earlier = try suffixes.map { try workspace.data("result" + $0) }
    try workspace.write("bad.tsv", "id\tL1\tL2\nind1\t1\t2\nind2\t3\toops\n")

    let result = try workspace.popmix("fit", "bad.tsv", "-p", "2", "--out", "result")

    #expect(result.failedCleanly, "\(result)")
    #expect(try suffixes.map { try workspace.data("result" + $0) } == earlier)
    #expect(try !workspace.listing().contains(where: Self.isStagedTemporary))
  }

  /// Outputs are all or nothing: when one destination cannot be replaced
  /// (here a folder has its name), none of the others is written either.
  @Test("a fit whose third output cannot be moved into place leaves no outputs")
  func failedRenameLeavesNoPartialOutputs() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    // A folder where result.2.H.tsv should go: its staged file is written
    // fine, but renaming it onto the folder fails (EISDIR).
    try workspace.makeFolder("result.2.H.tsv")

    let result = try workspace.popmix("fit", "data.counts.tsv", "-p", "2", "--restarts", "1", "--out", "result")

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr.contains("Error: result.2.H.tsv: cannot replace the output: a folder has its name"), "\(result)")
    #expect(try !workspace.listing().contains(where: Self.isStagedTemporary))
    #expect(!workspace.exists("result.2.Q.tsv"))
    #expect(!workspace.exists("result.2.W.tsv"))
  }
}
