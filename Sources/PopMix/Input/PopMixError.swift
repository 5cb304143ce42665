/// What went wrong in popmix, told apart so that a caller can act on it: a
/// setting out of range, data that cannot be read or fitted, a file that
/// could not be read or written, or a commit cut short by a signal.
///
/// It prints as one sentence without a trailing period, prefixed by
/// `file:line:column:` when the problem has a place in a file, or by the
/// file's path when it concerns a whole file. The sentences name settings
/// in plain words ("the number of populations"), never by a command-line
/// flag: a command maps ``SettingProblem/setting`` to its own flag.
///
/// ```swift
/// do { try PoissonNMF.fit(table, options: options) }
/// catch PopMixError.setting(let problem) where problem.setting == .populations { … }
/// catch PopMixError.io(let failure) where failure.error.code == ENOSPC { … }
/// ```
public enum PopMixError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A setting is out of range, or more than the data allows.
  case setting(SettingProblem)
  /// The data is malformed, or cannot be fitted as it is.
  case data(DataProblem)
  /// A file could not be read or written; the system's `errno` says why.
  case io(IOFailure)
  /// A signal arrived while output files were being committed, and none
  /// was written.
  case interrupted(signal: Int32)

  /// The sentence, with its place: `file:line:column: message`,
  /// `path: message`, or the message alone.
  public var description: String {
    switch self {
    case .setting(let problem): problem.description
    case .data(let problem): problem.description
    case .io(let failure): failure.description
    case .interrupted: message
    }
  }

  /// The sentence without its place.
  public var message: String {
    switch self {
    case .setting(let problem): problem.description
    case .data(let problem): problem.sentence
    case .io(let failure): failure.message
    case .interrupted(let signal): "interrupted by signal \(signal); no output was written"
    }
  }

  /// The file concerned, if any: the data's or the failed operation's.
  public var path: String? {
    switch self {
    case .data(let problem): problem.path
    case .io(let failure): failure.path
    case .setting, .interrupted: nil
    }
  }

  /// The place in a file, for data that is wrong at one place.
  public var location: SourceLocation? {
    if case .data(let problem) = self { return problem.location }
    return nil
  }
}
