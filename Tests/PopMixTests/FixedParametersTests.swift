import Testing
@testable import PopMix

/// Fits that hold some parameters (supervised rows, projection's P).
@Suite struct FixedParametersTests {
  /// 120 individuals (20 hybrids) at the 1,500 SNPs that show both
  /// alleles, with the truth on those SNPs.
  static let simulated: (genotypes: GenotypeMatrix, truth: AdmixtureModel) = {
    let simulated = BinomialAdmixtureTests.genotypes(individuals: 120, snps: 1_520, populations: 3, hybrids: 20,
                                                     seed: 21)
    let kept = simulated.data.genotypes.polymorphicSNPs()
    let snps = kept.indices.filter { kept[$0] }.prefix(1_500)
    let genotypes = selecting(Array(0..<simulated.data.genotypes.individuals), of: simulated.data.genotypes,
                              snps: Array(snps))
    return (genotypes, AdmixtureModel(Q: simulated.truth.Q, P: simulated.truth.P.selectingRows(Array(snps))))
  }()

  /// The true proportions of every other individual: supervised mode's reference panel.
  static func everyOtherRow(of truth: AdmixtureModel) -> [Int: [Double]] {
    Dictionary(uniqueKeysWithValues: stride(from: 0, to: truth.individuals, by: 2).map { ($0, Array(truth.Q.row($0))) })
  }

  /// The individuals `rows` of `genotypes` at `snps` (all by default), in new storage.
  static func selecting(_ rows: [Int], of genotypes: GenotypeMatrix, snps: [Int]? = nil) -> GenotypeMatrix {
    let snps = snps ?? Array(0..<genotypes.snps)
    var selected = GenotypeMatrix(individuals: rows.count, snps: snps.count)
    for (column, j) in snps.enumerated() {
      for (row, i) in rows.enumerated() { selected[individual: row, snp: column] = genotypes[individual: i, snp: j] }
    }
    return selected
  }

  /// Every algorithm, with and without missing calls, holding rows of Q
  /// or all of P: the held values never move, not even by rounding, and
  /// the log-likelihood never falls (by more than rounding of a sum of
  /// ~10⁵ terms).
  @Test(arguments: FitAlgorithm.allCases, [false, true])
  func heldValuesStayAndTheLikelihoodNeverFalls(algorithm: FitAlgorithm, missing: Bool) {
    var genotypes = Self.simulated.genotypes
    if missing { genotypes = BinomialAdmixtureTests.damaged(genotypes, missingEvery: 5, haploid: true) }
    let truth = Self.simulated.truth
    let held = [FixedParameters(proportions: Self.everyOtherRow(of: truth)), FixedParameters(frequencies: truth.P)]
    for fixed in held {
      let start = BinomialAdmixture.start(genotypes, populations: 3, holding: fixed)
      let (model, trace, _) = BinomialAdmixture.trace(genotypes, from: start, algorithm: algorithm, tolerance: 0,
                                                       maxIterations: 40, fixed: fixed)
      #expect(trace.count > 3)
      for (before, after) in zip(trace, trace.dropFirst()) {
        #expect(after >= before - 1e-12 * abs(before), "\(algorithm): \(before) -> \(after)")
      }
      for (i, _) in fixed.proportions { #expect(Array(model.Q.row(i)) == fixed.flooredRow(i)!, "row \(i)") }
      if let P = fixed.clampedFrequencies { #expect(model.P == P) }
      #expect(model.Q != start.Q)
    }
  }

  /// Projecting individuals onto the P of a fit to them all gives back
  /// that fit's Q: at the optimum each row of Q is the optimum of its own
  /// problem given P. Both fits stop at a relative gain of 1e-12, where
  /// the rows still move by ~1e-5; 1e-3 leaves room and is far below the
  /// 0.05 that a wrong gradient or a moved P gives.
  @Test(arguments: [FitAlgorithm.newton, .accelerated])
  func projectionOntoAFitsFrequenciesReturnsItsProportions(algorithm: FitAlgorithm) throws {
    let genotypes = Self.simulated.genotypes
    var options = FitOptions.forGenotypes(populations: 3, algorithm: algorithm)
    options.tolerance = 1e-12
    let full = try BinomialAdmixture.fit(genotypes, options: options).model
    let rows = Array(stride(from: 1, to: genotypes.individuals, by: 3))
    let projected = try BinomialAdmixture.fit(Self.selecting(rows, of: genotypes), options: options,
                                              fixed: FixedParameters(frequencies: full.P)).model
    for (row, i) in rows.enumerated() {
      for k in 0..<3 { #expect(abs(projected.Q[row, k] - full.Q[i, k]) <= 1e-3, "individual \(i) k \(k)") }
    }
  }

  /// Supervised mode: with half the individuals held at their true
  /// proportions, the other half's Q is as close to the truth as an
  /// unsupervised fit's (within 0.002: the two fits differ by noise of
  /// that order on 1,500 SNPs), with the populations in the held columns'
  /// order, unmatched.
  @Test func supervisedFitKeepsTheReferenceOrderAndRecoversTheRest() throws {
    let genotypes = Self.simulated.genotypes, truth = Self.simulated.truth
    let options = FitOptions.forGenotypes(populations: 3)
    let supervised = try BinomialAdmixture.fit(genotypes, options: options,
                                               fixed: FixedParameters(proportions: Self.everyOtherRow(of: truth)))
    let unsupervised = try BinomialAdmixture.fit(genotypes, options: options)
    let others = Array(stride(from: 1, to: truth.individuals, by: 2))
    let trueOthers = truth.Q.selectingRows(others)
    let supervisedOthers = supervised.model.Q.selectingRows(others)
    let unmatched = zip(supervisedOthers.elements, trueOthers.elements).map { ($0 - $1) * ($0 - $1) }
    let supervisedRMSE = (unmatched.reduce(0, +) / Double(unmatched.count)).squareRoot()
    let unsupervisedRMSE = ColumnMatching.rmse(estimate: unsupervised.model.Q.selectingRows(others), truth: trueOthers)
    #expect(supervisedRMSE <= unsupervisedRMSE + 0.002, "supervised \(supervisedRMSE), unsupervised \(unsupervisedRMSE)")
    #expect(supervised.iterations > 0)
  }

  /// With P held, K may exceed the number of individuals, and SNPs with
  /// one allele observed stay: two individuals projected onto the true P
  /// land within 0.05 of their true proportions (RMSE; 1,500 SNPs give
  /// each proportion an error of about 0.02).
  @Test func projectionTakesFewIndividualsAndMonomorphicSNPs() throws {
    let genotypes = Self.simulated.genotypes, truth = Self.simulated.truth
    let rows = [3, 8]
    let two = Self.selecting(rows, of: genotypes)
    #expect(two.polymorphicSNPs().contains(false))
    let fit = try BinomialAdmixture.fit(two, options: .forGenotypes(populations: 3),
                                        fixed: FixedParameters(frequencies: truth.P))
    let trueRows = truth.Q.selectingRows(rows)
    let squared = zip(fit.model.Q.elements, trueRows.elements).map { ($0 - $1) * ($0 - $1) }
    #expect((squared.reduce(0, +) / Double(squared.count)).squareRoot() <= 0.05, "\(fit.model.Q) vs \(trueRows)")
  }

  /// With P held each sweep is a Newton step per individual on its own
  /// concave problem, run without quasi-Newton points (which slowed the
  /// 1,000 × 10,000 bench set from 16 sweeps to 34): it reaches EM's
  /// optimum (within 1e-9 of |l|: both converge there) in a hundredth of
  /// EM's passes or fewer (7,581 here; with quasi-Newton points, 10 sweeps).
  @Test func projectionSweepsConvergeFast() {
    let genotypes = Self.simulated.genotypes, truth = Self.simulated.truth
    let fixed = FixedParameters(frequencies: truth.P)
    let start = BinomialAdmixture.start(genotypes, populations: 3, holding: fixed)
    let em = BinomialAdmixture.trace(genotypes, from: start, algorithm: .mu, tolerance: 1e-12, maxIterations: 50_000,
                                     fixed: fixed)
    let newton = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 1e-12,
                                         maxIterations: 50_000, fixed: fixed)
    let best = max(em.logLikelihoods.last!, newton.logLikelihoods.last!)
    #expect(newton.logLikelihoods.last! >= best - 1e-9 * abs(best))
    #expect(newton.passes * 100 <= em.passes, "newton \(newton.passes) sweeps, EM \(em.passes) passes")
    #expect(GenotypeKernel(genotypes: genotypes, populations: 3, newtonSteps: true, fixed: fixed).quasiNewtonHelps == false)
  }
}
