import Testing
@testable import PopMix

@Suite struct SimulationTests {
  let data = TestData.simulated(individuals: 120, loci: 300, populations: 3, hybrids: 12, seed: 1)

  @Test func truthKeepsTheModelsInvariants() {
    #expect(data.truth.W.columnSums().allSatisfy { abs($0 - 1) < 1e-12 })
    #expect(data.truth.H.columnSums().allSatisfy { abs($0 - 1) < 1e-12 })
    #expect(data.truth.W.elements.allSatisfy { $0 >= 0 })
    #expect(data.truth.totals.allSatisfy { $0 == 1200 })
  }

  @Test func membershipsAreAsAsked() {
    let hybrids = data.labels.filter { $0.status == .hybrid }
    #expect(hybrids.count == 12)
    #expect(hybrids.allSatisfy { $0.populations.count == 2 && $0.populations[0] != $0.populations[1] })
    // Pure individuals are spread evenly: 108 over 3 populations.
    let pure = data.labels.filter { $0.status == .pure }
    for a in 0..<3 { #expect(pure.filter { $0.populations == [a] }.count == 36) }
    // W has one non-zero per pure row and two per hybrid row.
    for (i, label) in data.labels.enumerated() {
      #expect(data.truth.W.row(i).filter { $0 > 0 }.count == label.populations.count)
    }
    // Balanced pairs give every column the same raw weight, so a 50/50
    // hybrid's row-normalised W is exactly 1/2, 1/2.
    let q = data.truth.admixtureProportions
    for (i, label) in data.labels.enumerated() where label.status == .hybrid {
      #expect(label.populations.allSatisfy { abs(q[i, $0] - 0.5) < 1e-12 })
    }
  }

  /// C_μ = n × depth makes the mean expected count exactly the depth; the
  /// mean of 36,000 Poisson counts then has standard error √(10/36000) ≈
  /// 0.017, and 0.1 is six of them.
  @Test func meanCountIsTheDepth() {
    let counts = data.table.counts.elements
    #expect(counts.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
    #expect(abs(counts.reduce(0, +) / Double(counts.count) - 10) < 0.1)
  }

  @Test func aSeedGivesTheSameFiles() {
    let again = TestData.simulated(individuals: 120, loci: 300, populations: 3, hybrids: 12, seed: 1)
    let other = TestData.simulated(individuals: 120, loci: 300, populations: 3, hybrids: 12, seed: 2)
    #expect(again.table == data.table)
    #expect(again.truth == data.truth)
    #expect(again.labels == data.labels)
    #expect(again.table.tsv() == data.table.tsv())
    #expect(other.table.counts != data.table.counts)
  }

  @Test(arguments: [
    (SimulationParameters(populations: 1, hybrids: 2), "the number of hybrids needs at least 2 populations to mix (got 2)"),
    (SimulationParameters(individuals: 5, populations: 3, hybrids: 3), "5 individuals leave 2 pure ones after 3 hybrids, fewer than the 3 populations"),
    (SimulationParameters(hybridMix: 1), "the hybrid mix must lie strictly between 0 and 1 (got 1.0)"),
    (SimulationParameters(depth: 0), "the depth must be a positive number (got 0.0)"),
    (SimulationParameters(alpha: -1), "the Dirichlet concentration alpha must be a positive number (got -1.0)"),
  ])
  func refusesImpossibleParameters(parameters: SimulationParameters, message: String) {
    let error = #expect(throws: PopMixError.self) { try SimulatedData.simulate(parameters) }
    #expect(error?.description == message)
  }
}
