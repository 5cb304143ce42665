import Foundation
import Testing
@testable import PopMix

/// ``PopMixError`` as a library caller meets it: the case says whether a
/// setting, the data or the system is at fault, with the setting's name,
/// the data's place or the system's `errno`; and no message names a
/// command-line flag.
@Suite("PopMixError: cases a caller can switch on")
struct PopMixErrorTests {
  @Test("a bad option from FitOptions.validate() is the setting case naming the setting")
  func badOptionFromValidate() {
    let error = #expect(throws: PopMixError.self) { try FitOptions(populations: 2, restarts: 0).validate() }
    switch error {
    case .setting(let problem)?:
      #expect(problem.setting == .restarts)
      #expect(problem.value == "0")
      #expect(problem.requirement == .atLeast("1"))
      #expect(problem.description == "the number of restarts must be at least 1 (got 0)")
    default:
      Issue.record("not the setting case: \(String(describing: error))")
    }
  }

  @Test("more populations than the data allows is the setting case, with the limit and why")
  func tooManyPopulationsFromFit() {
    let table = TestData.simulated(individuals: 10, loci: 6, populations: 2, hybrids: 0).table
    let error = #expect(throws: PopMixError.self) { try PoissonNMF.fit(table, options: FitOptions(populations: 7)) }
    guard case .setting(let problem)? = error else {
      Issue.record("not the setting case: \(String(describing: error))")
      return
    }
    #expect(problem.setting == .populations)
    #expect(problem.value == "7")
    #expect(problem.requirement == .atMostForData("6", because: "the smaller of 10 individuals and 6 loci"))
  }

  @Test("a bad entry in a table is the data case at its file:line:column")
  func badTableEntry() {
    let error = #expect(throws: PopMixError.self) {
      try CountTable.parse(text: "id L1 L2\nA 1 2\nB 3 x\n", path: "t.tsv")
    }
    guard case .data(let problem)? = error else {
      Issue.record("not the data case: \(String(describing: error))")
      return
    }
    #expect(problem.location == SourceLocation(path: "t.tsv", line: 3, column: 5))
    #expect(error?.description.hasPrefix("t.tsv:3:5: ") == true, "\(String(describing: error))")
  }

  @Test("an output folder that does not exist is the I/O case with the system's errno")
  func unwritableOutputFolder() throws {
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-none-\(UUID().uuidString)")
    let path = missing.appendingPathComponent("out.tsv").path
    var files = OutputFiles()
    files.add(path, "a\n")
    let error = #expect(throws: PopMixError.self) { try files.commit() }
    guard case .io(let failure)? = error else {
      Issue.record("not the I/O case: \(String(describing: error))")
      return
    }
    #expect(failure.error.code == ENOENT)
    #expect(failure.operation == .write)
    #expect(failure.path == path)
    let checked = #expect(throws: PopMixError.self) { try OutputFiles.checkDestination(path) }
    guard case .io(let check)? = checked else {
      Issue.record("not the I/O case: \(String(describing: checked))")
      return
    }
    #expect(check.error.code == ENOENT && check.operation == .checkDestination)
  }

  @Test("a file that cannot be read is the I/O case, not the data case")
  func missingInputFile() {
    let error = #expect(throws: PopMixError.self) { try CountTable.read(path: "/nonexistent/x.tsv") }
    guard case .io(let failure)? = error else {
      Issue.record("not the I/O case: \(String(describing: error))")
      return
    }
    #expect(failure.error.code == ENOENT && failure.operation == .read)
  }

  /// Every setting check the library makes, and each way a setting can fail.
  static let settingErrors: [@Sendable () throws -> Void] = [
    { try FitOptions(populations: 0).validate() },
    { try FitOptions(populations: 2, restarts: 0).validate() },
    { try FitOptions(populations: 2, tolerance: -1).validate() },
    { try FitOptions(populations: 2, maxIterations: 0).validate() },
    { try FitOptions(populations: 2, threads: 0).validate() },
    { try FitOptions(populations: 2, candidateStarts: 0).validate() },
    { try FitOptions(populations: 2, restarts: 10_001).validate() },
    { try ScanOptions(populations: 0...2).validate() },
    { try ScanOptions(populations: 1...2, folds: 1).validate() },
    { try ScanOptions(populations: 1...2, folds: 101).validate() },
    { try SimulationParameters(individuals: 0).validate() },
    { try SimulationParameters(loci: 0).validate() },
    { try SimulationParameters(hybrids: -1).validate() },
    { try SimulationParameters(populations: 1, hybrids: 2).validate() },
    { try SimulationParameters(alpha: 0).validate() },
    { try SimulationParameters(hybridMix: 1).validate() },
    { try SimulationParameters(fst: 0).validate() },
    { try SimulationParameters(depth: 0).validate() },
    { _ = try HybridsJob(path: "x.Q.tsv", threshold: 2, json: false).run() },
    {
      let table = TestData.simulated(individuals: 10, loci: 6, populations: 2, hybrids: 0).table
      _ = try PoissonNMF.fit(table, options: FitOptions(populations: 7))
    },
  ]

  @Test("library messages name settings in words, never by a command-line flag")
  func noFlagsInLibraryMessages() throws {
    for (index, body) in Self.settingErrors.enumerated() {
      let error = #expect(throws: PopMixError.self, "check \(index)") { try body() }
      guard case .setting? = error else {
        Issue.record("check \(index) is not the setting case: \(String(describing: error))")
        continue
      }
      #expect(error?.description.contains("--") == false, "\(String(describing: error))")
    }
    let folder = try TemporaryDirectory()
    for name in ["g.bed", "g.vcf", "g.gz"] {
      let path = folder.path(name)
      try Data(name == "g.gz" ? [0x1F, 0x8B, 0x08, 0x00] : [0x6C, 0x1B, 0x01]).write(to: URL(fileURLWithPath: path))
      let error = #expect(throws: PopMixError.self) { try CountTable.read(path: path) }
      #expect(error?.description.contains("--") == false, "\(String(describing: error))")
      #expect(error?.message.contains("--") == false, "\(String(describing: error))")
    }
  }
}
