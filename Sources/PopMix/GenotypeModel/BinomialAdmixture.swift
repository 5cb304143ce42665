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
    try checkShape(genotypes, populations: options.populations)
    try checkInformative(genotypes)
    return try fitAllowingEmpty(genotypes, options: options, observer: observer)
  }

  /// Fits `genotypes` holding `fixed` at its values: supervised mode (the
  /// reference individuals' proportions held) or projection (P held, Q
  /// estimated for each individual).
  ///
  /// The fit runs once from ``start(_:populations:holding:)``: held
  /// values pin the populations' labels, and with P held each individual's
  /// problem is concave, so candidate starts and restarts would only
  /// repeat it. The populations keep the held values' column order. Every
  /// algorithm holds the values exactly and never lowers the
  /// log-likelihood.
  ///
  /// - Parameters:
  ///   - genotypes: the calls. With P held, SNPs with one allele observed
  ///     are kept (they still tell the individuals' ancestry) and K may
  ///     exceed the number of individuals.
  ///   - fixed: the held values; nothing held is a plain ``fit(_:options:observer:)``.
  /// - Precondition: `fixed` matches the genotypes' shape and
  ///   `options.populations` (``FixedParameters``).
  /// - Throws: as ``fit(_:options:observer:)``.
  public static func fit(_ genotypes: GenotypeMatrix, options: FitOptions, fixed: FixedParameters,
                         observer: FitObserver? = nil) throws -> FitResult<AdmixtureModel> {
    guard !fixed.isEmpty else { return try fit(genotypes, options: options, observer: observer) }
    try options.validate()
    let projecting = fixed.frequencies != nil
    // Held frequencies allow more populations than individuals.
    if projecting { try checkNotEmpty(genotypes) } else { try checkShape(genotypes, populations: options.populations) }
    try checkInformative(genotypes, snps: !projecting)
    var options = options
    options.restarts = 1
    return try fitAllowingEmpty(genotypes, options: options, fixed: fixed, observer: observer)
  }

  /// Runs the iteration from a given start and returns every accepted
  /// log-likelihood as well (for tests and diagnostics).
  ///
  /// - Precondition: `start` matches the genotypes' shape; Q's rows sum to
  ///   one and P is inside (0, 1).
  public static func trace(_ genotypes: GenotypeMatrix, from start: AdmixtureModel,
                           algorithm: FitAlgorithm = .accelerated, tolerance: Double, maxIterations: Int,
                           threads: Int = 1, fixed: FixedParameters? = nil)
    -> (model: AdmixtureModel, logLikelihoods: [Double], passes: Int) {
    precondition(start.individuals == genotypes.individuals && start.snps == genotypes.snps,
                 "The start does not match the genotypes' shape")
    return traced(genotypes, from: start, algorithm: algorithm, tolerance: tolerance, maxIterations: maxIterations,
                  threads: threads, fixed: fixed)
  }

  /// Newton sweeps on genotypes crawl along curved ridges where Q and P
  /// move together, which the full secant step overshoots: chained pairs
  /// and halved steps (docs/model.md §9, Acceleration).
  static var quasiNewtonScheme: QuasiNewtonScheme { .ridge }

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
  /// - Parameter snps: whether to check the SNPs too (not when P is held).
  /// - Complexity: O(n m / 4) byte look-ups at most.
  static func checkInformative(_ genotypes: GenotypeMatrix, snps: Bool = true) throws {
    if let i = genotypes.observedIndividuals().firstIndex(of: false) {
      throw PopMixError.badData("individual \(i + 1) (counting from 1) has no observed call, so its ancestry cannot be estimated; remove it before fitting")
    }
    if snps, let j = genotypes.polymorphicSNPs().firstIndex(of: false) {
      throw PopMixError.badData("SNP \(j + 1) (counting from 1) has only one allele observed, or no call; drop such SNPs before fitting (GenotypeData.droppingMonomorphic)")
    }
  }
}
