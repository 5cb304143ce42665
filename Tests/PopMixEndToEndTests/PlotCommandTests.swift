import Foundation
import Testing

/// `scan --out`, `plot` and `report` as a user runs them.
@Suite struct PlotCommandTests {
  /// A small count table with three populations, as `data.*`.
  static func simulate(in workspace: Workspace) throws {
    let result = try workspace.popmix("simulate", "--individuals", "30", "--loci", "60", "--populations", "3",
                                      "--hybrids", "3", "--seed", "2", "--out", "data")
    try #require(result.succeeded, "\(result)")
  }

  @Test("scan --out keeps each K's fit with K in its names, and lists them in PREFIX.scan.json")
  func scanKeepsEveryFit() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    let result = try workspace.popmix("scan", "data.counts.tsv", "-p", "1-3", "--folds", "2", "--restarts", "1", "--out", "s")
    try #require(result.succeeded, "\(result)")
    let expected = (1...3).flatMap { k in ["Q", "W", "H"].map { "s.\(k).\($0).tsv" } } + ["s.scan.json"]
    #expect(result.stdout.contains("wrote " + expected.joined(separator: " ")), "\(result)")
    for k in 1...3 {
      let q = try NamedTable(workspace.read("s.\(k).Q.tsv"))
      #expect(q.values.count == 30 && q.values.allSatisfy { $0.count == k && abs($0.reduce(0, +) - 1) < 1e-5 })
    }
    let json = try #require(JSONSerialization.jsonObject(with: workspace.data("s.scan.json")) as? [String: Any])
    #expect(json["outputs"] as? [String] == expected)
    #expect((json["command"] as? String)?.hasSuffix("scan data.counts.tsv -p 1-3 --folds 2 --restarts 1 --out s") == true)
  }

  @Test("plot draws ADMIXTURE .Q files with a .fam's ids beside popmix's .Q.tsv, and refuses a .Q of other individuals")
  func plotReadsAdmixtureFiles() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.simulateGenotypes(individuals: 40, loci: 400, populations: 2, hybrids: 4, seed: 3)
    for k in ["2", "3"] {
      try #require(try workspace.popmix("fit", "--bfile", "sim", "-p", k, "--out", "fit").succeeded)
    }
    let plotted = try workspace.popmix("plot", "fit.3.Q", "fit.2.Q.tsv", "--fam", "sim.fam", "--groups", "sim.fam", "--out", "pic")
    try #require(plotted.succeeded, "\(plotted)")
    #expect(plotted.stdout.contains("K=2  fit.2.Q.tsv"), "\(plotted)")
    #expect(plotted.stdout.contains("K=3  fit.3.Q"), "\(plotted)")
    let svg = try workspace.read("pic.bars.svg")
    #expect(svg.hasPrefix("<?xml") && svg.contains("</svg>"))
    // Three rows too many: the .fam's individuals are not this file's.
    try workspace.write("long.Q", try workspace.read("fit.2.Q") + "0.5 0.5\n0.5 0.5\n0.5 0.5\n")
    let refused = try workspace.popmix("plot", "long.Q", "--fam", "sim.fam", "--out", "bad")
    #expect(refused.failedCleanly, "\(refused)")
    #expect(refused.stderr.contains("Error: long.Q: the file has 43 rows but sim.fam lists 40 individuals"), "\(refused)")
    #expect(!workspace.exists("bad.bars.svg"))
  }

  @Test("plot refuses bad settings, and nothing to draw, before reading anything")
  func plotRefusesBadSettings() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    for (arguments, message) in [
      (["plot", "missing.Q.tsv", "--mode-threshold", "0", "--out", "p"], "Error: --mode-threshold must be a positive number (got 0.0)\n"),
      (["plot", "missing.Q.tsv", "--threshold", "1.5", "--out", "p"], "Error: --threshold must lie in (0, 1]; got 1.5\n"),
      (["plot", "missing.Q.tsv", "--groups", "g.txt", "--group-column", "1", "--out", "p"], "Error: --group-column must be at least 2 (column 1 holds the id) (got 1)\n"),
      (["plot", "--out", "p"], "Error: there is nothing to draw: give Q files, --scan or --pca\n"),
    ] {
      let result = try workspace.popmix(arguments)
      #expect(result.failedCleanly, "\(result)")
      #expect(result.stderr == message, "\(result)")
    }
    #expect(try workspace.listing().isEmpty)
  }

  /// Opens `page` in headless Chromium: returns its standard error (where
  /// Chromium logs the page's console) and the DOM it built.
  static func openInChromium(_ page: String) throws -> (log: String, dom: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-chromium-\(UUID())")
    defer { try? FileManager.default.removeItem(at: profile) }
    process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                         "--user-data-dir=\(profile.path)", "--dump-dom", URL(fileURLWithPath: page).absoluteString]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both before waiting, so that a full pipe cannot stall Chromium.
    let dom = out.fileHandleForReading.readDataToEndOfFile()
    let log = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus); `make test-deps` installs it")
    return (String(decoding: log, as: UTF8.self), String(decoding: dom, as: UTF8.self))
  }

  @Test("report writes one self-contained page for a fit and for a scan, which Chromium opens without console errors")
  func reportOpensInChromium() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    try #require(try workspace.popmix("fit", "data.counts.tsv", "-p", "3", "--restarts", "2", "--out", "fit").succeeded)
    try #require(try workspace.popmix("scan", "data.counts.tsv", "-p", "1-3", "--folds", "2", "--restarts", "1", "--out", "s").succeeded)
    for (summary, page) in [("fit.3.summary.json", "fit.html"), ("s.scan.json", "scan.html")] {
      let result = try workspace.popmix("report", summary, "--groups", "data.labels.tsv", "--group-column", "3", "--out", page)
      try #require(result.succeeded, "\(result)")
      let html = try workspace.read(page)
      // Self-contained: no script, nothing loaded from a file or the network.
      for needle in ["<script", "src=", "href=", "url(", "@import"] {
        #expect(!html.contains(needle), "\(page) holds '\(needle)'")
      }
      #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").range(of: "http") == nil)
      #expect(html.contains("Made by <code>popmix fit data.counts.tsv -p 3") || summary != "fit.3.summary.json")
      #expect(html.contains("Hybrids (K=3)"), "\(page)")
      let (log, dom) = try Self.openInChromium(workspace.path(page))
      let console = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
      #expect(console.isEmpty, "\(page): \(console)")
      #expect(dom.contains("<svg") && dom.contains("</html>"), "\(page): Chromium built no page")
    }
  }
}
