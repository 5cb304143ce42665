import RealModule

/// Cross-validation of the count model: each observed entry belongs to one
/// fold, drawn at random, and a fold is scored by the Poisson
/// log-likelihood of its hidden entries.
struct CountScorer: ModelScorer {
  typealias Model = PoissonNMF
  let table: CountTable
  let data: ObservedCounts
  /// Each entry's fold (row-major), −1 for a missing entry.
  let folds: [Int]

  /// - Precondition: `data` is `table` laid out for fitting.
  init(table: CountTable, data: ObservedCounts, folds: Int, seed: UInt64) {
    self.table = table
    self.data = data
    self.folds = Self.assignFolds(table.counts, folds: folds, seed: seed)
  }

  var observedEntries: Int { data.observedEntryCount }

  /// r (n + m − 1): W's r columns on the simplex, r (n − 1), H's m columns
  /// on it, m (r − 1), and the m totals C.
  func parameters(populations r: Int) -> Int { r * (table.individualCount + table.locusCount - 1) }

  func training(hiding fold: Int) -> ObservedCounts {
    ObservedCounts(counts: table.counts, hidden: folds.map { $0 == fold })
  }

  func score(_ model: Factorization, training: ObservedCounts, fold: Int) -> Double? {
    Self.heldOutScore(model, counts: table.counts, hidden: { folds[$0] == fold }, training: training)
  }

  /// Assigns each observed entry to a fold at random (equal sizes, up to one);
  /// missing entries get −1.
  static func assignFolds(_ counts: Matrix, folds: Int, seed: UInt64) -> [Int] {
    var observed = counts.elements.indices.filter { !counts.elements[$0].isNaN }
    RandomSource(seed: SeedSequence.seed(seed, 0xF01D)).shuffle(&observed)
    var fold = [Int](repeating: -1, count: counts.elements.count)
    for (position, index) in observed.enumerated() { fold[index] = position % folds }
    return fold
  }

  /// The held-out Poisson log-likelihood per scored entry: the hidden,
  /// non-missing entries whose individual and locus both have a count above
  /// zero in the training data. The others cannot be predicted by any r (the
  /// fit sends their expected counts to zero), and the folds are the same
  /// for every r, so leaving them out leaves the comparison fair.
  ///
  /// - Parameter hidden: whether the entry at a row-major index was hidden.
  /// - Returns: the score, or nil when no entry can be scored.
  static func heldOutScore(_ model: Factorization, counts: Matrix, hidden: (Int) -> Bool,
                           training: ObservedCounts) -> Double? {
    var total = 0.0
    var entries = 0
    for i in 0..<counts.rows where training.rowTotals[i] > 0 {
      for mu in 0..<counts.columns where training.columnTotals[mu] > 0 {
        let index = i * counts.columns + mu
        let v = counts.elements[index]
        guard hidden(index), !v.isNaN else { continue }
        total += Factorization.poissonLogProbability(v, mean: model.expectedCount(individual: i, locus: mu))
        entries += 1
      }
    }
    return entries > 0 ? total / Double(entries) : nil
  }
}
