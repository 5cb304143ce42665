import Foundation
import Testing
@testable import PopMix

/// ``OutputFiles``: write failures say the system's reason; destinations are
/// checked before work; long names do not break the staging files; and the
/// library's options refuse absurd values.
@Suite("Output files: errors, destinations and bounds")
struct OutputDestinationTests {
  /// A fresh folder under the temporary directory, removed by the caller.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("a file that cannot be created is reported with the system's reason")
  func writeFailureSaysWhy() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = folder.appendingPathComponent("plain").path
    try Data("x".utf8).write(to: URL(fileURLWithPath: plain))
    var files = OutputFiles()
    files.add(plain + "/out.tsv", "a\n")

    #expect(throws: PopMixError.ioFailure("cannot write the file: Not a directory", file: plain + "/out.tsv", .write, SystemError(code: ENOTDIR))) {
      try files.commit()
    }
  }

  @Test("a destination name too long for the system is reported as such")
  func nameTooLongSaysWhy() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent(String(repeating: "x", count: 256)).path
    var files = OutputFiles()
    files.add(path, "a\n")

    #expect(throws: PopMixError.ioFailure("cannot move the finished file into place: File name too long", file: path, .moveIntoPlace, SystemError(code: ENAMETOOLONG))) { try files.commit() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  /// The staging files' names add the process id and a tag; they must be
  /// shortened rather than make a valid destination name fail.
  @Test("destinations with names of up to 255 bytes are written, with no staging file left")
  func longNamesAreWritten() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = [String(repeating: "a", count: 255), String(repeating: "a", count: 254) + "b", "é" + String(repeating: "c", count: 240)]
    var files = OutputFiles()
    for (k, name) in names.enumerated() { files.add(folder.appendingPathComponent(name).path, "file \(k)\n") }

    try files.commit()
    try files.commit()  // over the first: backups of long names too

    let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(listing == names.sorted())
    for (k, name) in names.enumerated() {
      #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == "file \(k)\n")
    }
  }

  @Test("checkDestination says which folder is missing, is not a folder, or which name is too long")
  func destinationChecks() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("x".utf8).write(to: folder.appendingPathComponent("plain"))
    let base = folder.path

    try OutputFiles.checkDestination(base + "/result", longestSuffix: ".summary.json")
    #expect(throws: PopMixError.ioFailure("the folder \(base)/none does not exist", file: base + "/none/result", .checkDestination, SystemError(code: ENOENT))) {
      try OutputFiles.checkDestination(base + "/none/result")
    }
    #expect(throws: PopMixError.ioFailure("\(base)/plain is not a folder", file: base + "/plain/result", .checkDestination, SystemError(code: ENOTDIR))) {
      try OutputFiles.checkDestination(base + "/plain/result")
    }
    let long = base + "/" + String(repeating: "n", count: 250)
    #expect(throws: PopMixError.ioFailure("the file name nnnnnnnnnnnnnnnnnnnn… is too long (263 bytes, at most 255)", file: long, .checkDestination, SystemError(code: ENAMETOOLONG))) {
      try OutputFiles.checkDestination(long, longestSuffix: ".summary.json")
    }
    #expect(OutputFiles.folder(of: "out/x") == "out")
    #expect(OutputFiles.folder(of: "out/") == "out")
    #expect(OutputFiles.folder(of: "x") == ".")
    #expect(OutputFiles.folder(of: "/x") == "/")
  }

  @Test("fit options refuse values beyond their bounds", arguments: [
    ("restarts", Int.max, "the number of restarts must be at most 10,000 (got 9223372036854775807)"),
    ("candidateStarts", 10_001, "the number of candidate starts must be at most 10,000 (got 10001)"),
    ("maxIterations", 10_000_001, "the iteration cap must be at most 10,000,000 (got 10000001)"),
    ("threads", 1025, "the number of threads must be at most 1,024 (got 1025)"),
  ])
  func fitOptionBounds(field: String, value: Int, message: String) throws {
    var options = FitOptions(populations: 2, restarts: 10_000, maxIterations: 10_000_000, threads: 1024,
                             candidateStarts: 10_000)
    try options.validate()
    switch field {
    case "restarts": options.restarts = value
    case "candidateStarts": options.candidateStarts = value
    case "maxIterations": options.maxIterations = value
    default: options.threads = value
    }
    let error = #expect(throws: PopMixError.self) { try options.validate() }
    #expect(error?.description == message)
  }

  @Test("scan options refuse more than 100 folds and 1,024 threads")
  func scanOptionBounds() throws {
    try ScanOptions(populations: 1...3, folds: 100, threads: 1024).validate()
    #expect(throws: PopMixError.badSetting(.folds, 101, .atMost("100"))) {
      try ScanOptions(populations: 1...3, folds: 101).validate()
    }
    #expect(throws: PopMixError.badSetting(.threads, 2000, .atMost("1,024"))) {
      try ScanOptions(populations: 1...3, threads: 2000).validate()
    }
  }

  @Test("simulation parameters refuse sizes and depths that cannot be drawn", arguments: [
    (SimulationParameters(individuals: 1 << 20, loci: 1 << 20), "1048576 individuals × 1048576 loci make more than the 268,435,456 entries a simulation may have"),
    (SimulationParameters(individuals: .max, loci: 2), "9223372036854775807 individuals × 2 loci make more than the 268,435,456 entries a simulation may have"),
    (SimulationParameters(individuals: 1 << 27, loci: 1, populations: 3, hybrids: 0), "134217728 individuals × 3 populations make more than the 268,435,456 entries a simulation may have"),
    (SimulationParameters(individuals: 2000, populations: 1001, hybrids: 0), "the number of populations must be at most 1,000 (got 1001)"),
    (SimulationParameters(depth: 3e9), "the depth must be at most 1e+06 (got 3e+09)"),
    (SimulationParameters(individuals: 1001, depth: 1e6), "1001 individuals at depth 1e+06 expect 1.001e+09 counts per locus, more than the 1e+09 a simulation allows"),
  ])
  func simulationBounds(parameters: SimulationParameters, message: String) throws {
    let error = #expect(throws: PopMixError.self) { try parameters.validate() }
    #expect(error?.description == message)
  }

  @Test("simulation parameters at their bounds are accepted")
  func simulationBoundsAccepted() throws {
    try SimulationParameters(individuals: 1 << 14, loci: 1 << 14, hybrids: 0).validate()
    try SimulationParameters(individuals: 1000, populations: 1000, hybrids: 0, depth: 1e6).validate()
  }

  @Test func groupedNumbers() {
    #expect(Format.grouped(0) == "0")
    #expect(Format.grouped(999) == "999")
    #expect(Format.grouped(1000) == "1,000")
    #expect(Format.grouped(268_435_456) == "268,435,456")
    #expect(Format.grouped(-1_024) == "-1,024")
  }
}
