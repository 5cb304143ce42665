import Foundation

/// Called after every iteration (SGD: epoch) of every start, from the
/// fitting thread.
public typealias LeastSquaresObserver = @Sendable (LeastSquaresFit.Step) -> Void

/// Non-negative matrix factorisation by least squares: W, H ≥ 0 minimising
/// ‖V − W H‖²_F over the observed entries (plus an optional L2 penalty),
/// by HALS (default), multiplicative updates or SGD (docs/model.md).
public enum LeastSquaresNMF {
  /// Fits `options.populations` components to a table.
  ///
  /// - Parameters:
  ///   - observer: shows progress, if given.
  /// - Throws: ``PopMixError`` for bad settings, more components than the
  ///   table's smaller side, a table whose observed values are all zero,
  ///   or an SGD run that diverged (a learning rate too large).
  /// - Complexity: O(restarts × iterations × n m r) for hals and mu; SGD's
  ///   epochs cost O(observed entries × r) each.
  public static func fit(_ table: NonnegativeTable, options: LeastSquaresOptions,
                         observer: LeastSquaresObserver? = nil) throws -> LeastSquaresFit {
    try fit(table.values, options: options, observer: observer)
  }

  /// Fits a matrix of values (NaN for missing), individuals by loci.
  static func fit(_ values: Matrix, options: LeastSquaresOptions,
                  observer: LeastSquaresObserver? = nil) throws -> LeastSquaresFit {
    try options.validate()
    let problem = try checkedProblem(values, populations: options.populations, threads: options.threads)
    let clock = ContinuousClock.now
    var restarts: [LeastSquaresFit.Restart] = []
    var trace: [LeastSquaresFit.Step] = []
    var best: (w: [Double], h: [Double])? = nil
    for restart in 0..<options.restarts {
      let seed = SeedSequence.seed(options.seed, UInt64(restart))
      var run = Run(problem: problem, options: options, restart: restart, seed: seed, observer: observer)
      run.solve()
      // Only SGD can overshoot: its steps are not chosen by the loss.
      if !run.squaredError.isFinite {
        throw PopMixError.badSetting(.learningRate, options.learningRate, .other(
          "SGD diverged with the learning rate \(options.learningRate) (the squared error became \(run.squaredError)); use a smaller one"))
      }
      let outcome = LeastSquaresFit.Restart(
        index: restart, seed: seed, squaredError: run.squaredError,
        relativeError: (run.squaredError / problem.observedSquares).squareRoot(),
        objective: run.objective, iterations: run.iterations, stop: run.stop)
      // Strictly smaller, so that ties keep the earlier start.
      if restarts.allSatisfy({ outcome.objective < $0.objective }) { best = (run.w, run.h) }
      restarts.append(outcome)
      trace += run.trace
    }
    let bestRestart = restarts.indices.min { restarts[$0].objective < restarts[$1].objective }!
    let r = options.populations
    let model = NonnegativeFactorization(
      W: Matrix(rows: problem.rows, columns: r, elements: best!.w),
      H: Matrix(rows: r, columns: problem.columns, elements: best!.h)).normalized()
    return LeastSquaresFit(model: model, restarts: restarts, bestRestart: bestRestart,
                           seconds: (ContinuousClock.now - clock).seconds, trace: trace)
  }

  /// The problem for `values`, after checking that it can be fitted.
  ///
  /// - Throws: ``PopMixError`` when r exceeds the table's smaller side or
  ///   every observed value is zero.
  static func checkedProblem(_ values: Matrix, populations r: Int, threads: Int) throws -> LeastSquaresProblem {
    let limit = min(values.rows, values.columns)
    if r > limit {
      throw PopMixError.badSetting(.populations, r, .atMostForData(
        "\(limit)", because: "the smaller of \(values.rows) individuals and \(values.columns) loci"))
    }
    let problem = LeastSquaresProblem(values, threads: threads)
    if !(problem.observedSquares > 0) {
      throw PopMixError.badData("every observed value is zero (or missing); there is nothing to factorise")
    }
    return problem
  }

  /// One start: its random W and H, and their iteration.
  struct Run {
    var problem: LeastSquaresProblem
    let options: LeastSquaresOptions
    let restart: Int
    let random: RandomSource
    let observer: LeastSquaresObserver?
    let clock = ContinuousClock.now
    var w: [Double]
    var h: [Double]
    var squaredError = 0.0
    /// S + λ (‖W‖² + ‖H‖²), λ in the data's units; S when there is no penalty.
    var objective = 0.0
    var iterations = 0
    var stop = LeastSquaresFit.Stop.iterationLimit
    var trace: [LeastSquaresFit.Step] = []

    /// Draws W and H uniformly, scaled so that W H has the observed values' mean.
    init(problem: LeastSquaresProblem, options: LeastSquaresOptions, restart: Int, seed: UInt64,
         observer: LeastSquaresObserver?) {
      self.problem = problem
      self.options = options
      self.restart = restart
      self.observer = observer
      let random = RandomSource(seed: seed)
      self.random = random
      let r = options.populations
      let mean = problem.values.reduce(0, +) / Double(problem.observedCount)
      // E[w] E[h] r = (s/2)² r = mean.
      let scale = 2 * (mean / Double(r)).squareRoot()
      w = (0..<problem.rows * r).map { _ in scale * random.uniform() }
      h = (0..<r * problem.columns).map { _ in scale * random.uniform() }
    }

    mutating func solve() {
      switch options.solver {
      case .hals, .mu: alternate()
      case .sgd: descend()
      }
    }

    /// λ in the data's units: `--l2` is given for data of unit root mean square.
    var l2: Double { options.penalty * problem.rootMeanSquare }

    /// HALS or multiplicative updates until the objective's relative fall
    /// per iteration is below the tolerance.
    private mutating func alternate() {
      let r = options.populations, n = problem.rows, l2 = l2
      squaredError = problem.squaredError(w: w, h: h, r: r)
      var previous = LeastSquaresProblem.objective(squaredError: squaredError, w: w, h: h, l2: l2)
      while iterations < options.maxIterations {
        let filledSquares = problem.impute(w: w, h: h, r: r)
        let ww = LeastSquaresProblem.gramOfColumns(w, rows: n, r: r)
        let (solver, delta) = (options.solver, options.delta)
        // H's columns move block by block inside the pass that also makes V Hᵀ.
        let (a, hh) = problem.columnPass(w: w, h: &h, r: r) { block, numerator in
          let count = block.count / r
          LeastSquaresProblem.update(&block, numerator: numerator, layout: .init(count: count, row: 1, component: count),
                                     gram: ww, r: r, l2: l2, solver: solver, delta: delta)
        }
        LeastSquaresProblem.update(&w, numerator: a, layout: .init(count: n, row: r, component: 1),
                                   gram: hh, r: r, l2: l2, solver: options.solver, delta: options.delta)
        // ‖X − W H‖² = ‖X‖² − 2 ⟨X Hᵀ, W⟩ + ⟨WᵀW, H Hᵀ⟩, less the filled entries' part.
        let filledError = filledSquares - 2 * LeastSquaresProblem.inner(a, w)
          + LeastSquaresProblem.inner(LeastSquaresProblem.gramOfColumns(w, rows: n, r: r), hh)
        squaredError = max(0, filledError - problem.imputedExcess(w: w, h: h, r: r))
        objective = LeastSquaresProblem.objective(squaredError: squaredError, w: w, h: h, l2: l2)
        iterations += 1
        record()
        if previous - objective <= options.tolerance * previous {
          stop = .converged
          break
        }
        previous = objective
      }
      // The products' form loses digits when the fit is close; the end is exact.
      squaredError = problem.squaredError(w: w, h: h, r: r)
      objective = LeastSquaresProblem.objective(squaredError: squaredError, w: w, h: h, l2: l2)
    }

    /// Adds the current point to the trace and tells the observer.
    mutating func record() {
      guard options.recordTrace || observer != nil else { return }
      let step = LeastSquaresFit.Step(restart: restart, iteration: iterations,
                                      seconds: (ContinuousClock.now - clock).seconds,
                                      relativeError: (squaredError / problem.observedSquares).squareRoot())
      if options.recordTrace { trace.append(step) }
      observer?(step)
    }
  }
}
