import CGSL

/// A stream of random numbers from GSL's MT19937 generator.
///
/// The generator is owned by this object and freed when it goes away. A
/// `RandomSource` is not safe to share between threads: give each task its
/// own, seeded from ``SeedSequence``.
public final class RandomSource {
  private let generator: UnsafeMutablePointer<gsl_rng>

  /// Creates a generator seeded with `seed`.
  ///
  /// The same seed always gives the same stream. GSL maps seed 0 to its
  /// default seed, so 0 and 4357 give the same stream.
  public init(seed: UInt64) {
    GSL.disableAbortOnError()
    guard let generator = gsl_rng_alloc(popmix_gsl_rng_mt19937()) else {
      fatalError("GSL could not allocate a random number generator (out of memory)")
    }
    self.generator = generator
    // MT19937 takes an unsigned long; fold the high half in so that seeds
    // differing only above bit 32 still give different streams.
    gsl_rng_set(generator, UInt(truncatingIfNeeded: seed ^ (seed >> 32)))
  }

  deinit { gsl_rng_free(generator) }

  /// A uniform draw from [0, 1).
  public func uniform() -> Double { gsl_rng_uniform(generator) }

  /// A uniform integer in `0..<upperBound`.
  ///
  /// - Precondition: `upperBound > 0`.
  public func uniformInteger(below upperBound: Int) -> Int {
    precondition(upperBound > 0, "uniformInteger needs a positive bound")
    return Int(gsl_rng_uniform_int(generator, UInt(upperBound)))
  }

  /// A Poisson draw with mean `mean`.
  ///
  /// - Precondition: `mean` is finite and not negative.
  public func poisson(mean: Double) -> Int {
    precondition(mean.isFinite && mean >= 0, "Poisson mean must be finite and not negative")
    return Int(gsl_ran_poisson(generator, mean))
  }

  /// A binomial draw: successes in `trials` trials of probability `probability`.
  ///
  /// - Precondition: `trials >= 0` and `probability` in [0, 1].
  public func binomial(trials: Int, probability: Double) -> Int {
    precondition(trials >= 0 && probability >= 0 && probability <= 1, "Binomial needs trials >= 0 and a probability in [0, 1]")
    return Int(gsl_ran_binomial(generator, probability, UInt32(trials)))
  }

  /// A draw from the beta distribution with shape parameters `a` and `b`.
  ///
  /// - Precondition: `a` and `b` are positive and finite.
  public func beta(_ a: Double, _ b: Double) -> Double {
    precondition(a > 0 && b > 0 && a.isFinite && b.isFinite, "Beta parameters must be positive and finite")
    return gsl_ran_beta(generator, a, b)
  }

  /// A draw from the Dirichlet distribution with parameters `alpha`.
  ///
  /// - Precondition: every `alpha` is positive and finite.
  /// - Returns: `alpha.count` non-negative numbers summing to one.
  public func dirichlet(_ alpha: [Double]) -> [Double] {
    precondition(!alpha.isEmpty && alpha.allSatisfy { $0 > 0 && $0.isFinite },
                 "Dirichlet parameters must be positive and finite")
    var theta = [Double](repeating: 0, count: alpha.count)
    alpha.withUnsafeBufferPointer { a in
      theta.withUnsafeMutableBufferPointer { t in
        gsl_ran_dirichlet(generator, alpha.count, a.baseAddress, t.baseAddress)
      }
    }
    return theta
  }

  /// A draw from the symmetric Dirichlet distribution of dimension `count`.
  public func dirichlet(count: Int, concentration: Double = 1) -> [Double] {
    dirichlet([Double](repeating: concentration, count: count))
  }

  /// Shuffles `values` in place (Fisher–Yates, driven by this generator).
  public func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      let j = uniformInteger(below: i + 1)
      values.swapAt(i, j)
    }
  }
}

/// Process-wide GSL settings.
enum GSL {
  /// Makes GSL return error codes instead of aborting the process.
  static func disableAbortOnError() { _ = disabled }

  private static let disabled: Void = popmix_gsl_disable_abort()
}
