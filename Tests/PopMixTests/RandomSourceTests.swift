import Testing
@testable import PopMix

@Suite struct RandomSourceTests {
  @Test func theSameSeedGivesTheSameStream() {
    let a = RandomSource(seed: 42), b = RandomSource(seed: 42), c = RandomSource(seed: 43)
    let xa = (0..<5).map { _ in a.uniform() }
    #expect(xa == (0..<5).map { _ in b.uniform() })
    #expect(xa != (0..<5).map { _ in c.uniform() })
  }

  @Test func dirichletDrawsLieOnTheSimplex() {
    let random = RandomSource(seed: 1)
    for _ in 0..<100 {
      let x = random.dirichlet(count: 5, concentration: 0.3)
      #expect(x.allSatisfy { $0 >= 0 })
      #expect(abs(x.reduce(0, +) - 1) < 1e-12)
    }
  }

  /// The sample mean of 20,000 Poisson(7) draws has standard error
  /// √(7/20000) ≈ 0.019; 0.1 is more than five standard errors.
  @Test func poissonDrawsHaveTheRequestedMean() {
    let random = RandomSource(seed: 3)
    let draws = (0..<20_000).map { _ in Double(random.poisson(mean: 7)) }
    #expect(abs(draws.reduce(0, +) / 20_000 - 7) < 0.1)
  }

  @Test func shuffleIsAPermutation() {
    var values = Array(0..<50)
    RandomSource(seed: 9).shuffle(&values)
    #expect(values.sorted() == Array(0..<50))
    #expect(values != Array(0..<50))
  }

  @Test func derivedSeedsDiffer() {
    let seeds = Set((0..<1000).map { SeedSequence.seed(1, UInt64($0)) })
    #expect(seeds.count == 1000)
    #expect(SeedSequence.seed(1, 2) != SeedSequence.seed(2, 1))
    #expect(SeedSequence.seed(5, 1, 2) != SeedSequence.seed(5, 2, 1))
    #expect(SeedSequence.seed(5, 1, 2) != SeedSequence.seed(5, 1))
  }
}
