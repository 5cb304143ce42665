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
