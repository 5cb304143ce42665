import PopMix

/// A ``PopMixError`` as the command says it: a setting is named by its flag
/// (`--folds must be at least 2 (got 1)`), everything else as the library
/// words it.
struct CommandError: Error, CustomStringConvertible {
  /// The library's error.
  var error: PopMixError

  init(_ error: PopMixError) { self.error = error }

  var description: String {
    if case .data(let problem) = error, let hint = problem.hint {
      return (problem.place.map { "\($0): " } ?? "") + problem.message + hint.advice(naming: "--bfile", "--vcf")
    }
    guard case .setting(let problem) = error else { return error.description }
    let flag = problem.setting.flag
    let requirement = problem.requirement
    switch requirement {
    case .atMost, .other:
      // Worded without a flag: a cap or a conflict reads as a sentence.
      return problem.description
    case .atMostForData(let bound, let reason):
      return "\(flag) \(problem.value) is more than the data allows: at most \(bound) (\(reason))"
    case .needs:
      return "\(flag) \(requirement.phrase)"
    case .positiveFraction:
      return "\(flag) \(requirement.phrase); got \(problem.value)"
    case .atLeast, .startingAtLeast, .notNegative, .nonNegativeNumber, .positiveNumber, .strictlyBetween, .oneOf:
      return "\(flag) \(requirement.phrase) (got \(problem.value))"
    }
  }
}
