/// What a job has to tell its user: the report for standard output and any
/// warnings for standard error.
public struct JobReport: Sendable, Equatable {
  /// The report, ending in a newline.
  public var text: String
  /// Warnings, one sentence each.
  public var warnings: [String]

  public init(text: String, warnings: [String] = []) {
    self.text = text
    self.warnings = warnings
  }
}
