import Foundation
import Testing

/// `fit --loss squared` and `scan --loss squared` as a user runs them.
@Suite("Least squares")
struct LeastSquaresCommandTests {
  /// A rank-2 table of reals, 12 × 10: six individuals of each component
  /// (the first two of each a little mixed), so that least squares can fit
  /// it exactly; with `noise`, each entry moves by up to ±noise (a fixed
  /// pattern, not random, so the table is the same on every machine).
  static func rankTwoTable(noise: Double = 0) -> (text: String, values: [[Double]]) {
    let profiles: [[Double]] = [
      [2.5, 0.1, 1.75, 0.0, 3.2, 0.4, 1.1, 0.05, 2.0, 0.6],
      [0.2, 2.9, 0.3, 1.6, 0.0, 2.2, 0.7, 3.1, 0.15, 1.4],
    ]
    var text = "id " + (1...10).map { "g\($0)" }.joined(separator: " ") + "\n"
    var values: [[Double]] = []
    for i in 0..<12 {
      let weight = i < 6 ? [1.0 + 0.1 * Double(i), i < 2 ? 0.2 : 0] : [i < 8 ? 0.3 : 0, 0.5 + 0.1 * Double(i)]
      let row = (0..<10).map { j in
        max(0, weight[0] * profiles[0][j] + weight[1] * profiles[1][j] + noise * sin(Double(7 * i + 3 * j)))
      }
      values.append(row)
      text += "ind\(i) " + row.map { String($0) }.joined(separator: " ") + "\n"
    }
    return (text, values)
  }

  /// Rows of a TSV written by popmix, without the header and the first column.
  static func numbers(_ text: String) -> [[Double]] {
    text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").dropFirst().map { Double($0)! } }
  }

  @Test("fit --loss squared writes Q, W, H and a summary whose relative error W and H reproduce")
  func fitWritesTheFiles() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let (text, v) = Self.rankTwoTable()
    try workspace.write("levels.tsv", text)

    let result = try workspace.popmix("fit", "levels.tsv", "--loss", "squared", "-p", "2", "--tolerance", "1e-12",
                                      "--out", "out", "--trace", "out.trace.tsv")

    try #require(result.succeeded, "\(result)")
    #expect(result.stdout.contains("mixed rows can appear"), "the caveat of seed 000 belongs in the report")
    let w = Self.numbers(try workspace.read("out.2.W.tsv")), h = Self.numbers(try workspace.read("out.2.H.tsv"))
    let q = Self.numbers(try workspace.read("out.2.Q.tsv"))
    try #require(w.count == 12 && h.count == 10 && q.count == 12)
    // The relative error recomputed here from the files the user gets.
    var residual = 0.0, total = 0.0
    for i in 0..<12 {
      for j in 0..<10 {
        let fitted = w[i][0] * h[j][0] + w[i][1] * h[j][1]
        residual += (v[i][j] - fitted) * (v[i][j] - fitted)
        total += v[i][j] * v[i][j]
      }
    }
    let summary = try JSONSerialization.jsonObject(with: try workspace.data("out.2.summary.json")) as! [String: Any]
    let reported = try #require(summary["relative_error"] as? Double)
    // W and H are written in full precision; only the sum's rounding differs.
    #expect(abs(reported - (residual / total).squareRoot()) <= 1e-9)
    #expect(reported < 1e-4, "an exact rank-2 table is fitted exactly")
    #expect(summary["loss"] as? String == "squared" && summary["solver"] as? String == "hals")
    // Pure individuals (2–5, 8–11) are one component only.
    for i in [2, 3, 4, 5, 8, 9, 10, 11] { #expect(q[i].max()! > 0.999, "ind\(i): \(q[i])") }
    #expect(Set([2, 3, 4, 5].map { q[$0][0] > 0.5 }).count == 1 && (q[2][0] > 0.5) != (q[8][0] > 0.5))
    // Restart 0's steps (the trace lists every restart's, one after another).
    let trace = try workspace.read("out.trace.tsv").split(separator: "\n").dropFirst()
      .map { $0.split(separator: "\t") }.filter { $0[0] == "0" }.map { Double($0[3])! }
    try #require(trace.count >= 2)
    #expect(zip(trace, trace.dropFirst()).allSatisfy { $1 <= $0 * (1 + 1e-12) }, "HALS never raises the error")
  }

  @Test("scan --loss squared chooses the table's rank")
  func scanChoosesTheRank() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("levels.tsv", Self.rankTwoTable(noise: 0.05).text)

    let result = try workspace.popmix("scan", "levels.tsv", "--loss", "squared", "-p", "1-3", "--folds", "3", "--json")

    try #require(result.succeeded, "\(result)")
    let output = try decodeJSON(ScanOutput.self, from: result.stdout)
    #expect(output.results.map(\.populations) == [1, 2, 3])
    #expect(output.chosen == 2, "\(result.stdout)")
    // heldout is the squared error per entry, lower is better: the rule
    // picks the smallest r within one standard error of the lowest.
    let best = output.results.min { $0.heldout < $1.heldout }!
    #expect(output.chosen == output.results.filter { $0.heldout <= best.heldout + best.heldoutSe }.map(\.populations).min()!)
    #expect(output.results.allSatisfy { $0.heldout > 0 })
  }

  @Test("a negative value is refused at its file:line:column, and nothing is written")
  func refusesANegativeValue() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("levels.tsv", "id a b c\nx 1.5 2 0\ny 0.5 -3 1\n")

    let result = try workspace.popmix("fit", "levels.tsv", "--loss", "squared", "-p", "1", "--out", "out")

    #expect(!result.succeeded)
    #expect(result.stderr.contains("levels.tsv:3:7: '-3' is negative"), "\(result)")
    #expect(try workspace.listing() == ["levels.tsv"])
  }

  @Test("options of the other loss or solver are refused, naming the option", arguments: [
    (["--solver", "mu"], "--solver applies to --loss squared only"),
    (["--l2", "0.1"], "--l2 applies to --loss squared only"),
    (["--loss", "squared", "--learning-rate", "0.1"], "--learning-rate applies to --solver sgd only"),
    (["--loss", "squared", "--solver", "mu", "--epochs", "5"], "--epochs applies to --solver sgd only"),
    (["--loss", "squared", "--algorithm", "mu"], "--algorithm does not apply to --loss squared"),
    (["--loss", "squared", "--candidate-starts", "2"], "--candidate-starts does not apply to --loss squared"),
    (["--loss", "squared", "--solver", "sgd", "--learning-rate", "0"], "--learning-rate must be a positive number"),
  ])
  func refusesMisplacedOptions(arguments: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("levels.tsv", Self.rankTwoTable().text)

    let result = try workspace.popmix(["fit", "levels.tsv", "-p", "2", "--out", "out"] + arguments)

    #expect(result.exited && result.status != 0)
    #expect(result.stderr.contains(message), "\(result)")
    #expect(try workspace.listing() == ["levels.tsv"])
  }
}
