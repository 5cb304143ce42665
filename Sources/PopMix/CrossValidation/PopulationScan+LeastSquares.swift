extension PopulationScan {
  /// Scans `options.populations` on a table of non-negative reals fitted
  /// by least squares, scoring each fold by the squared error per held-out
  /// entry.
  ///
  /// The result's held-out score is minus the mean squared error (so that
  /// higher is better, as for count tables); its log-likelihood is the
  /// Gaussian one with the variance at its maximum.
  ///
  /// - Parameter solver: the solver's settings (its r, restarts, seed,
  ///   tolerance and iteration cap are taken from `options`).
  /// - Throws: ``PopMixError`` when the settings are out of range, every
  ///   value is zero, or the largest r is more than the data allows.
  /// - Complexity: (folds + 1) × |populations| fits.
  public static func run(_ table: NonnegativeTable, solver: LeastSquaresOptions, options: ScanOptions,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ScanResult {
    try options.validate()
    try solver.validate()
    _ = try LeastSquaresNMF.checkedProblem(table.values, populations: options.populations.upperBound, threads: 1)
    let scorer = SquaredErrorScorer(table: table, folds: options.folds, seed: options.seed, solver: solver)
    try checkFolds(options.folds, observedEntries: scorer.observedEntries)
    return try crossValidate(scorer, options: options, progress: progress)
  }
}
