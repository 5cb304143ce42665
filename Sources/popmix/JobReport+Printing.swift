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

/// Runs a job, turning its ``InputError`` into ArgumentParser's error exit
/// (message on standard error, exit status 1).
func runJob(_ job: () throws -> JobReport) throws {
  try job().print()
}
