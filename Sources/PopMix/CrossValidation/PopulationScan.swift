import Foundation
import Synchronization

/// Chooses the number of populations by masked-entry cross-validation.
///
/// The likelihood of the full data always grows with the number of
/// populations, so it cannot choose it. Instead the observed entries (count
/// table entries, or genotype calls as ADMIXTURE's `--cv` does) are split at
/// random into folds; for each fold the model is fitted with that fold
/// hidden (as missing) and scored on the hidden entries. Overfitting shows
/// as a held-out score that stops rising.
public enum PopulationScan {
  /// Scans `options.populations` on a count table, scoring each fold by
  /// the Poisson log-likelihood per held-out entry.
  ///
  /// - Parameters:
  ///   - table: the counts, empty loci already dropped.
  ///   - progress: called (from any thread) after each fit with the number
  ///     of fits done and the total.
  ///   - keep: called (from any thread) with each r's full-data fit.
  ///   - fitted: full-data fits already made (`fit --cv`), by r: used as
  ///     they are, in place of the scan's own, and the folds start from them.
  /// - Throws: ``PopMixError`` when the settings are out of range, the table
  ///   cannot be fitted, or the largest r is more than the data allows.
  /// - Complexity: (folds + 1) × |populations| fits, less those given.
  public static func run(_ table: CountTable, options: ScanOptions,
                         progress: (@Sendable (Int, Int) -> Void)? = nil,
                         keep: (@Sendable (Int, Factorization) -> Void)? = nil,
                         fitted: [Int: FitResult<Factorization>] = [:]) throws -> ScanResult {
    try options.validate()
    let full = try PoissonNMF.checkedLayout(table, populations: options.populations.upperBound)
    try checkFolds(options.folds, observedEntries: full.observedEntryCount)
    let scorer = CountScorer(table: table, data: full, folds: options.folds, seed: options.seed)
    return try crossValidate(scorer, options: options, progress: progress, keep: keep, fitted: fitted.mapValues(\.outcome))
  }

  /// Scans `options.populations` on genotypes, scoring each fold by the
  /// binomial deviance per held-out call.
  ///
  /// The result's held-out score is minus the mean deviance (so that higher
  /// is better, as for count tables), its standard error that of the
  /// deviance over the folds.
  ///
  /// - Parameter fitted: full-data fits already made, by K, as for tables.
  /// - Throws: ``PopMixError`` when the settings are out of range, an
  ///   individual has no call, a SNP has one allele observed or none, or
  ///   the largest K is more than the data allows.
  /// - Complexity: (folds + 1) × |populations| fits, less those given.
  public static func run(_ genotypes: GenotypeMatrix, options: ScanOptions,
                         progress: (@Sendable (Int, Int) -> Void)? = nil,
                         keep: (@Sendable (Int, AdmixtureModel) -> Void)? = nil,
                         fitted: [Int: FitResult<AdmixtureModel>] = [:]) throws -> ScanResult {
    try options.validate()
    try BinomialAdmixture.checkShape(genotypes, populations: options.populations.upperBound)
    try BinomialAdmixture.checkInformative(genotypes)
    let scorer = GenotypeScorer(data: genotypes, folds: options.folds, seed: options.seed)
    try checkFolds(options.folds, observedEntries: scorer.observedEntries)
    return try crossValidate(scorer, options: options, progress: progress, keep: keep, fitted: fitted.mapValues(\.outcome))
  }

  /// Runs the full-data fit for each r, then every fold's fit, in
  /// parallel, and sums them up in a ``ScanResult``: the full fit's
  /// log-likelihood and BIC, and the folds' mean held-out score and its
  /// standard error.
  ///
  /// A fold's fit starts from the full fit of its r
  /// (``ScanOptions/independentFolds`` unset): the folds then cost a
  /// fraction of a fit each. That start has seen the held-out entries; the
  /// fold's fit runs from there to the scan's tolerance, or ten times it by
  /// Newton sweeps (``ScanOptions/foldFitOptions(populations:fold:)``;
  /// docs/model.md §8 measures what this leaks); independent folds start
  /// afresh and run to the scan's tolerance.
  ///
  /// A full fit given in `fitted` (by r) takes the place of the scan's own.
  ///
  /// - Throws: ``PopMixError`` when a fold has no entry to score, or a score
  ///   is not a finite number.
  static func crossValidate<Scorer: HeldOutScorer>(_ scorer: Scorer, options: ScanOptions,
                                                   progress: (@Sendable (Int, Int) -> Void)?,
                                                   keep: (@Sendable (Int, Scorer.Parameters) -> Void)? = nil,
                                                   fitted: [Int: FitOutcome<Scorer.Parameters>] = [:]) throws -> ScanResult {
    let observedEntries = scorer.observedEntries
    let clock = ContinuousClock.now
    let rs = Array(options.populations)
    let total = rs.count * (options.folds + 1)
    let done = ProgressCounter()
    let fullFits = try parallelMap(rs.count, threads: options.threads) { index in
      let r = rs[index]
      let fit = try fitted[r] ?? scorer.fit(scorer.data, options: options.fitOptions(populations: r, stream: 0), from: nil)
      try check(fit.logLikelihood, populations: r, fold: nil)
      keep?(r, fit.model)
      progress?(done.increment(), total)
      return fit
    }
    let jobs = rs.indices.flatMap { index in (0..<options.folds).map { (index, $0) } }
    let foldOutcomes = try parallelMap(jobs.count, threads: options.threads) { job -> (Double, Bool) in
      let (index, fold) = jobs[job]
      let r = rs[index]
      let training = scorer.training(hiding: fold)
      let (model, _, converged) = try scorer.fit(training, options: options.foldFitOptions(populations: r, fold: fold),
                                                 from: options.independentFolds ? nil : fullFits[index].model)
      guard let score = scorer.score(model, training: training, fold: fold) else {
        throw PopMixError.badSetting(.folds, options.folds, .other("cross-validation fold \(fold + 1) of \(options.folds) has no held-out entry that can be scored (every one belongs to an individual or locus with nothing left to train on); use fewer folds"))
      }
      try check(score, populations: r, fold: fold + 1)
      progress?(done.increment(), total)
      return (score, converged)
    }
    var rows: [ScanResult.Row] = []
    for (index, r) in rs.enumerated() {
      let full = fullFits[index]
      let block = foldOutcomes[index * options.folds ..< (index + 1) * options.folds]
      let scores = block.map(\.0)
      let mean = scores.reduce(0, +) / Double(scores.count)
      let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count - 1)
      let count = scorer.parameters(populations: r)
      rows.append(ScanResult.Row(
        populations: r, logLikelihood: full.logLikelihood, parameters: count,
        bic: -2 * full.logLikelihood + Double(count) * Foundation.log(Double(observedEntries)),
        heldOut: mean, heldOutStandardError: (variance / Double(scores.count)).squareRoot(),
        foldScores: scores, converged: full.converged && block.allSatisfy(\.1)))
    }
    let elapsed = ContinuousClock.now - clock
    let (chosen, best) = choose(rows)
    return ScanResult(rows: rows, chosen: chosen, bestHeldOut: best, observedEntries: observedEntries,
                      seconds: elapsed.seconds)
  }

  /// Throws unless a fit's log-likelihood (fold nil) or a fold's score is a finite number.
  private static func check(_ value: Double, populations r: Int, fold: Int?) throws {
    guard value.isFinite else {
      throw PopMixError.badData("the fit with \(r) populations gave a score of \(value)\(fold.map { " on fold \($0)" } ?? ""); the data cannot be scored")
    }
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
}

/// A full-data fit as cross-validation uses it.
typealias FitOutcome<Parameters> = (model: Parameters, logLikelihood: Double, converged: Bool)

extension FitResult {
  /// The model, its log-likelihood and whether it converged.
  var outcome: FitOutcome<Model> { (model, logLikelihood, converged) }
}

/// Counts finished jobs across threads.
private final class ProgressCounter: Sendable {
  private let count = Mutex(0)
  func increment() -> Int { count.withLock { $0 += 1; return $0 } }
}
