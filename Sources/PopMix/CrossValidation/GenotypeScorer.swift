import RealModule

/// Cross-validation of the genotype model, as ADMIXTURE's `--cv` does it:
/// each observed call belongs to one fold, by a hash of its place, and a
/// fold is scored by minus the binomial deviance per held-out call (so
/// that higher is better, as for count tables).
struct GenotypeScorer: ModelScorer {
  typealias Model = BinomialAdmixture
  let data: GenotypeMatrix
  let folds: Int
  let seed: UInt64

  var observedEntries: Int { data.individuals * data.snps - data.missingCount }

  /// n (K − 1) + K m: Q's rows on the simplex and P's entries.
  func parameters(populations K: Int) -> Int { data.individuals * (K - 1) + K * data.snps }

  func training(hiding fold: Int) -> GenotypeMatrix {
    Self.hiding(data, fold: fold, folds: folds, seed: seed)
  }

  func score(_ model: AdmixtureModel, training: GenotypeMatrix, fold: Int) -> Double? {
    Self.heldOutDeviance(model, genotypes: data, training: training, fold: fold, folds: folds, seed: seed).map { -$0 }
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
