import Foundation
import Testing

/// Where the `popmix` executable under test lives.
enum PopMixBinary {
  /// The environment variable that, when set, names the binary to test.
  static let environmentVariable = "POPMIX_BINARY"

  /// The binary: `$POPMIX_BINARY` if set, otherwise the first `popmix`
  /// file found in the test runner's directory or one of its ancestors
  /// (SwiftPM puts it beside `popmixPackageTests.xctest`). Nil when none.
  static let url: URL? = locate()

  /// The places that were searched, for the failure message.
  static var searchDescription: String {
    "set \(environmentVariable), or build the `popmix` target into the same folder as the test runner; searched upward from "
      + startingPoints().map(\.path).joined(separator: " and ")
  }

  private static func locate() -> URL? {
    if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    for start in startingPoints() {
      var folder = start
      for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("popmix")
        if isExecutableFile(candidate) { return candidate }
        let parent = folder.deletingLastPathComponent()
        if parent.path == folder.path { break }
        folder = parent
      }
    }
    return nil
  }

  /// The folders holding the test runner: on Linux the runner itself is
  /// `<build>/release/popmixPackageTests.xctest`; on macOS the bundle.
  private static func startingPoints() -> [URL] {
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    let runner = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: cwd).standardizedFileURL
    return [runner.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()]
  }

  private static func isExecutableFile(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
      && FileManager.default.isExecutableFile(atPath: url.path)
  }
}

/// What one run of `popmix` did.
struct ProcessResult: CustomStringConvertible {
  /// The arguments it was given.
  var arguments: [String]
  /// The exit status, or the signal number when it was killed by one.
  var status: Int32
  /// Whether it ended by exiting (rather than by a signal, e.g. a trap).
  var exited: Bool
  /// Everything it wrote to standard output.
  var stdout: String
  /// Everything it wrote to standard error.
  var stderr: String

  /// Exited with status 0.
  var succeeded: Bool { exited && status == 0 }
  /// Exited with a non-zero status: a clean refusal, not a crash.
  var failedCleanly: Bool { exited && status != 0 }

  /// A summary for failure messages.
  var description: String {
    "popmix \(arguments.joined(separator: " ")) -> \(exited ? "exit" : "signal") \(status)\n"
      + "stdout:\n\(stdout)\nstderr:\n\(stderr)"
  }
}

/// A fresh, empty working directory for one test.
///
/// Create one per test and remove it with `defer { workspace.remove() }`.
/// `popmix` runs with this directory as its working directory, so tests
/// pass it relative paths, and its messages name those paths.
struct Workspace {
  /// The directory.
  let url: URL

  /// Creates `popmix-e2e-<UUID>` under the system's temporary directory.
  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("popmix-e2e-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Deletes the directory and everything in it.
  func remove() {
    try? FileManager.default.removeItem(at: url)
  }

  /// The absolute path of `name` inside the workspace.
  func path(_ name: String) -> String {
    url.appendingPathComponent(name).path
  }

  /// Writes `text` (as UTF-8, byte for byte) to `name`.
  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: url.appendingPathComponent(name))
  }

  /// Creates a subdirectory.
  func makeFolder(_ name: String) throws {
    try FileManager.default.createDirectory(at: url.appendingPathComponent(name, isDirectory: true),
                                            withIntermediateDirectories: true)
  }

  /// The bytes of `name`.
  func data(_ name: String) throws -> Data {
    try Data(contentsOf: url.appendingPathComponent(name))
  }

  /// The text of `name`.
  func read(_ name: String) throws -> String {
    String(decoding: try data(name), as: UTF8.self)
  }

  /// Whether `name` exists (file or folder).
  func exists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: path(name))
  }

  /// The names in the workspace's top level, hidden ones included, sorted.
  func listing() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }

  /// Runs `popmix` with `arguments` in this workspace and waits for it.
  ///
  /// Standard input is empty; standard output and error are captured
  /// through files outside the workspace (so they neither show up in
  /// ``listing()`` nor can fill a pipe and stall the process). Swift's
  /// crash backtracer is turned off for the child.
  @discardableResult
  func popmix(_ arguments: String...) throws -> ProcessResult {
    try popmix(arguments)
  }

  /// Runs `popmix` with `arguments` in this workspace and waits for it.
  @discardableResult
  func popmix(_ arguments: [String]) throws -> ProcessResult {
    let binary = try #require(PopMixBinary.url, "popmix binary not found: \(PopMixBinary.searchDescription)")
    let capture = FileManager.default.temporaryDirectory
      .appendingPathComponent("popmix-e2e-capture-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: capture) }
    let stdoutURL = capture.appendingPathComponent("stdout")
    let stderrURL = capture.appendingPathComponent("stderr")
    try #require(FileManager.default.createFile(atPath: stdoutURL.path, contents: nil))
    try #require(FileManager.default.createFile(atPath: stderrURL.path, contents: nil))
    let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
    let stderrHandle = try FileHandle(forWritingTo: stderrURL)

    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = url
    // A crash must end the run at once, reported as a signal. With Swift's
    // backtracer on, the crashing process spawns `swift-backtrace`, which
    // inherits Foundation's process-monitoring socket and can outlive the
    // crash, so that `waitUntilExit()` never returns.
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdoutHandle
    process.standardError = stderrHandle
    try process.run()
    process.waitUntilExit()
    try stdoutHandle.close()
    try stderrHandle.close()

    return ProcessResult(
      arguments: arguments,
      status: process.terminationStatus,
      exited: process.terminationReason == .exit,
      stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
  }
}
