/// A model's side of cross-validation: the data it fits, the training data
/// of each fold, its fit, and the score of a fold's held-out entries.
///
/// ``CountScorer`` (Poisson log-likelihood per entry), ``GenotypeScorer``
/// (minus the binomial deviance per call) and ``SquaredErrorScorer`` (minus
/// the squared error per entry) conform; the folds' fits and the summary
/// are written once, in ``PopulationScan/crossValidate(_:options:progress:)``.
protocol HeldOutScorer: Sendable {
  /// The data as the fit reads them.
  associatedtype Data: Sendable
  /// The fitted parameters.
  associatedtype Parameters: Sendable
  /// All the data, checked for fitting.
  var data: Data { get }
  /// The observed entries: BIC's sample size.
  var observedEntries: Int { get }
  /// The free parameters of the model with `r` populations.
  func parameters(populations r: Int) -> Int
  /// The data with fold `fold`'s observed entries hidden (made missing).
  func training(hiding fold: Int) -> Data
  /// Fits `options.populations` populations to `data` (all of it, or a
  /// fold's training data), from `start` when given (one run to the
  /// tolerance, no restarts) or from the fit's own starts: the model, its
  /// log-likelihood on `data`, and whether the fit converged.
  func fit(_ data: Data, options: FitOptions, from start: Parameters?) throws
    -> (model: Parameters, logLikelihood: Double, converged: Bool)
  /// The held-out score of fold `fold` under `model`, fitted to `training`
  /// (higher is better), or nil when no entry of the fold can be scored.
  func score(_ model: Parameters, training: Data, fold: Int) -> Double?
}

/// A scorer whose model popmix fits by EM, through ``FitModel``.
protocol ModelScorer: HeldOutScorer where Data == Model.Data, Parameters == Model.Parameters {
  associatedtype Model: FitModel
}

extension ModelScorer {
  func fit(_ data: Data, options: FitOptions, from start: Parameters?) throws
    -> (model: Parameters, logLikelihood: Double, converged: Bool) {
    guard let start else {
      let fit = try Model.fitAllowingEmpty(data, options: options)
      return (fit.model, fit.logLikelihood, fit.converged)
    }
    let run = Model.iterate(data, from: start, algorithm: options.algorithm, tolerance: options.tolerance,
                            maxIterations: options.maxIterations)
    return (run.model, run.logLikelihood, run.converged)
  }
}
