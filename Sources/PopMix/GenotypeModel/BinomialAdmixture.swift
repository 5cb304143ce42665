/// Fits ADMIXTURE's binomial model to genotypes by maximum likelihood.
///
/// The update is the EM algorithm of ADMIXTURE's model (Alexander, Novembre
/// and Lange 2009, whose own default is a quasi-Newton-accelerated block
/// relaxation), which is also the Poisson-NMF multiplicative update on the
/// table [copies of A1, copies of A2] (docs/model.md §8): the log-likelihood
/// never decreases, and SQUAREM accelerates it as it does the count model.
/// Missing calls are simply left out; no re-estimation of totals is needed,
/// since each call's number of copies is known.
public enum BinomialAdmixture {
  /// Fits `genotypes` with `options.restarts` random starts and keeps the best.
  ///
  /// - Parameters:
  ///   - genotypes: the calls; monomorphic SNPs should have been dropped
  ///     (``GenotypeData/droppingMonomorphic()``).
  ///   - options: the settings; each restart fits ``FitOptions/candidateStarts``
  ///     random points to a subsample of SNPs and continues the best.
  /// - Throws: ``PopMixError`` when the settings are out of range, an
  ///   individual has no call, a SNP has only one allele observed (or none),
  ///   or the data cannot support the fit.
  /// - Complexity: O(restarts × iterations × n m K).
  public static func fit(_ genotypes: GenotypeMatrix, options: FitOptions,
                         observer: FitObserver? = nil) throws -> FitResult<AdmixtureModel> {
    try options.validate()
    try checkFittable(genotypes, populations: options.populations)
    try checkInformative(genotypes)
    return try fitAllowingEmpty(genotypes, options: options, observer: observer)
  }

  /// Fits genotypes whose calls are not checked beyond their shape: a
  /// cross-validation fold may leave an individual or a SNP without a call
  /// (an individual's Q then stays at its start, and the scan does not
  /// score it).
  static func fitAllowingEmpty(_ genotypes: GenotypeMatrix, options: FitOptions,
                               observer: FitObserver? = nil) throws -> FitResult<AdmixtureModel> {
    try options.validate()
    try checkFittable(genotypes, populations: options.populations)
    let passesSplit = GenotypeKernel.blockCount(individuals: genotypes.individuals, snps: genotypes.snps)
      >= options.threads
    var result = try FitResult<AdmixtureModel>.bestOfRestarts(options: options, passesSplit: passesSplit) {
      restart, seed, threads in
      let began = ContinuousClock.now
      let start = subsampledStart(genotypes, populations: options.populations, seed: seed,
                                  candidates: options.candidateStarts, algorithm: options.algorithm,
                                  maxIterations: options.maxIterations, threads: threads)
      var run = iterate(genotypes, from: start.model, algorithm: options.algorithm, tolerance: options.tolerance,
                        maxIterations: options.maxIterations, recordTrace: options.recordTrace, restart: restart,
                        observer: observer, threads: threads, began: began, passesBefore: start.passes)
      run.iterations += start.passes
      return run
    }
    result.model = result.model.sortedByPopulationShare()
    return result
  }

  /// Runs the iteration from a given start and returns every accepted
  /// log-likelihood as well (for tests and diagnostics).
  ///
  /// - Precondition: `start` matches the genotypes' shape; Q's rows sum to
  ///   one and P is inside (0, 1).
  public static func trace(_ genotypes: GenotypeMatrix, from start: AdmixtureModel,
                           algorithm: FitAlgorithm = .accelerated, tolerance: Double, maxIterations: Int,
                           threads: Int = 1) -> (model: AdmixtureModel, logLikelihoods: [Double], passes: Int) {
    precondition(start.individuals == genotypes.individuals && start.snps == genotypes.snps,
                 "The start does not match the genotypes' shape")
    let run = iterate(genotypes, from: start, algorithm: algorithm, tolerance: tolerance,
                      maxIterations: maxIterations, recordTrace: true, threads: threads)
    return (run.model, run.trace.map(\.logLikelihood), run.iterations)
  }

  /// Iterates from `start` until one update gains less than `tolerance` ×
  /// |l| or `maxIterations` passes have been made.
  static func iterate(_ genotypes: GenotypeMatrix, from start: AdmixtureModel, algorithm: FitAlgorithm,
                      tolerance: Double, maxIterations: Int, recordTrace: Bool = false,
                      restart: Int = 0, observer: FitObserver? = nil, threads: Int = 1,
                      began: ContinuousClock.Instant = .now, passesBefore: Int = 0) -> SingleRun<AdmixtureModel> {
    var driver = EMDriver(problem: GenotypeKernel(genotypes: genotypes, populations: start.populations, threads: threads),
                          start: GenotypeState(start), tolerance: tolerance, maxPasses: maxIterations,
                          recordTrace: recordTrace, restart: restart, observer: observer,
                          began: began, passesBefore: passesBefore)
    driver.run(algorithm)
    return driver.singleRun(\.model)
  }

  /// SNPs a subsample keeps: one in `subsampleStride`, and at least
  /// `subsampleMinimum`; smaller sets start from random points directly.
  static let subsampleStride = 8
  static let subsampleMinimum = 1_000
  /// The subsample's fit stops at this relative gain: it only has to find
  /// the structure, which the full fit then refines.
  static let subsampleTolerance = 1e-7

  /// A start from fits to every ``subsampleStride``-th SNP: `candidates`
  /// random points are each fitted there, and the best continues. The
  /// early climb (finding which individuals group together) costs an eighth
  /// as much there, so several candidates cost less than one full fit. P for
  /// every SNP starts at ½, so that the full fit's first pass sets it to
  /// Σ_i Q_ik g_ij / Σ_i Q_ik t_ij, the frequencies the subsample's Q
  /// implies (with P = ½, that pass leaves Q as it is). Sets too small to
  /// subsample start from the first random point.
  ///
  /// - Returns: the start and the work spent on it, in passes over the full data.
  static func subsampledStart(_ genotypes: GenotypeMatrix, populations K: Int, seed: UInt64, candidates: Int,
                              algorithm: FitAlgorithm, maxIterations: Int,
                              threads: Int) -> (model: AdmixtureModel, passes: Int) {
    let m = genotypes.snps, stride = subsampleStride
    guard m / stride >= subsampleMinimum else { return (randomStart(genotypes, populations: K, seed: seed), 0) }
    // New storage of an eighth the size (a copy-and-drop would keep the
    // full set's capacity alive for the whole fit).
    let subsample = genotypes.everySNP(stride)
    let (best, subsamplePasses) = SingleRun.bestOfCandidates(candidates, seed: seed) { candidateSeed in
      iterate(subsample, from: randomStart(subsample, populations: K, seed: candidateSeed), algorithm: algorithm,
              tolerance: subsampleTolerance, maxIterations: maxIterations, threads: threads)
    }
    let P = Matrix(rows: m, columns: K, repeating: 0.5)
    return (AdmixtureModel(Q: best.model.Q, P: P), (subsamplePasses * subsample.snps + m - 1) / m)
  }

  /// A random start: Q's rows Dirichlet(1), P uniform on [0.05, 0.95] (away
  /// from the bounds, where EM moves slowly).
  public static func randomStart(_ genotypes: GenotypeMatrix, populations K: Int, seed: UInt64) -> AdmixtureModel {
    let random = RandomSource(seed: seed)
    var Q = Matrix(rows: genotypes.individuals, columns: K)
    for i in 0..<genotypes.individuals {
      let row = random.dirichlet(count: K)
      for k in 0..<K { Q[i, k] = row[k] }
    }
    var P = Matrix(rows: genotypes.snps, columns: K)
    for index in P.elements.indices { P.elements[index] = 0.05 + 0.9 * random.uniform() }
    return AdmixtureModel(Q: Q, P: P)
  }

  /// Refuses calls that say nothing about a parameter: an individual with no
  /// call (its Q would be its random start) or a SNP with one allele
  /// observed or none (its P sits on the bound and says nothing of ancestry).
  ///
  /// - Complexity: O(n m / 4) byte look-ups at most.
  static func checkInformative(_ genotypes: GenotypeMatrix) throws {
    if let i = genotypes.observedIndividuals().firstIndex(of: false) {
      throw PopMixError.badData("individual \(i + 1) (counting from 1) has no observed call, so its ancestry cannot be estimated; remove it before fitting")
    }
    if let j = genotypes.polymorphicSNPs().firstIndex(of: false) {
      throw PopMixError.badData("SNP \(j + 1) (counting from 1) has only one allele observed, or no call; drop such SNPs before fitting (GenotypeData.droppingMonomorphic)")
    }
  }

  /// Refuses data the model cannot be fitted to, with a sentence saying why.
  static func checkFittable(_ genotypes: GenotypeMatrix, populations K: Int) throws {
    if genotypes.individuals == 0 || genotypes.snps == 0 {
      throw PopMixError.badData("there are no genotypes to fit (\(genotypes.individuals) individuals, \(genotypes.snps) SNPs)")
    }
    let limit = Swift.min(genotypes.individuals, genotypes.snps)
    if K > limit {
      throw PopMixError.badSetting(.populations, K, .atMostForData("\(limit)", because: "the smaller of \(genotypes.individuals) individuals and \(genotypes.snps) SNPs"))
    }
  }
}
