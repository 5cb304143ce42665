import Testing
@testable import PopMix

/// The one fit routine's start policy and shape check, as each model sets them.
@Suite struct FitModelTests {
  /// A count table too small to subsample gets the best of its candidate
  /// starts after ``PoissonNMF/screeningPasses`` plain passes each; the
  /// genotype model screens none and takes the first random point.
  @Test func eachModelStartsSmallDataItsOwnWay() {
    let table = TestData.simulated(individuals: 30, loci: 60, seed: 2).table
    let counts = ObservedCounts(counts: table.counts)
    let options = FitOptions(populations: 3, candidateStarts: 3)
    let countStart = PoissonNMF.start(counts, populations: 3, seed: 7, options: options, threads: 1)
    #expect(countStart.passes == 3 * PoissonNMF.screeningPasses)
    // Ten passes move every entry of a random start.
    let moved = countStart.model.W != PoissonNMF.randomStart(counts, populations: 3, seed: 7).W
    #expect(moved)

    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 30, snps: 200).data.genotypes
    let genotypeStart = BinomialAdmixture.start(genotypes, populations: 3, seed: 7, options: options, threads: 1)
    #expect(genotypeStart.passes == 0)
    let isRandomStart = genotypeStart.model == BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 7)
    #expect(isRandomStart)
  }

  /// One candidate is the plain random start of the restart's seed, for both models.
  @Test func oneCandidateIsTheRandomStart() {
    let table = TestData.simulated(individuals: 30, loci: 60, seed: 2).table
    let counts = ObservedCounts(counts: table.counts)
    let options = FitOptions(populations: 2, candidateStarts: 1)
    let start = PoissonNMF.start(counts, populations: 2, seed: 9, options: options, threads: 1)
    #expect(start.passes == 0)
    let isRandomStart = start.model == PoissonNMF.randomStart(counts, populations: 2, seed: 9)
    #expect(isRandomStart)
  }

  /// The shape check names each model's columns and refuses more
  /// populations than the smaller side allows.
  @Test func theShapeCheckNamesTheColumns() throws {
    let counts = ObservedCounts(counts: TestData.simulated(individuals: 12, loci: 5, seed: 1).table.counts)
    try PoissonNMF.checkShape(counts, populations: 5)
    let countError = try #require(catching { try PoissonNMF.checkShape(counts, populations: 6) })
    #expect("\(countError)".contains("at most 5") && "\(countError)".contains("5 loci"))
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 4, snps: 30, populations: 2, hybrids: 0).data.genotypes
    try BinomialAdmixture.checkShape(genotypes, populations: 4)
    let genotypeError = try #require(catching { try BinomialAdmixture.checkShape(genotypes, populations: 5) })
    #expect("\(genotypeError)".contains("at most 4") && "\(genotypeError)".contains("30 SNPs"))
  }

  private func catching(_ body: () throws -> Void) -> (any Error)? {
    do { try body(); return nil } catch { return error }
  }
}
