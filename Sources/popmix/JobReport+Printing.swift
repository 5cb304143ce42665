import Foundation
import PopMix

extension JobReport {
  /// Prints warnings to standard error and the report to standard output.
  func print() {
    for warning in warnings {
      FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
    }
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}

/// Runs a job and prints its report. An ``InputError`` it throws propagates
/// to ArgumentParser, which prints it on standard error and exits with 1.
func runJob(_ job: () throws -> JobReport) throws {
  try job().print()
}
