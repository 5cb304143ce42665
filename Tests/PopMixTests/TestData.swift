import Foundation
@testable import PopMix

/// Small simulated tables shared by the tests.
enum TestData {
  /// A simulated data set; small by default so unit tests stay quick.
  static func simulated(individuals: Int = 40, loci: Int = 80, populations: Int = 3, hybrids: Int = 4,
                        depth: Double = 10, seed: UInt64 = 1) -> SimulatedData {
    try! SimulatedData.simulate(SimulationParameters(
      individuals: individuals, loci: loci, populations: populations, hybrids: hybrids, depth: depth, seed: seed))
  }

  /// `table` with every `step`-th entry set missing.
  static func withMissing(_ table: CountTable, every step: Int) -> CountTable {
    var copy = table
    for k in stride(from: 3, to: copy.counts.elements.count, by: step) { copy.counts.elements[k] = .nan }
    return copy
  }
}

/// A fresh, empty folder for one test, removed when the test is done.
struct TemporaryDirectory: ~Copyable {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// The path of `name` inside the folder.
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// The names in the folder, sorted.
  func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
}
