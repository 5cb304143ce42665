/// A model's side of cross-validation: the data it fits, the training data
/// of each fold, and the score of a fold's held-out entries.
///
/// ``CountScorer`` (Poisson log-likelihood per entry) and
/// ``GenotypeScorer`` (minus the binomial deviance per call) conform; the
/// folds' fits and the summary are written once, in
/// ``PopulationScan/crossValidate(_:options:progress:)``.
protocol HeldOutScorer: Sendable {
  associatedtype Model: FitModel
  /// All the data, checked for fitting.
  var data: Model.Data { get }
  /// The observed entries: BIC's sample size.
  var observedEntries: Int { get }
  /// The free parameters of the model with `r` populations.
  func parameters(populations r: Int) -> Int
  /// The data with fold `fold`'s observed entries hidden (made missing).
  func training(hiding fold: Int) -> Model.Data
  /// The held-out score of fold `fold` under `model`, fitted to `training`
  /// (higher is better), or nil when no entry of the fold can be scored.
  func score(_ model: Model.Parameters, training: Model.Data, fold: Int) -> Double?
}
