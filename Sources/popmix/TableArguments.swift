import ArgumentParser
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

  static var defaultThreads: Int { ProcessInfoCores.count }
}

extension FitAlgorithm: ExpressibleByArgument {}
