extension FitJob {
  /// The summary of a least-squares fit, written to `prefix.summary.json`
  /// (keys in snake case, as every summary's).
  public struct LeastSquaresSummary: Sendable, Codable, Equatable {
    /// One start, as the summary lists it.
    public struct Restart: Sendable, Codable, Equatable {
      public var restart: Int
      public var seed: UInt64
      public var relativeError: Double
      public var iterations: Int
      public var stop: LeastSquaresFit.Stop
    }

    public var input: String
    public var individuals: Int
    public var loci: Int
    public var populations: Int
    /// "squared": Σ (V − W H)² over the observed entries.
    public var loss = "squared"
    public var solver: LeastSquaresSolver
    /// The best start's ‖V − W H‖_F / ‖V‖_F over the observed entries.
    public var relativeError: Double
    /// The best start's Σ (V − W H)² over the observed entries.
    public var squaredError: Double
    /// The best start's S + λ (‖W‖² + ‖H‖²) with λ = l2 × the observed
    /// values' root mean square, before W and H are rescaled for output
    /// (the squared error when l2 is 0).
    public var objective: Double
    public var iterations: Int
    public var converged: Bool
    public var restarts: Int
    public var bestRestart: Int
    public var restartResults: [Restart]
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    /// The L2 penalty as given for data of unit root mean square (absent
    /// when 0 and not SGD); SGD's other settings, absent for the other solvers.
    public var l2: Double?
    public var learningRate: Double?
    public var epochs: Int?
    public var missingEntries: Int
    public var threads: Int
    public var seconds: Double
    public var outputs: [String]
    /// What Q is and is not.
    public var note: String

    init(_ fit: LeastSquaresFit, table: NonnegativeTable, input: String, options: LeastSquaresOptions,
         outputs: [String]) {
      self.input = input
      individuals = table.individuals.count
      loci = table.loci.count
      populations = options.populations
      solver = options.solver
      relativeError = fit.relativeError
      squaredError = fit.squaredError
      objective = fit.best.objective
      iterations = fit.best.iterations
      converged = fit.best.stop == .converged
      restarts = options.restarts
      bestRestart = fit.bestRestart
      restartResults = fit.restarts.map {
        Restart(restart: $0.index, seed: $0.seed, relativeError: $0.relativeError, iterations: $0.iterations, stop: $0.stop)
      }
      seed = options.seed
      tolerance = options.tolerance
      maxIterations = options.maxIterations
      let sgd = options.solver == .sgd
      l2 = sgd || options.penalty > 0 ? options.penalty : nil
      learningRate = sgd ? options.learningRate : nil
      epochs = sgd ? options.epochs : nil
      missingEntries = table.missingCount
      threads = options.threads
      seconds = fit.seconds
      self.outputs = outputs
      note = FitJob.leastSquaresCaveat
    }
  }
}
