import ArgumentParser
import Foundation
import PopMix

/// How long-running commands may use the machine.
struct ExecutionArguments: ParsableArguments {
  @Option(name: [.customShort("j"), .long], parsing: .unconditional,
          help: "Threads for independent fits (restarts, scan folds; 1 to \(FitOptions.maximumThreads)). Results do not depend on it.")
  var threads: Int = defaultThreads

  @Flag(help: "No progress line on standard error (it shows only on a terminal, for work longer than a second).")
  var quiet = false

  /// The cores this process may use, within the bound --threads accepts.
  static var defaultThreads: Int {
    min(FitOptions.maximumThreads, max(1, ProcessInfo.processInfo.activeProcessorCount))
  }

  /// A progress line when standard error is a terminal and --quiet is not given.
  var progressLine: ProgressLine? {
    !quiet && isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
  }
}

extension FitAlgorithm: ExpressibleByArgument {
  /// The raw names, and `em` for SQUAREM-accelerated EM (the name the
  /// ADMIXTURE literature uses beside Newton's).
  public init?(argument: String) {
    if argument == "em" { self = .accelerated } else if let algorithm = FitAlgorithm(rawValue: argument) {
      self = algorithm
    } else {
      return nil
    }
  }

  public static var allValueStrings: [String] { ["newton", "accelerated", "em", "mu"] }
}
