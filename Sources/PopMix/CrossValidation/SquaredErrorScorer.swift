import Foundation

/// Cross-validation of least-squares NMF: each observed entry belongs to
/// one fold, drawn as for count tables, and a fold is scored by minus the
/// mean squared error of its hidden entries.
struct SquaredErrorScorer: HeldOutScorer {
  let table: NonnegativeTable
  /// Each entry's fold (row-major), −1 for a missing entry.
  let folds: [Int]
  /// The solver's settings; r, restarts, seed, tolerance and the iteration
  /// cap come from each fit's ``FitOptions``.
  let solver: LeastSquaresOptions

  init(table: NonnegativeTable, folds: Int, seed: UInt64, solver: LeastSquaresOptions) {
    self.table = table
    self.folds = CountScorer.assignFolds(table.values, folds: folds, seed: seed)
    self.solver = solver
  }

  var data: Matrix { table.values }
  var observedEntries: Int { table.values.elements.count - table.missingCount }

  /// r (n + m − 1): W and H less the scale of each component, which W H
  /// does not see.
  func parameters(populations r: Int) -> Int { r * (table.values.rows + table.values.columns - 1) }

  func training(hiding fold: Int) -> Matrix {
    var values = table.values
    for index in folds.indices where folds[index] == fold { values.elements[index] = .nan }
    return values
  }

  /// The fit and its Gaussian log-likelihood with the variance at its
  /// maximum, −N/2 (log(2π S/N) + 1) for S the squared error over N
  /// observed entries: what BIC needs of a least-squares fit.
  /// Least squares fits every fold from its own starts (`start` unused):
  /// its solvers take no start from outside.
  func fit(_ data: Matrix, options: FitOptions, from start: NonnegativeFactorization?) throws
    -> (model: NonnegativeFactorization, logLikelihood: Double, converged: Bool) {
    var settings = solver
    settings.populations = options.populations
    settings.restarts = options.restarts
    settings.seed = options.seed
    settings.tolerance = options.tolerance
    settings.maxIterations = options.maxIterations
    settings.threads = 1
    let fit = try LeastSquaresNMF.fit(data, options: settings)
    let entries = Double(data.elements.reduce(0) { $0 + ($1.isNaN ? 0 : 1) })
    let logLikelihood = -entries / 2 * (Foundation.log(2 * Double.pi * fit.squaredError / entries) + 1)
    return (fit.model, logLikelihood, fit.best.stop != .iterationLimit)
  }

  /// Minus the mean squared error of the fold's hidden entries whose row
  /// and column both kept an observed entry in `training` (the others
  /// cannot be predicted by any r), or nil when there is none.
  func score(_ model: NonnegativeFactorization, training: Matrix, fold: Int) -> Double? {
    let n = training.rows, m = training.columns
    var rowTrained = [Bool](repeating: false, count: n), columnTrained = [Bool](repeating: false, count: m)
    for index in training.elements.indices where !training.elements[index].isNaN {
      rowTrained[index / m] = true
      columnTrained[index % m] = true
    }
    var total = 0.0, entries = 0
    for index in folds.indices where folds[index] == fold && rowTrained[index / m] && columnTrained[index % m] {
      let e = table.values.elements[index] - model.fitted(individual: index / m, locus: index % m)
      total += e * e
      entries += 1
    }
    return entries > 0 ? -total / Double(entries) : nil
  }
}
