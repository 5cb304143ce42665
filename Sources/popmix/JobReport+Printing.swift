import ArgumentParser
import Foundation
import PopMix

extension JobReport {
  /// Prints warnings to standard error and the report to standard output.
  ///
  /// - Throws: ``PopMixError/io(_:)`` when standard output cannot be written
  ///   (a warning that cannot be written is dropped: there is nowhere to say so).
  func print() throws {
    for warning in warnings {
      try? StandardStream.error.write("warning: \(warning)\n")
    }
    try StandardStream.output.write(text)
  }
}

/// Runs a job and prints its report. A ``PopMixError`` it throws is worded
/// for the command (settings named by their flags, ``CommandError``) and
/// propagates to ArgumentParser, which prints it on standard error and
/// exits with 1.
///
/// The job has written its files before the report is printed, so a report
/// that cannot be printed loses none of them. When the reader of a pipe has
/// gone, the command ends quietly with status 141, as the shell reports a
/// tool killed by SIGPIPE (which is what happens when SIGPIPE is not
/// ignored); any other failure to write standard output is said in one line
/// on standard error, with status 1.
func runJob(_ job: () throws -> JobReport) throws {
  let report: JobReport
  do {
    report = try job()
  } catch let error as PopMixError {
    throw CommandError(error)
  }
  do {
    try report.print()
  } catch PopMixError.io(let failure) {
    if failure.error.isBrokenPipe { throw ExitCode(141) }
    try? StandardStream.error.write("popmix: cannot write to standard output: \(failure.error)\n")
    throw ExitCode.failure
  }
}
