import Foundation
import Testing

/// The same inputs and seed give the same files, whatever the thread count.
@Suite("Determinism")
struct DeterminismTests {
  /// The suffixes of the files `popmix simulate` writes.
  static let simulateOutputs = [".counts.tsv", ".W.tsv", ".H.tsv", ".Q.tsv", ".labels.tsv"]
  /// The suffixes of the model files `popmix fit` writes (the summary also
  /// holds the run time, so it is compared separately).
  static let fitModelOutputs = [".3.Q.tsv", ".3.W.tsv", ".3.H.tsv"]
  /// A small data set: 30 individuals, 60 loci, 3 populations, 3 hybrids.
  static let simulation = ["simulate", "--individuals", "30", "--loci", "60", "--populations", "3", "--hybrids", "3"]

  @Test("simulate with the same seed writes byte-identical files; another seed other counts")
  func simulateIsDeterministic() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }

    for (prefix, seed) in [("first", "7"), ("second", "7"), ("other", "8")] {
      let result = try workspace.popmix(Self.simulation + ["--seed", seed, "--out", prefix])
      try #require(result.succeeded, "\(result)")
    }
    for suffix in Self.simulateOutputs {
      let first = try workspace.data("first" + suffix)
      #expect(!first.isEmpty, "first\(suffix) is empty")
      #expect(first == (try workspace.data("second" + suffix)), "first\(suffix) and second\(suffix) differ")
    }
    #expect(try workspace.data("first.counts.tsv") != workspace.data("other.counts.tsv"),
            "seeds 7 and 8 drew the same counts")
  }

  @Test("fit with the same seed writes byte-identical Q, W and H, and the same summary but for the time")
  func fitIsDeterministic() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix(Self.simulation + ["--seed", "7", "--out", "data"]).succeeded)

    for prefix in ["first", "second"] {
      let result = try workspace.popmix("fit", "data.counts.tsv", "-p", "3", "--restarts", "3", "--seed", "5",
                                        "--out", prefix)
      try #require(result.succeeded, "\(result)")
    }
    for suffix in Self.fitModelOutputs {
      #expect(try workspace.data("first" + suffix) == workspace.data("second" + suffix),
              "first\(suffix) and second\(suffix) differ")
    }
    let first = try decodeJSON(FitSummary.self, from: workspace.read("first.3.summary.json"))
    let second = try decodeJSON(FitSummary.self, from: workspace.read("second.3.summary.json"))
    #expect(first.loglik == second.loglik)
    #expect(first.iterations == second.iterations)
    #expect(first.restartResults == second.restartResults)
  }

  @Test("fit gives the same results with 1 and with 2 threads")
  func fitDoesNotDependOnThreads() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix(Self.simulation + ["--seed", "7", "--out", "data"]).succeeded)

    for threads in ["1", "2"] {
      let result = try workspace.popmix("fit", "data.counts.tsv", "-p", "3", "--restarts", "4", "--seed", "5",
                                        "--threads", threads, "--out", "threads\(threads)")
      try #require(result.succeeded, "\(result)")
    }
    // The help promises "Results do not depend on it", so W and H must
    // agree as well as Q.
    for suffix in Self.fitModelOutputs {
      #expect(try workspace.data("threads1" + suffix) == workspace.data("threads2" + suffix),
              "threads1\(suffix) and threads2\(suffix) differ")
    }
  }
}
