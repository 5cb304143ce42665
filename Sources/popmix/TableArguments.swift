import ArgumentParser
import Foundation
import PopMix

/// The count table a command reads.
struct TableArguments: ParsableArguments {
  @Argument(help: ArgumentHelp(
    "The count table: whitespace-delimited, one row per individual.",
    discussion: """
      Optional header line and id column; '#' starts a comment; NA marks a \
      missing entry. Counts are whole numbers of 0 or more. Loci whose \
      counts are all zero are dropped with a warning.
      """,
    valueName: "table"))
  var path: String

  @Flag(help: "The table has one row per locus and one column per individual.")
  var lociAsRows = false

  var input: TableInput { TableInput(path: path, orientation: lociAsRows ? .lociAsRows : .individualsAsRows) }
}

/// How long-running commands may use the machine.
struct ExecutionArguments: ParsableArguments {
  @Option(help: "Threads for independent fits (restarts, scan folds). Results do not depend on it.")
  var threads: Int = defaultThreads

  @Flag(help: "No progress line on standard error (it shows only on a terminal, for work longer than a second).")
  var quiet = false

  /// The cores this process may use.
  static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// A progress line when standard error is a terminal and --quiet is not given.
  var progressLine: ProgressLine? {
    !quiet && isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
  }
}

extension FitAlgorithm: ExpressibleByArgument {}
