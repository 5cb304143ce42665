/// The command line as typed, for summaries and reports: `popmix` and the
/// arguments, each quoted for a POSIX shell when it needs it.
let commandLineText: String = (["popmix"] + CommandLine.arguments.dropFirst().map { argument in
  let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@%".contains($0) }
  return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
}).joined(separator: " ")
