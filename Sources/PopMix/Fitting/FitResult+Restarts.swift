extension FitResult {
  /// Runs `options.restarts` starts and keeps the one with the best
  /// log-likelihood.
  ///
  /// Independent starts share the threads first; threads left over (fewer
  /// starts than threads) go to each start, to split its passes. When
  /// every pass can be split among all the threads, the starts run one
  /// after another with all of them instead, so that a number of starts
  /// that is not a multiple of the threads leaves no thread idle.
  ///
  /// - Parameters:
  ///   - passesSplit: whether one start's passes split evenly among
  ///     `options.threads` threads.
  ///   - run: runs start `restart` from a generator seeded with `seed`,
  ///     using `threads` threads.
  /// - Complexity: `options.restarts` runs.
  static func bestOfRestarts(options: FitOptions, passesSplit: Bool = false,
                             run: @Sendable (_ restart: Int, _ seed: UInt64, _ threads: Int) throws -> SingleRun<Model>)
    throws -> FitResult<Model> {
    let clock = ContinuousClock.now
    let concurrentRestarts = passesSplit ? 1 : Swift.min(options.restarts, options.threads)
    let threadsPerRestart = Swift.max(1, options.threads / concurrentRestarts)
    let runs = try parallelMap(options.restarts, threads: concurrentRestarts) { restart in
      let seed = SeedSequence.seed(options.seed, 0x5EED, UInt64(restart))
      return (seed, try run(restart, seed, threadsPerRestart))
    }
    let elapsed = ContinuousClock.now - clock
    var best = 0
    for k in runs.indices where runs[k].1.logLikelihood > runs[best].1.logLikelihood { best = k }
    let winner = runs[best].1
    return FitResult(
      model: winner.model,
      logLikelihood: winner.logLikelihood,
      iterations: winner.iterations,
      stop: winner.stop,
      bestRestart: best,
      restarts: runs.enumerated().map { k, run in
        RestartOutcome(index: k, seed: run.0, logLikelihood: run.1.logLikelihood,
                       iterations: run.1.iterations, stop: run.1.stop)
      },
      seconds: elapsed.seconds,
      traces: options.recordTrace ? runs.map(\.1.trace) : []
    )
  }
}
