extension SingleRun {
  /// Runs `count` candidate fits and returns the one with the best
  /// log-likelihood and the passes all of them took.
  ///
  /// The first candidate uses `seed` itself and the others seeds hashed
  /// from it, so a single candidate is the plain random start of `seed`.
  ///
  /// - Precondition: `count >= 1`.
  static func bestOfCandidates(_ count: Int, seed: UInt64,
                               _ fit: (_ seed: UInt64) -> SingleRun) -> (best: SingleRun, passes: Int) {
    precondition(count >= 1, "At least one candidate is needed")
    var best: SingleRun? = nil
    var passes = 0
    for candidate in 0..<count {
      let run = fit(candidate == 0 ? seed : SeedSequence.seed(seed, 0xCA4D, UInt64(candidate)))
      passes += run.iterations
      if best == nil || run.logLikelihood > best!.logLikelihood { best = run }
    }
    return (best!, passes)
  }
}
