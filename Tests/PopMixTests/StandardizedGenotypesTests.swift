import Testing
@testable import PopMix

@Suite struct StandardizedGenotypesTests {
  /// 301 individuals (the last byte half padding, two pieces of a product
  /// X B) by 600 SNPs (three pieces of Xᵀ B), with 5% missing calls, one
  /// monomorphic SNP and one SNP with no calls.
  static func genotypes() -> GenotypeMatrix {
    let random = RandomSource(seed: 7)
    var g = GenotypeMatrix(individuals: 301, snps: 600)
    for j in 0..<600 {
      let p = 0.05 + 0.9 * random.uniform()
      for i in 0..<301 {
        if j == 10 { g[individual: i, snp: j] = .homozygousFirst; continue }
        if j == 11 || random.uniform() < 0.05 { continue }
        g[individual: i, snp: j] = .diploid(copiesOfFirst: random.binomial(trials: 2, probability: p))
      }
    }
    return g
  }

  /// The dense matrix, built call by call from the subscript.
  static func dense(_ g: GenotypeMatrix, scaled: Bool) -> Matrix {
    var x = Matrix(rows: g.individuals, columns: g.snps)
    for j in 0..<g.snps {
      let calls = (0..<g.individuals).compactMap { g[individual: $0, snp: j].alleleCounts }
      guard !calls.isEmpty else { continue }
      let f = Double(calls.map(\.first).reduce(0, +)) / Double(2 * calls.count)
      let sd = (2 * f * (1 - f)).squareRoot()
      guard sd > 0 else { continue }
      for i in 0..<g.individuals {
        guard let call = g[individual: i, snp: j].alleleCounts else { continue }
        x[i, j] = (Double(call.first) - 2 * f) / (scaled ? sd : 1)
      }
    }
    return x
  }

  static func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    zip(a.elements, b.elements).map { abs($0 - $1) }.max()!
  }

  @Test(arguments: [StandardizedGenotypes.Scaling.standardized, .centred])
  func productsMatchTheDenseMatrix(scaling: StandardizedGenotypes.Scaling) {
    let g = Self.genotypes()
    let x = Self.dense(g, scaled: scaling == .standardized)
    let random = RandomSource(seed: 8)
    let right = random.gaussianMatrix(rows: 600, columns: 3)
    let left = random.gaussianMatrix(rows: 301, columns: 3)
    let one = StandardizedGenotypes(g, scaling: scaling, threads: 1)
    let three = StandardizedGenotypes(g, scaling: scaling, threads: 3)
    #expect(one.variableSNPs == 598)
    // Sums of a few hundred terms of order 1: rounding is near 1e-13.
    #expect(Self.maxDifference(one.multiply(right), x.multiply(right)) < 1e-10)
    #expect(Self.maxDifference(one.multiplyTransposed(left), x.multiplyTransposed(left)) < 1e-10)
    #expect(one.multiply(right) == three.multiply(right))
    #expect(one.multiplyTransposed(left) == three.multiplyTransposed(left))
  }

  /// X B by byte tables over the individual-major copy of the calls equals
  /// the call-by-call product to 1e-12 of its largest entry (rounding of a
  /// few hundred terms of order 1 is near 1e-14), with missing calls, a
  /// monomorphic SNP, a SNP without calls, 1 to 5 vectors of four, SNPs
  /// not filling the last byte (86 = everySNP(7)), and the same bits for 1
  /// and 2 threads.
  @Test(arguments: [1, 2])
  func individualMajorProductEqualsTheProduct(threads: Int) {
    let random = RandomSource(seed: 9)
    for g in [Self.genotypes(), Self.genotypes().everySNP(7)] {
      let calls = IndividualMajorCalls(g)
      let x = StandardizedGenotypes(g, threads: threads)
      for k in [1, 5, 12, 13, 20] {
        let b = random.gaussianMatrix(rows: g.snps, columns: k)
        let expected = StandardizedGenotypes(g, threads: 1).multiply(b)
        let product = x.multiply(b, individualMajor: calls)
        let scale = expected.elements.map(abs).max()!
        #expect(Self.maxDifference(product, expected) <= 1e-12 * scale, "\(g.snps) SNPs, \(k) columns")
        #expect(product == StandardizedGenotypes(g, threads: 1).multiply(b, individualMajor: calls))
      }
    }
  }
}
