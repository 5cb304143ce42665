extension FitModel {
  /// A subsample keeps one column in this many.
  static var subsampleStride: Int { 8 }

  /// Fits `data` with `options.restarts` starts and keeps the best, its
  /// populations sorted by share.
  ///
  /// The data are not checked beyond their shape: a caller checks the
  /// full data, and a cross-validation fold may leave a row or a column
  /// with nothing observed (its parameters then stay where the update
  /// leaves them, and the scan does not score it).
  ///
  /// - Throws: ``PopMixError`` when the settings are out of range or the
  ///   data's shape cannot take `options.populations` populations.
  /// - Complexity: O(restarts × passes × one pass of the kernel).
  /// With `fixed`, every restart starts from ``start(_:populations:holding:)``
  /// (so one restart is enough), the held values never move, and the
  /// populations keep the order the held values give them; the caller
  /// checks the data's shape (held frequencies allow more populations
  /// than individuals).
  static func fitAllowingEmpty(_ data: Data, options: FitOptions, fixed: Fixed? = nil,
                               observer: FitObserver? = nil) throws -> FitResult<Parameters> {
    try options.validate()
    if !algorithms.contains(options.algorithm) {
      let names = algorithms.map(\.rawValue)
      let choices = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + names.last!
      throw PopMixError.badSetting(.algorithm, options.algorithm.rawValue, .oneOf(choices, forData: dataName))
    }
    if fixed == nil { try checkShape(data, populations: options.populations) }
    var result = try FitResult<Parameters>.bestOfRestarts(
      options: options, passesSplit: passesSplit(data, threads: options.threads)) { restart, seed, threads in
      let began = ContinuousClock.now
      let start = fixed.map { (model: self.start(data, populations: options.populations, holding: $0), passes: 0) }
        ?? self.start(data, populations: options.populations, seed: seed, options: options, threads: threads)
      var run = iterate(data, from: start.model, algorithm: options.algorithm, tolerance: options.tolerance,
                        maxIterations: options.maxIterations, recordTrace: options.recordTrace, restart: restart,
                        observer: observer, threads: threads, began: began, passesBefore: start.passes,
                        fixed: fixed)
      run.iterations += start.passes
      return run
    }
    if fixed == nil { result.model = sortedByPopulationShare(result.model) }
    return result
  }

  /// Throws unless `data` has a shape that `r` populations can be fitted
  /// to; the counts or calls themselves are not checked.
  static func checkShape(_ data: Data, populations r: Int) throws {
    try checkNotEmpty(data)
    let n = individuals(of: data), m = columns(of: data)
    let limit = Swift.min(n, m)
    if r > limit {
      throw PopMixError.badSetting(.populations, r, .atMostForData("\(limit)", because: "the smaller of \(n) individuals and \(m) \(columnsName)"))
    }
  }

  /// Throws unless `data` has at least one individual and one column.
  static func checkNotEmpty(_ data: Data) throws {
    let n = individuals(of: data), m = columns(of: data)
    if n == 0 || m == 0 {
      throw PopMixError.badData("\(emptyDataName) (\(n) individuals, \(m) \(columnsName))")
    }
  }

  /// Iterates from `start` until one update gains less than `tolerance` ×
  /// |l| or `maxIterations` passes over the data have been made.
  ///
  /// - Parameters:
  ///   - began, passesBefore: when the restart began and the passes its
  ///     start took, which the trace and the observer count from.
  ///   - fixed: values held where `start` has them.
  static func iterate(_ data: Data, from start: Parameters, algorithm: FitAlgorithm, tolerance: Double,
                      maxIterations: Int, recordTrace: Bool = false, restart: Int = 0,
                      observer: FitObserver? = nil, threads: Int = 1, began: ContinuousClock.Instant = .now,
                      passesBefore: Int = 0, fixed: Fixed? = nil) -> SingleRun<Parameters> {
    let first = state(start)
    var driver = EMDriver(problem: kernel(data, populations: first.populations, threads: threads,
                                          algorithm: algorithm, fixed: fixed),
                          start: first, tolerance: tolerance, maxPasses: maxIterations,
                          recordTrace: recordTrace, restart: restart, observer: observer,
                          began: began, passesBefore: passesBefore)
    driver.scheme = quasiNewtonScheme
    driver.run(algorithm)
    return driver.singleRun { parameters($0, data: data) }
  }

  /// Iterates from `start` as ``iterate(_:from:algorithm:tolerance:maxIterations:recordTrace:restart:observer:threads:began:passesBefore:)``
  /// does and returns every accepted log-likelihood as well (for tests and
  /// diagnostics).
  static func traced(_ data: Data, from start: Parameters, algorithm: FitAlgorithm, tolerance: Double,
                     maxIterations: Int, threads: Int = 1, fixed: Fixed? = nil)
    -> (model: Parameters, logLikelihoods: [Double], passes: Int) {
    let run = iterate(data, from: start, algorithm: algorithm, tolerance: tolerance, maxIterations: maxIterations,
                      recordTrace: true, threads: threads, fixed: fixed)
    return (run.model, run.trace.map(\.logLikelihood), run.iterations)
  }

  /// A restart's start and the passes spent on it: on data large enough,
  /// the best of `options.candidateStarts` fits to a subsample
  /// (``subsampledStart(_:populations:seed:candidates:algorithm:maxIterations:threads:)``);
  /// otherwise, for a model with an informed start, the best of that many
  /// informed starts each fitted loosely (``screenedInformedStart(_:populations:seed:candidates:algorithm:maxIterations:threads:)``);
  /// for a model with none, the best of that many random points after
  /// ``screeningPasses`` plain passes each (the first random point when the
  /// model screens none).
  static func start(_ data: Data, populations r: Int, seed: UInt64, options: FitOptions,
                    threads: Int) -> (model: Parameters, passes: Int) {
    if let start = subsampledStart(data, populations: r, seed: seed, candidates: options.candidateStarts,
                                   algorithm: options.algorithm, maxIterations: options.maxIterations,
                                   threads: threads) {
      return start
    }
    if let informed = screenedInformedStart(data, populations: r, seed: seed, candidates: options.candidateStarts,
                                            algorithm: options.algorithm, maxIterations: options.maxIterations,
                                            threads: threads) {
      return informed
    }
    guard screeningPasses > 0 && options.candidateStarts > 1 else {
      return (randomStart(data, populations: r, seed: seed), 0)
    }
    let (best, passes) = SingleRun.bestOfCandidates(options.candidateStarts, seed: seed) { candidateSeed in
      iterate(data, from: randomStart(data, populations: r, seed: candidateSeed), algorithm: .mu, tolerance: 0,
              maxIterations: screeningPasses)
    }
    return (best.model, passes)
  }

  /// The best of `candidates` informed starts (the first from `seed`, the
  /// others from seeds derived from it), each fitted by `algorithm` until
  /// its relative gain falls below ``subsampleTolerance``, or nil when the
  /// model has no informed start for `algorithm`. One candidate is returned
  /// as it is, unfitted.
  ///
  /// Competing optima are told apart only near convergence: which one a
  /// start climbs to does not show in its first sweeps (docs/model.md,
  /// Newton sweeps, measures it), so each candidate is fitted nearly as far
  /// as the full fit, and only the last stretch is saved.
  ///
  /// - Returns: the start and the passes spent on it.
  /// - Complexity: `candidates` informed starts and fits.
  static func screenedInformedStart(_ data: Data, populations r: Int, seed: UInt64, candidates: Int,
                                    algorithm: FitAlgorithm, maxIterations: Int,
                                    threads: Int) -> (model: Parameters, passes: Int)? {
    guard let first = informedStart(data, populations: r, seed: seed, threads: threads, algorithm: algorithm) else {
      return nil
    }
    guard candidates > 1 else { return (first, 0) }
    let (best, passes) = SingleRun.bestOfCandidates(candidates, seed: seed) { candidateSeed in
      let start = candidateSeed == seed ? first
        : informedStart(data, populations: r, seed: candidateSeed, threads: threads, algorithm: algorithm)!
      return iterate(data, from: start, algorithm: algorithm, tolerance: subsampleTolerance,
                     maxIterations: maxIterations, threads: threads)
    }
    return (best.model, passes)
  }

  /// A start from fits to every ``subsampleStride``-th column, or nil when
  /// that would keep fewer than ``subsampleMinimum(algorithm:)``: `candidates` points
  /// (the model's informed start, or random ones; the first from `seed`)
  /// are fitted there, where the early climb costs a fraction as much, and
  /// the best becomes the full data's start (``start(fromSubsampleFit:data:)``).
  ///
  /// - Returns: the start and its cost in full passes (subsample passes ×
  ///   the subsample's share of the columns, rounded up).
  static func subsampledStart(_ data: Data, populations r: Int, seed: UInt64, candidates: Int,
                              algorithm: FitAlgorithm, maxIterations: Int,
                              threads: Int) -> (model: Parameters, passes: Int)? {
    let m = columns(of: data)
    guard m / subsampleStride >= subsampleMinimum(algorithm: algorithm) else { return nil }
    let subsample = everyColumn(subsampleStride, of: data)
    let (best, subsamplePasses) = SingleRun.bestOfCandidates(candidates, seed: seed) { candidateSeed in
      let start = informedStart(subsample, populations: r, seed: candidateSeed, threads: threads, algorithm: algorithm)
        ?? randomStart(subsample, populations: r, seed: candidateSeed)
      return iterate(subsample, from: start, algorithm: algorithm, tolerance: subsampleTolerance,
                     maxIterations: maxIterations, threads: threads)
    }
    let cost = (subsamplePasses * columns(of: subsample) + m - 1) / m
    return (start(fromSubsampleFit: best.model, data: data), cost)
  }
}
