/// Why one run of the iteration stopped.
public enum FitStop: Sendable, Equatable {
  /// The log-likelihood's gain per pass fell below the tolerance.
  case converged
  /// The pass cap was reached first.
  case iterationLimit
  /// The log-likelihood fell between two evaluations by more than rounding
  /// can explain. EM never lowers it, so this is a defect, never
  /// convergence: the run stops and reports it.
  ///
  /// - Parameters:
  ///   - by: how far it fell (positive).
  ///   - pass: the pass at which the fall was seen.
  case likelihoodFell(by: Double, pass: Int)

  /// Whether the run met the tolerance.
  public var isConverged: Bool { self == .converged }

  /// The largest fall between two evaluations that rounding may cause at
  /// log-likelihood `l` (or at the size of the terms summed into it, when
  /// they cancel: ``EMProblem/logLikelihoodMagnitude``): the terms' sum
  /// carries relative errors of order 1e-16 each, so 1e-12 |l| is far above
  /// any rounding and far below any tolerance a fit uses (the defaults are
  /// 1e-10 and 1e-9).
  static func roundingSlack(at l: Double) -> Double { 1e-12 * Swift.max(abs(l), 1) }
}

extension FitStop: CustomStringConvertible {
  /// A short phrase for summaries: "converged", "iteration limit", or
  /// "log-likelihood fell by X at pass P".
  public var description: String {
    switch self {
    case .converged: "converged"
    case .iterationLimit: "iteration limit"
    case .likelihoodFell(let by, let pass): "log-likelihood fell by \(by) at pass \(pass)"
    }
  }
}
