import Foundation
import Synchronization

/// Chooses the number of populations by masked-entry cross-validation.
///
/// The likelihood of the full data always grows with r, so it cannot choose
/// r. Instead the observed entries are split at random into folds; for each
/// fold the model is fitted with that fold hidden (as missing) and scored by
/// the Poisson log-likelihood of the hidden entries. Overfitting shows as a
/// held-out score that stops rising.
public enum PopulationScan {
  /// Scans `options.populations` on `table`.
  ///
  /// - Parameters:
  ///   - table: the counts, empty loci already dropped.
  ///   - progress: called (from any thread) after each fit with the number
  ///     of fits done and the total.
  /// - Throws: ``PopMixError`` when the settings are out of range or the
  ///   largest r is more than the data allows.
  /// - Complexity: (folds + 1) × |populations| fits.
  public static func run(_ table: CountTable, options: ScanOptions,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ScanResult {
    try options.validate()
    let full = try PoissonNMF.checkedLayout(table, populations: options.populations.upperBound)
    try checkFolds(options.folds, observedEntries: full.observedEntryCount)
    let folds = assignFolds(table.counts, folds: options.folds, seed: options.seed)
    let n = table.individualCount, m = table.locusCount
    return try crossValidate(options: options, observedEntries: full.observedEntryCount,
                             parameters: { r in r * (n + m - 1) }, progress: progress) { r, fold, fitOptions in
      if let fold {
        let hidden = folds.map { $0 == fold }
        let training = ObservedCounts(counts: table.counts, hidden: hidden)
        let fit = try PoissonNMF.fit(training, table: table, options: fitOptions)
        return (heldOutScore(fit.model, counts: table.counts, hidden: hidden, training: training), fit.converged)
      }
      let fit = try PoissonNMF.fit(full, table: table, options: fitOptions)
      return (fit.logLikelihood, fit.converged)
    }
  }

  /// Runs the full-data fit and every fold's fit for each r, in parallel,
  /// and sums them up in a ``ScanResult``.
  ///
  /// - Parameters:
  ///   - observedEntries: the data's observed entries (BIC's sample size).
  ///   - parameters: the free parameters for r populations.
  ///   - evaluate: fits r populations with the settings given, to all the
  ///     data (fold nil; returns the log-likelihood) or with fold k hidden
  ///     (returns the held-out score, higher is better, or nil when the
  ///     fold has no entry to score), and says whether the fit converged.
  /// - Throws: ``PopMixError`` when a fold has no entry to score, or a score
  ///   is not a finite number.
  static func crossValidate(options: ScanOptions, observedEntries: Int, parameters: (Int) -> Int,
                            progress: (@Sendable (Int, Int) -> Void)?,
                            evaluate: @Sendable (_ r: Int, _ fold: Int?, FitOptions) throws -> (Double?, Bool))
    throws -> ScanResult {
    let clock = ContinuousClock.now
    let rs = Array(options.populations)
    // Job 0 of each r is the full-data fit; jobs 1…K hide fold k − 1.
    let jobs = rs.flatMap { r in (0...options.folds).map { (r, $0) } }
    let done = ProgressCounter()
    let outcomes = try parallelMap(jobs.count, threads: options.threads) { job -> (Double, Bool) in
      let (r, fold) = jobs[job]
      let (score, converged) = try evaluate(r, fold == 0 ? nil : fold - 1,
                                            options.fitOptions(populations: r, stream: UInt64(fold)))
      guard let score else {
        throw PopMixError.badSetting(.folds, options.folds, .other("cross-validation fold \(fold) of \(options.folds) has no held-out entry that can be scored (every one belongs to an individual or locus with nothing left to train on); use fewer folds"))
      }
      guard score.isFinite else {
        throw PopMixError.badData("the fit with \(r) populations gave a score of \(score)\(fold == 0 ? "" : " on fold \(fold)"); the data cannot be scored")
      }
      progress?(done.increment(), jobs.count)
      return (score, converged)
    }
    var rows: [ScanResult.Row] = []
    for (index, r) in rs.enumerated() {
      let block = outcomes[index * (options.folds + 1) ..< (index + 1) * (options.folds + 1)]
      let logLikelihood = block.first!.0
      let scores = block.dropFirst().map(\.0)
      let mean = scores.reduce(0, +) / Double(scores.count)
      let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count - 1)
      let count = parameters(r)
      rows.append(ScanResult.Row(
        populations: r, logLikelihood: logLikelihood, parameters: count,
        bic: -2 * logLikelihood + Double(count) * Foundation.log(Double(observedEntries)),
        heldOut: mean, heldOutStandardError: (variance / Double(scores.count)).squareRoot(),
        foldScores: scores, converged: block.allSatisfy(\.1)))
    }
    let elapsed = ContinuousClock.now - clock
    let (chosen, best) = choose(rows)
    return ScanResult(rows: rows, chosen: chosen, bestHeldOut: best, observedEntries: observedEntries,
                      seconds: elapsed.seconds)
  }

  /// The one-standard-error rule: the smallest r whose held-out score is
  /// within one standard error (of the best r's score) of the best score.
  ///
  /// Prefers the simpler model when the data cannot tell the two apart.
  ///
  /// - Precondition: `rows` is not empty.
  /// - Returns: the chosen r and the r with the best score.
  public static func choose(_ rows: [ScanResult.Row]) -> (chosen: Int, best: Int) {
    precondition(!rows.isEmpty, "Nothing to choose from")
    let best = rows.max { $0.heldOut < $1.heldOut }!
    let cutoff = best.heldOut - best.heldOutStandardError
    let chosen = rows.filter { $0.heldOut >= cutoff }.min { $0.populations < $1.populations }!
    return (chosen.populations, best.populations)
  }

  /// Throws unless every fold can hold at least one observed entry.
  static func checkFolds(_ folds: Int, observedEntries: Int) throws {
    if folds > observedEntries {
      throw PopMixError.badSetting(.folds, folds, .other("\(folds) cross-validation folds are more than the \(observedEntries) observed entries; use at most \(observedEntries)"))
    }
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
  /// - Returns: the score, or nil when no entry can be scored.
  static func heldOutScore(_ model: Factorization, counts: Matrix, hidden: [Bool], training: ObservedCounts) -> Double? {
    var total = 0.0
    var entries = 0
    for i in 0..<counts.rows where training.rowTotals[i] > 0 {
      for mu in 0..<counts.columns where training.columnTotals[mu] > 0 {
        let index = i * counts.columns + mu
        let v = counts.elements[index]
        guard hidden[index], !v.isNaN else { continue }
        total += Factorization.poissonLogProbability(v, mean: model.expectedCount(individual: i, locus: mu))
        entries += 1
      }
    }
    return entries > 0 ? total / Double(entries) : nil
  }
}

/// Counts finished jobs across threads.
private final class ProgressCounter: Sendable {
  private let count = Mutex(0)
  func increment() -> Int { count.withLock { $0 += 1; return $0 } }
}
