/// A model that an EM iteration fits: one pass gives a point's
/// log-likelihood and its update; SQUAREM needs the geometry besides.
///
/// The Poisson NMF (``CountKernel``) and the binomial admixture model
/// (``GenotypeKernel``) both conform, so one driver accelerates both.
protocol EMProblem: AnyObject {
  associatedtype State: EMState
  /// Replaces `state` by its update and returns the log-likelihood of the
  /// state it was given when `evaluate` is set (NaN otherwise; a problem
  /// may skip the work that only the log-likelihood needs).
  func step(_ state: inout State, evaluate: Bool) -> Double
  /// Replaces `state` by its update, as `step(_:evaluate:)` without the
  /// log-likelihood, and returns a lower bound on the log-likelihood's gain
  /// l(update) − l(state), or nil when the problem has none to give.
  ///
  /// Plain EM reads it to skip evaluations that could not stop the fit.
  func stepBoundingGain(_ state: inout State) -> Double?
  /// How SQUAREM sets its step length for this model.
  static var stepRule: SquaremStepRule { get }
  /// Whether SQUAREM evaluates all three passes of a cycle (when the
  /// log-likelihood is cheap beside the update) or only the extrapolated one.
  static var evaluatesEveryPass: Bool { get }
  /// Σ r·r, Σ r·v and Σ v·v over the parameters (each weighted to a common
  /// scale), for r = θ1 − θ0 and v = θ2 − θ1 − r.
  func stepProducts(_ theta0: State, _ theta1: State, _ theta2: State) -> SquaremProducts
  /// trial = θ0 − 2α r + α² v, projected back onto the parameter space.
  func extrapolate(into trial: inout State, from theta0: State, _ theta1: State, _ theta2: State, alpha: Double)
  /// The length of a state's parameters laid end to end, for quasi-Newton
  /// steps; 0 when the problem takes none.
  var flatCount: Int { get }
  /// A state's parameters laid end to end (``flatCount`` values).
  func flatten(_ state: State, into values: inout [Double])
  /// Sets `state` to `values`, projected onto the parameter space.
  func assign(_ values: [Double], to state: inout State)
  /// Whether quasi-Newton points speed up this problem's Newton sweeps:
  /// false when each sweep already solves independent concave problems to
  /// second order, where the iteration converges quadratically and secant
  /// points (which model a linear rate) only hold it back.
  var quasiNewtonHelps: Bool { get }
  /// The size of the terms summed into l beyond |l| itself, such as
  /// constants that cancel in the sum: the rounding of l grows with it, so
  /// a fall within its rounding is not a fall (``FitStop/roundingSlack(at:)``).
  var logLikelihoodMagnitude: Double { get }
}

extension EMProblem {
  /// No flat form: no quasi-Newton steps.
  var flatCount: Int { 0 }
  func flatten(_ state: State, into values: inout [Double]) {
    preconditionFailure("This problem takes no quasi-Newton steps")
  }
  func assign(_ values: [Double], to state: inout State) {
    preconditionFailure("This problem takes no quasi-Newton steps")
  }

  var quasiNewtonHelps: Bool { true }

  /// No cancelling terms: |l| is the measure.
  var logLikelihoodMagnitude: Double { 0 }

  /// No bound: the step alone (plain EM then evaluates at every check).
  func stepBoundingGain(_ state: inout State) -> Double? {
    _ = step(&state, evaluate: false)
    return nil
  }
}

/// A point of the iteration, copied between the driver's slots.
protocol EMState {
  /// The number of populations.
  var populations: Int { get }
  /// Copies `other`'s values into this state's storage (no allocation).
  mutating func assign(_ other: Self)
}
