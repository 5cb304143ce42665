import Foundation
import Testing

/// A `popmix` run started by a test that chooses its standard output and
/// environment, and may signal it while it runs.
///
/// ``Workspace/popmix(_:)`` captures standard output in a file; these tests
/// need it to be `/dev/full` or a pipe nobody reads, and a deadline, since
/// the commands they check used to hang. The child is started with
/// `posix_spawn` and a clean signal state: a child started by Foundation's
/// `Process` from one of the test runner's threads inherits that thread's
/// mask, which blocks SIGINT and SIGTERM, so that no signal would reach it.
final class Child {
  /// The child's process id.
  let pid: pid_t
  private let stderrURL: URL
  private let arguments: [String]
  private var waitStatus: Int32? = nil

  /// Starts `popmix arguments` in `workspace`.
  ///
  /// - Parameters:
  ///   - stdout: the child's standard output.
  ///   - ignoringSIGPIPE: start it with SIGPIPE ignored (as a parent that
  ///     ignores it passes on), so that writes to a closed pipe fail with
  ///     EPIPE instead of killing it.
  ///   - environment: added to the test's environment.
  init(in workspace: Workspace, _ arguments: [String], stdout: FileHandle, ignoringSIGPIPE: Bool = false,
       environment: [String: String] = [:]) throws {
    let binary = try #require(PopMixBinary.url, "popmix binary not found: \(PopMixBinary.searchDescription)")
    self.arguments = arguments
    stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-e2e-stderr-\(UUID().uuidString)")
    try #require(FileManager.default.createFile(atPath: stderrURL.path, contents: nil))
    let stderrHandle = try FileHandle(forWritingTo: stderrURL)
    defer { try? stderrHandle.close() }

    // sh changes folder and, if asked, ignores SIGPIPE before becoming popmix.
    let script = "cd \"$1\" || exit 99; shift; \(ignoringSIGPIPE ? "trap '' PIPE; " : "")exec \"$@\""
    let argv = ["/bin/sh", "-c", script, "sh", workspace.url.path, binary.path] + arguments
    var merged = ProcessInfo.processInfo.environment
    merged["SWIFT_BACKTRACE"] = "enable=no"
    merged.merge(environment) { $1 }
    let envp = merged.map { "\($0)=\($1)" }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout.fileDescriptor, 1)
    posix_spawn_file_actions_adddup2(&actions, stderrHandle.fileDescriptor, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t(), defaults = sigset_t()
    sigemptyset(&empty)
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] { strings.map { strdup($0) } + [nil] }
    let cArgv = cStrings(argv), cEnvp = cStrings(envp)
    defer { for pointer in cArgv + cEnvp { free(pointer) } }
    var pid: pid_t = 0
    let error = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgv, cEnvp)
    try #require(error == 0, "posix_spawn: \(String(cString: strerror(error)))")
    self.pid = pid
  }

  deinit {
    if waitStatus == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    try? FileManager.default.removeItem(at: stderrURL)
  }

  /// What it has written to standard error so far.
  var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

  /// Whether it has ended (and been reaped).
  private func reap() -> Bool {
    if waitStatus != nil { return true }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return false }
    waitStatus = status
    return true
  }

  /// Waits until standard error contains `text`, at most `seconds`.
  func waitForStderr(containing text: String, seconds: Double = 60) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if stderr.contains(text) { return true }
      if reap() { return stderr.contains(text) }
      usleep(20_000)
    }
    return false
  }

  /// Waits for it to end, killing it after `seconds`; its standard output
  /// is not captured (empty in the result).
  func finish(seconds: Double = 30) throws -> ProcessResult {
    let deadline = Date().addingTimeInterval(seconds)
    while !reap() && Date() < deadline { usleep(10_000) }
    let timedOut = !reap()
    if timedOut {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      waitStatus = status
    }
    try #require(!timedOut, "popmix \(arguments.joined(separator: " ")) still ran after \(seconds) s; stderr:\n\(stderr)")
    // The wait status: the low 7 bits are the signal that ended it (0 when it exited).
    let status = waitStatus!
    let signal = status & 0x7f
    return ProcessResult(arguments: arguments, status: signal == 0 ? (status >> 8) & 0xff : signal,
                         exited: signal == 0, stdout: "", stderr: stderr)
  }
}

/// An option value popmix must refuse at once, and what it must say.
struct AbsurdOption: Sendable, CustomTestStringConvertible {
  var arguments: [String]
  var phrase: String
  var testDescription: String { arguments.joined(separator: " ") }
}

/// The command's crash, hang and misleading-error items of issue 16: a full
/// or closed standard output, absurd option values, output folders that
/// cannot be used, and signals during the final write.
@Suite("Command robustness")
struct CommandRobustnessTests {
  /// Simulates a small data set as `data.*` (30 individuals, 2 populations).
  static func simulate(in workspace: Workspace) throws {
    try OutputSafetyTests.simulate(in: workspace)
  }

  // MARK: standard output

  @Test("fit with standard output on a full device says so in one line, exit 1, and keeps its files")
  func fitToFullDevice() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    defer { try? full.close() }

    let result = try Child(in: workspace, ["fit", "data.counts.tsv", "-p", "2", "--restarts", "1", "--out", "result"],
                           stdout: full).finish()

    #expect(result.exited && result.status == 1, "\(result)")
    #expect(result.stderr == "popmix: cannot write to standard output: No space left on device\n", "\(result)")
    for suffix in [".2.Q.tsv", ".2.W.tsv", ".2.H.tsv", ".2.summary.json"] {
      #expect(workspace.exists("result" + suffix), "result\(suffix) was not written")
    }
    #expect(try !workspace.listing().contains(where: OutputSafetyTests.isStagedTemporary))
  }

  @Test("hybrids with standard output on a full device says so in one line, exit 1")
  func hybridsToFullDevice() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    defer { try? full.close() }

    let result = try Child(in: workspace, ["hybrids", "data.Q.tsv"], stdout: full).finish()

    #expect(result.exited && result.status == 1, "\(result)")
    #expect(result.stderr == "popmix: cannot write to standard output: No space left on device\n", "\(result)")
  }

  /// A pipe whose reader has gone: with SIGPIPE ignored the write fails with
  /// EPIPE, which used to trap; with it at its default, the process ends by
  /// the signal as any tool does. Either way quietly, never by a trap.
  @Test("hybrids into a closed pipe ends quietly, status 141", arguments: [true, false])
  func hybridsIntoClosedPipe(ignoringSIGPIPE: Bool) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()

    let child = try Child(in: workspace, ["hybrids", "data.Q.tsv", "--threshold", "1"],
                          stdout: pipe.fileHandleForWriting, ignoringSIGPIPE: ignoringSIGPIPE)
    try pipe.fileHandleForWriting.close()
    let result = try child.finish()

    if ignoringSIGPIPE {
      #expect(result.exited && result.status == 141, "\(result)")
    } else {
      #expect((result.exited && result.status == 141) || (!result.exited && result.status == SIGPIPE), "\(result)")
    }
    #expect(result.stderr.isEmpty, "\(result)")
  }

  // MARK: absurd options

  static let absurdOptions: [AbsurdOption] = [
    .init(arguments: ["fit", "missing.tsv", "-p", "-1", "--out", "r"], phrase: "--populations must be at least 1 (got -1)"),
    .init(arguments: ["fit", "missing.tsv", "-p", "2", "--restarts", "9223372036854775807", "--out", "r"],
          phrase: "the number of restarts must be at most 10,000 (got 9223372036854775807)"),
    .init(arguments: ["fit", "missing.tsv", "-p", "2", "--restarts", "-3", "--out", "r"],
          phrase: "--restarts must be at least 1 (got -3)"),
    .init(arguments: ["fit", "--bfile", "missing", "-p", "2", "--candidate-starts", "9223372036854775807", "--out", "r"],
          phrase: "the number of candidate starts must be at most 10,000"),
    .init(arguments: ["fit", "missing.tsv", "-p", "2", "--max-iterations", "100000000", "--out", "r"],
          phrase: "the iteration cap must be at most 10,000,000"),
    .init(arguments: ["fit", "missing.tsv", "-p", "2", "--threads", "100000", "--out", "r"],
          phrase: "the number of threads must be at most 1,024"),
    .init(arguments: ["fit", "missing.tsv", "-p", "2", "--tolerance", "-1e-3", "--out", "r"],
          phrase: "--tolerance must be a number of 0 or more (got -0.001)"),
    .init(arguments: ["scan", "missing.tsv", "--folds", "9223372036854775807"],
          phrase: "the number of folds must be at most 100"),
    .init(arguments: ["scan", "missing.tsv", "--restarts", "1000000"],
          phrase: "the number of restarts must be at most 10,000"),
    .init(arguments: ["simulate", "--depth", "3e9", "--individuals", "5", "--loci", "5", "--hybrids", "0", "--out", "s"],
          phrase: "the depth must be at most 1e+06 (got 3e+09)"),
    .init(arguments: ["simulate", "--depth", "1e6", "--individuals", "5000", "--loci", "5", "--out", "s"],
          phrase: "5000 individuals at depth 1e+06 expect 5e+09 counts per locus, more than the 1e+09 a simulation allows"),
    .init(arguments: ["simulate", "--individuals", "100000", "--loci", "100000", "--out", "s"],
          phrase: "100000 individuals × 100000 loci make more than the 268,435,456 entries a simulation may have"),
    .init(arguments: ["simulate", "--individuals", "4611686018427387904", "--loci", "4", "--out", "s"],
          phrase: "4611686018427387904 individuals × 4 loci make more than the 268,435,456 entries"),
    .init(arguments: ["simulate", "--genotypes", "--individuals", "3000000", "--loci", "10", "--populations", "100",
                      "--hybrids", "0", "--out", "s"],
          phrase: "3000000 individuals × 100 populations make more than the 268,435,456 entries"),
    .init(arguments: ["simulate", "--populations", "5000", "--individuals", "6000", "--out", "s"],
          phrase: "the number of populations must be at most 1,000 (got 5000)"),
    .init(arguments: ["simulate", "--individuals", "-5", "--out", "s"], phrase: "--individuals must be at least 1 (got -5)"),
    .init(arguments: ["hybrids", "missing.Q.tsv", "--threshold", "-0.5"], phrase: "--threshold must lie in (0, 1]; got -0.5"),
  ]

  /// Each is refused before any work (the data file does not exist, so the
  /// message must be about the option), at once, in one line.
  @Test("absurd option values are refused at once with one clear line", arguments: absurdOptions)
  func absurdOptionRefused(_ option: AbsurdOption) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let started = Date()

    let result = try Child(in: workspace, option.arguments, stdout: FileHandle.nullDevice).finish(seconds: 20)

    #expect(result.failedCleanly, "\(result)")
    #expect(Date().timeIntervalSince(started) < 10, "took \(Date().timeIntervalSince(started)) s")
    #expect(result.stderr == "Error: \(option.phrase)\n" || result.stderr.hasPrefix("Error: \(option.phrase)"), "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
    #expect(try workspace.listing().isEmpty)
  }

  @Test("--help states the bounds of the options it checks")
  func helpStatesBounds() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let fit = try workspace.popmix("fit", "--help").stdout.replacingOccurrences(of: "\n", with: " ")
    let simulate = try workspace.popmix("simulate", "--help").stdout.replacingOccurrences(of: "\n", with: " ")
    let scan = try workspace.popmix("scan", "--help").stdout.replacingOccurrences(of: "\n", with: " ")
    func squeezed(_ text: String) -> String { text.split(separator: " ").joined(separator: " ") }
    #expect(squeezed(fit).contains("1 to 10000"), "\(fit)")
    #expect(squeezed(fit).contains("1 to 10000000"), "\(fit)")
    #expect(squeezed(fit).contains("1 to 1024"), "\(fit)")
    #expect(squeezed(scan).contains("2 to 100"), "\(scan)")
    #expect(squeezed(simulate).contains("at most 268435456"), "\(simulate)")
    #expect(squeezed(simulate).contains("at most 1e6, and individuals x depth at most 1e9"), "\(simulate)")
  }

  // MARK: output folders

  /// Outputs that cannot be written are refused before the data is read:
  /// the table does not exist, so the message must be about the folder.
  @Test("an output or trace folder that cannot be used is refused before the data is read", arguments: [
    (["fit", "missing.tsv", "-p", "2", "--out", "nowhere/result"], "Error: nowhere/result: the folder nowhere does not exist\n"),
    (["fit", "--bfile", "missing", "-p", "2", "--out", "nowhere/result"], "Error: nowhere/result: the folder nowhere does not exist\n"),
    (["fit", "missing.tsv", "-p", "2", "--out", "result", "--trace", "nowhere/trace.tsv"],
     "Error: nowhere/trace.tsv: the folder nowhere does not exist\n"),
    (["fit", "missing.tsv", "-p", "2", "--out", "plain/result"], "Error: plain/result: plain is not a folder\n"),
    (["simulate", "--out", "nowhere/data"], "Error: nowhere/data: the folder nowhere does not exist\n"),
    (["simulate", "--genotypes", "--out", "plain/data"], "Error: plain/data: plain is not a folder\n"),
  ])
  func unusableOutputFolder(arguments: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("plain", "a file, not a folder\n")

    let result = try workspace.popmix(arguments)

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr == message, "\(result)")
    #expect(try workspace.listing() == ["plain"])
  }

  @Test("an output name longer than the system allows is refused before the fit")
  func outputNameTooLong() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let prefix = String(repeating: "n", count: 250)

    let result = try workspace.popmix("fit", "missing.tsv", "-p", "2", "--out", prefix)

    #expect(result.failedCleanly, "\(result)")
    #expect(result.stderr.contains("is too long (265 bytes, at most 255)"), "\(result)")
    #expect(try workspace.listing().isEmpty)
  }

  // MARK: signals during the final write

  /// The commit is paused (by the test hook) with every temporary written,
  /// or with the first output already moved into place over the earlier
  /// run's; the signal must leave no hidden file and every output as the
  /// earlier run left it, and end the process by that signal.
  @Test("a signal during the final write leaves no temporaries and the earlier outputs whole",
        arguments: [("written", SIGINT), ("written", SIGTERM), ("renamed", SIGINT), ("renamed", SIGTERM)])
  func signalDuringCommit(phase: String, signal: Int32) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Self.simulate(in: workspace)
    try #require(try workspace.popmix("fit", "data.counts.tsv", "-p", "2", "--restarts", "1", "--out", "result").succeeded)
    let suffixes = [".2.Q.tsv", ".2.W.tsv", ".2.H.tsv", ".2.summary.json"]
    let earlier = try suffixes.map { try workspace.data("result" + $0) }

    let child = try Child(in: workspace, ["fit", "data.counts.tsv", "-p", "2", "--restarts", "1", "--seed", "9",
                                          "--out", "result", "--trace", "trace.tsv"],
                          stdout: FileHandle.nullDevice, environment: ["POPMIX_TEST_PAUSE_COMMIT": phase])
    try #require(child.waitForStderr(containing: "paused in commit (\(phase))"), "stderr: \(child.stderr)")
    let hidden = try workspace.listing().filter(OutputSafetyTests.isStagedTemporary)
    try #require(hidden.count >= 5, "the commit's files are not in place yet: \(hidden)")
    kill(child.pid, signal)
    let result = try child.finish()

    #expect(!result.exited && result.status == signal, "\(result)")
    let listing = try workspace.listing()
    #expect(listing.filter(OutputSafetyTests.isStagedTemporary).isEmpty, "\(listing)")
    #expect(try suffixes.map { try workspace.data("result" + $0) } == earlier, "outputs are not all the earlier run's")
    #expect(!workspace.exists("trace.tsv"))
  }
}
