/// One random start's outcome.
public struct RestartOutcome: Sendable, Equatable {
  /// The start's number, from 0.
  public var index: Int
  /// The seed of its generator.
  public var seed: UInt64
  /// Its final log-likelihood.
  public var logLikelihood: Double
  /// Iterations run.
  public var iterations: Int
  /// Why it stopped.
  public var stop: FitStop
  /// Whether it met the tolerance before the iteration cap.
  public var converged: Bool { stop.isConverged }
}

/// The result of fitting a model with several starts: a Poisson NMF
/// (``Factorization``) or a binomial admixture model (``AdmixtureModel``).
public struct FitResult<Model: Sendable>: Sendable {
  /// The best start's model, populations sorted by share.
  public var model: Model
  /// The best start's log-likelihood (the Poisson one with the log V! term;
  /// the binomial one as ADMIXTURE reports it).
  public var logLikelihood: Double
  /// The best start's iterations.
  public var iterations: Int
  /// Why the best start stopped.
  public var stop: FitStop
  /// Whether the best start converged.
  public var converged: Bool { stop.isConverged }
  /// Which start was best.
  public var bestRestart: Int
  /// Every start, in order.
  public var restarts: [RestartOutcome]
  /// Wall-clock seconds for the whole fit.
  public var seconds: Double
  /// Every start's accepted steps, when ``FitOptions/recordTrace`` is set.
  public var traces: [[FitProgress]]
}

/// One run of the iteration from one start.
struct SingleRun<Model: Sendable>: Sendable {
  var model: Model
  var logLikelihood: Double
  var iterations: Int
  var stop: FitStop
  var converged: Bool { stop.isConverged }
  /// Every accepted step, when asked for.
  var trace: [FitProgress]
}

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
