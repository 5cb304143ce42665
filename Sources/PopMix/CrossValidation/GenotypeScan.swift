import RealModule

/// Chooses the number of populations for genotypes by cross-validation, as
/// ADMIXTURE's `--cv` does: the observed calls are split at random into
/// folds; each fold in turn is hidden (made missing), the binomial model is
/// fitted to the rest, and the hidden calls are scored by their binomial
/// deviance per call (lower is better).
public enum GenotypeScan {
  /// Scans `options.populations` on `genotypes`.
  ///
  /// The result's held-out score is minus the mean deviance per held-out
  /// call (so that higher is better, as for count tables), its standard
  /// error that of the deviance over the folds.
  ///
  /// - Parameter progress: called (from any thread) after each fit with the
  ///   number of fits done and the total.
  /// - Throws: ``PopMixError`` when the settings are out of range or the
  ///   largest r is more than the data allows.
  /// - Complexity: (folds + 1) × |populations| fits.
  public static func run(_ genotypes: GenotypeMatrix, options: ScanOptions,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ScanResult {
    try options.validate()
    try BinomialAdmixture.checkFittable(genotypes, populations: options.populations.upperBound)
    try BinomialAdmixture.checkInformative(genotypes)
    let n = genotypes.individuals, m = genotypes.snps
    let observed = n * m - genotypes.missingCount
    try PopulationScan.checkFolds(options.folds, observedEntries: observed)
    return try PopulationScan.crossValidate(
      options: options, observedEntries: observed, parameters: { K in n * (K - 1) + K * m },
      progress: progress) { K, fold, fitOptions in
      guard let fold else {
        let fit = try BinomialAdmixture.fit(genotypes, options: fitOptions)
        return (fit.logLikelihood, fit.converged)
      }
      let training = hiding(genotypes, fold: fold, folds: options.folds, seed: options.seed)
      let fit = try BinomialAdmixture.fitAllowingEmpty(training, options: fitOptions)
      let deviance = heldOutDeviance(fit.model, genotypes: genotypes, training: training, fold: fold,
                                     folds: options.folds, seed: options.seed)
      return (deviance.map { -$0 }, fit.converged)
    }
  }

  /// The fold of the call of individual `i` at SNP `j`: a hash of its place
  /// and the seed, so that folds need no memory on large data sets and are
  /// the same for every number of populations.
  @inline(__always)
  static func fold(individual i: Int, snp j: Int, individuals n: Int, folds: Int, seed: UInt64) -> Int {
    Int(SeedSequence.seed(seed, 0xF01D, UInt64(j * n + i)) % UInt64(folds))
  }

  /// `genotypes` with the observed calls of fold `fold` made missing.
  ///
  /// - Complexity: O(n m).
  static func hiding(_ genotypes: GenotypeMatrix, fold: Int, folds: Int, seed: UInt64) -> GenotypeMatrix {
    var training = genotypes
    let n = genotypes.individuals, bytes = genotypes.bytesPerSNP
    training.packed.withUnsafeMutableBufferPointer { packed in
      for j in 0..<genotypes.snps {
        for i in 0..<n where Self.fold(individual: i, snp: j, individuals: n, folds: folds, seed: seed) == fold {
          let index = j * bytes + i >> 2, shift = UInt8(2 * (i & 3))
          packed[index] = packed[index] & ~(3 << shift) | (0b01 << shift)
        }
      }
    }
    return training
  }

  /// The binomial deviance per held-out call,
  /// 2 [g log(g / (t p)) + (t − g) log((t − g) / (t (1 − p)))] averaged over
  /// the observed calls of `fold` whose individual has calls left in the
  /// training data (the others cannot be predicted by any K).
  ///
  /// - Returns: the mean deviance, or nil when no call can be scored.
  static func heldOutDeviance(_ model: AdmixtureModel, genotypes: GenotypeMatrix, training: GenotypeMatrix,
                              fold: Int, folds: Int, seed: UInt64) -> Double? {
    let n = genotypes.individuals
    let copies = training.alleleCountTotals().perIndividual.map(\.total)
    var total = 0.0
    var calls = 0
    for j in 0..<genotypes.snps {
      for i in 0..<n where copies[i] > 0
        && Self.fold(individual: i, snp: j, individuals: n, folds: folds, seed: seed) == fold {
        guard let (g, t) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        let p = model.expectedFrequency(individual: i, snp: j)
        var deviance = 0.0
        if g > 0 { deviance += Double(g) * .log(Double(g) / (Double(t) * p)) }
        if t > g { deviance += Double(t - g) * .log(Double(t - g) / (Double(t) * (1 - p))) }
        total += 2 * deviance
        calls += 1
      }
    }
    return calls > 0 ? total / Double(calls) : nil
  }
}
