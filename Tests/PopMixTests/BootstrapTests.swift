import Testing
@testable import PopMix

@Suite struct BootstrapTests {
  /// Three chromosomes: 30 SNPs, 7 (fewer than a block) and 53 (not a
  /// multiple of the block), a SNP every 10 kb.
  static let names = Array(repeating: "1", count: 30) + Array(repeating: "2", count: 7) + Array(repeating: "X", count: 53)
  static let positions = (0..<30).map { 10_000 * $0 } + (0..<7).map { 10_000 * $0 } + (0..<53).map { 10_000 * $0 }

  @Test func blocksStayOnTheirChromosomeAndKeepItsSize() {
    let blocks = MovingBlocks(chromosomes: Self.names, positions: Self.positions, length: 10)
    #expect(blocks.chromosomes == [0..<30, 30..<37, 37..<90])
    for seed: UInt64 in 1...20 {
      let indices = blocks.replicate(using: RandomSource(seed: seed))
      #expect(indices.count == 90)
      // Chromosome by chromosome, each keeps its count and draws only its own SNPs.
      var offset = 0
      for chromosome in blocks.chromosomes {
        let part = indices[offset..<(offset + chromosome.count)]
        #expect(part.allSatisfy { chromosome.contains($0) }, "seed \(seed): \(part)")
        // Each block is a run of consecutive SNPs: 10 at a time, the last cut short.
        let w = min(10, chromosome.count)
        for start in stride(from: offset, to: offset + chromosome.count, by: w) {
          let block = indices[start..<min(start + w, offset + chromosome.count)]
          #expect(zip(block, block.dropFirst()).allSatisfy { $1 == $0 + 1 }, "seed \(seed): \(block)")
        }
        offset += chromosome.count
      }
      // A chromosome shorter than a block is always drawn whole.
      #expect(Array(indices[30..<37]) == Array(30..<37))
    }
  }

  @Test func replicatesDependOnTheSeedAlone() {
    let blocks = MovingBlocks(chromosomes: Self.names, positions: Self.positions, length: 5)
    let first = blocks.replicate(using: RandomSource(seed: 7))
    #expect(blocks.replicate(using: RandomSource(seed: 7)) == first)
    #expect(blocks.replicate(using: RandomSource(seed: 8)) != first)
    // Blocks start anywhere a whole block fits: over many draws every SNP of
    // the 53-SNP chromosome is drawn, the last ones too.
    var drawn = Set<Int>()
    for seed: UInt64 in 1...200 { drawn.formUnion(blocks.replicate(using: RandomSource(seed: seed))) }
    #expect(drawn == Set(0..<90))
  }

  @Test func theDefaultLengthIsAMegabaseAtTheDataDensity() {
    // 10 kb spacing: 100 SNPs per megabase (29 + 6 + 52 gaps over 870 kb).
    #expect(MovingBlocks(chromosomes: Self.names, positions: Self.positions).length == 100)
    #expect(MovingBlocks(chromosomes: Self.names, positions: Self.positions, bases: 50_000).length == 5)
    // No position information: the fallback.
    let flat = MovingBlocks(chromosomes: Self.names, positions: Array(repeating: 0, count: 90))
    #expect(flat.length == MovingBlocks.fallbackLength)
    // A chromosome name seen again later starts a run of its own.
    let split = MovingBlocks(chromosomes: ["1", "1", "2", "1"], positions: [1, 2, 3, 4], length: 1)
    #expect(split.chromosomes == [0..<2, 2..<3, 3..<4])
  }

  @Test func standardErrorsAreTheReplicatesSampleDeviation() {
    let a = Matrix(rows: 1, columns: 2, elements: [0.2, 0.8])
    let b = Matrix(rows: 1, columns: 2, elements: [0.4, 0.6])
    let c = Matrix(rows: 1, columns: 2, elements: [0.3, 0.7])
    let se = BootstrapEstimate.standardErrors([a, b, c])
    // Deviations ±0.1 and 0 from the mean 0.3; divisor B − 1 = 2.
    #expect(abs(se[0, 0] - 0.1) < 1e-12 && abs(se[0, 1] - 0.1) < 1e-12)
  }

  /// A small genotype fit and the bootstrap of it with `blocks`.
  static func bootstrap(length: Int, replicates: Int = 4) throws -> (SimulatedGenotypes, FitResult<AdmixtureModel>, BootstrapEstimate) {
    let simulated = try SimulatedGenotypes.simulate(SimulationParameters(
      individuals: 40, loci: 2_000, populations: 2, hybrids: 8, seed: 3))
    let genotypes = simulated.data.droppingMonomorphic().genotypes
    let options = FitOptions.forGenotypes(populations: 2, algorithm: .newton)
    let fit = try BinomialAdmixture.fit(genotypes, options: options)
    let blocks = MovingBlocks(chromosomes: [0..<genotypes.snps], length: min(length, genotypes.snps))
    let estimate = BinomialAdmixture.bootstrap(genotypes, fit: fit.model, blocks: blocks, replicates: replicates, seed: 1,
                                               algorithm: options.algorithm, tolerance: options.tolerance,
                                               maxIterations: options.maxIterations, threads: 1)
    return (simulated, fit, estimate)
  }

  @Test func dataResampledIdenticallyGiveNoSpread() throws {
    // One block as long as the chromosome: every replicate is the data in
    // its order, starts at the converged fit and stays there; the bound
    // allows for the few passes the replicate may still make (the fit
    // stopped at a relative gain of 1e-9).
    let (_, fit, estimate) = try Self.bootstrap(length: 2_000)
    #expect(estimate.replicates.count == 4 && estimate.reordered == 0 && estimate.unconverged == 0)
    #expect(estimate.standardErrors.elements.max()! < 1e-4, "\(estimate.standardErrors.elements.max()!)")
    for q in estimate.replicates {
      #expect(zip(q.elements, fit.model.Q.elements).allSatisfy { abs($0 - $1) < 1e-3 })
    }
  }

  @Test func resampledBlocksSpreadTheHybridsMoreThanThePure() throws {
    // 40 blocks of 50 SNPs: the replicates differ. A hybrid's proportions
    // sit inside the simplex and move with the SNPs drawn; a pure
    // individual's sit near the bound and move less. Over bootstrap seeds
    // 1 to 3 the hybrids' mean error was 2 to 2.5 times the pure ones'
    // (8 replicates each), hence the margin of 1.5.
    let (simulated, _, estimate) = try Self.bootstrap(length: 50, replicates: 8)
    let se = estimate.standardErrors
    let hybrids = simulated.labels.indices.filter { simulated.labels[$0].status == .hybrid }
    let pure = simulated.labels.indices.filter { simulated.labels[$0].status == .pure }
    let meanSE = { (rows: [Int]) in rows.map { se[$0, 0] }.reduce(0, +) / Double(rows.count) }
    #expect(meanSE(hybrids) > 0.01, "\(meanSE(hybrids))")
    #expect(meanSE(hybrids) > 1.5 * meanSE(pure), "\(meanSE(hybrids)) vs \(meanSE(pure))")
  }

  @Test func replicatesReadBackAsWritten() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path("r.2.Q_bootstrap.tsv")
    let ids = ["a", "#b", "c d"]
    let replicates = [Matrix(rows: 3, columns: 2, elements: [0.5, 0.5, 1, 0, 0.25, 0.75]),
                      Matrix(rows: 3, columns: 2, elements: [0.375, 0.625, 0.875, 0.125, 0, 1])]
    try BootstrapReplicates.tsv(replicates, individuals: ids).write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try BootstrapReplicates.read(path: path) == BootstrapReplicates(individuals: ids, replicates: replicates))
  }

  @Test(arguments: [
    ("id\treplicate\tpop0\tpop1\na\t1\t0.5\t0.5\nb\t1\t0.5\t0.5\nb\t2\t0.5\t0.5\na\t2\t0.5\t0.5\n", 4, 1, "out of order"),
    ("id\treplicate\tpop0\tpop1\na\t1\t0.5\t0.5\na\t3\t0.5\t0.5\n", 3, 3, "out of sequence: expected 2"),
    ("id\trep\tpop0\na\t1\t1\n", 1, 1, "starts with the header"),
    ("id\treplicate\tpop0\tpop1\na\t1\t1.5\t0.5\n", 2, 5, "not a proportion"),
    ("id\treplicate\tpop0\tpop1\na\t1\t0.5\n", 2, 1, "has 3 fields where the header has 4"),
  ])
  func badReplicatesFilesAreRefusedAtTheirPlace(text: String, line: Int, column: Int, phrase: String) throws {
    let directory = try TemporaryDirectory()
    let path = directory.path("bad.tsv")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try BootstrapReplicates.read(path: path)
      Issue.record("read a bad file")
    } catch let error as PopMixError {
      guard case .data(let problem) = error else { Issue.record("\(error)"); return }
      #expect(problem.location == SourceLocation(path: path, line: line, column: column), "\(problem)")
      #expect(problem.message.contains(phrase), "\(problem.message)")
    }
  }

  @Test func supportCountsTheReplicatesBelowTheThreshold() throws {
    let table = ProportionTable(individuals: ["a", "b"], populations: ["pop0", "pop1"],
                                proportions: Matrix(rows: 2, columns: 2, elements: [0.6, 0.4, 0.8, 0.2]))
    let calls = table.hybrids(threshold: 0.85)
    // The replicates list the individuals in another order than the table;
    // b's third replicate sits exactly at the threshold, which is not below it.
    let replicates = BootstrapReplicates(individuals: ["b", "a"], replicates: [
      Matrix(rows: 2, columns: 2, elements: [0.9, 0.1, 0.6, 0.4]),
      Matrix(rows: 2, columns: 2, elements: [0.8, 0.2, 0.9, 0.1]),
      Matrix(rows: 2, columns: 2, elements: [0.85, 0.15, 0.55, 0.45]),
      Matrix(rows: 2, columns: 2, elements: [0.7, 0.3, 0.5, 0.5]),
    ])
    let support = try table.support(of: calls, threshold: 0.85, replicates: replicates, replicatesPath: "r")
    #expect(calls.map(\.id) == ["a", "b"])
    #expect(support == [0.75, 0.5])
  }

  @Test(arguments: [
    ([0.5, 0.5, 0.0], MixtureKind.halfAndHalf), ([0.6, 0.38, 0.02], .halfAndHalf),
    ([0.75, 0.25, 0.0], .threeQuartersOneQuarter), ([0.7, 0.25, 0.05], .threeQuartersOneQuarter),
    ([0.88, 0.12, 0.0], .mostlyOne), ([0.5, 0.3, 0.2], .severalPopulations),
    ([0.34, 0.33, 0.33], .severalPopulations),
  ])
  func mixtureKindsFollowTheTwoMainShares(q: [Double], kind: MixtureKind) {
    #expect(MixtureKind(sortedProportions: q) == kind)
  }
}
