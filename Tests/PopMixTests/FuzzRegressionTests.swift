import Foundation
import Testing
@testable import PopMix

/// The fuzz targets' inputs kept in the repository (Fuzz/, docs/fuzzing.md),
/// fed to the loaders the commands use, the way the targets feed them: the
/// seed corpus of each reader and every crash the fuzzers found. Each must
/// load or throw a ``PopMixError`` that prints as one line; a trap fails the
/// test by crashing the test process.
@Suite struct FuzzRegressionTests {
  /// The readers, by the name of their folders under `Fuzz/Corpus` and `Fuzz/Crashes`.
  enum Reader: String, Sendable, CaseIterable {
    case countTable = "count-table"
    case plink
    case vcf
    case vcfGzip = "vcf-gzip"
    case vcfGzipped = "vcf-gzipped"
  }

  /// One saved input: its reader and file.
  struct SavedInput: Sendable, CustomTestStringConvertible {
    var reader: Reader
    /// Relative to the `Fuzz` folder.
    var path: String

    var testDescription: String { path }
  }

  /// The repository's `Fuzz` folder.
  static let fuzzFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz")

  /// Every file under `Fuzz/Corpus/READER` and `Fuzz/Crashes/READER`, sorted.
  static let savedInputs: [SavedInput] = Reader.allCases.flatMap { reader in
    ["Corpus", "Crashes"].flatMap { kind in
      let folder = "\(kind)/\(reader.rawValue)"
      let names = (try? FileManager.default.contentsOfDirectory(
        atPath: fuzzFolder.appendingPathComponent(folder).path)) ?? []
      return names.sorted().map { SavedInput(reader: reader, path: "\(folder)/\($0)") }
    }
  }

  /// The separator of a PLINK target's input: `.fam`, it, `.bim`, it, `.bed`.
  /// As the target's `TrioSplit` (Fuzz/Sources/FuzzPLINK), which this test
  /// target cannot import.
  static let trioSeparator = Array("~~~\n".utf8)

  // MARK: - Feeding an input as its target does

  /// Loads `bytes` as `reader`'s fuzz target does, in `folder`; throws what the loader throws.
  static func load(_ bytes: [UInt8], as reader: Reader, in folder: borrowing TemporaryDirectory) throws {
    switch reader {
    case .countTable:
      let path = folder.path("table.tsv")
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      for orientation in [TableOrientation.individualsAsRows, .lociAsRows] {
        _ = try TableInput(path: path, orientation: orientation).load()
      }
    case .plink:
      let prefix = folder.path("trio")
      for (part, ext) in zip(splitTrio(bytes), [".fam", ".bim", ".bed"]) {
        if let part { try Data(part).write(to: URL(fileURLWithPath: prefix + ext)) }
      }
      _ = try GenotypeInput(format: .plink, path: prefix).load()
    case .vcf, .vcfGzip:
      let path = folder.path("input.vcf")
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      _ = try GenotypeInput(format: .vcf, path: path).load()
    case .vcfGzipped:
      // The target compresses into 61-byte members; one member reaches the
      // same parser (member boundaries are zlib's concern, and a crash that
      // needs them is saved as raw gzip under vcf-gzip).
      let path = folder.path("input.vcf.gz")
      try Data(VCFFiles.gzip(bytes, in: folder)).write(to: URL(fileURLWithPath: path))
      _ = try GenotypeInput(format: .vcf, path: path).load()
    }
  }

  /// `.fam`, `.bim` and `.bed` cut at the first two separators; nil for a file the input lacks.
  static func splitTrio(_ bytes: [UInt8]) -> [[UInt8]?] {
    var parts: [[UInt8]?] = []
    var rest = bytes[...]
    while parts.count < 2, let cut = rest.firstRange(of: trioSeparator) {
      parts.append(Array(rest[..<cut.lowerBound]))
      rest = rest[cut.upperBound...]
    }
    parts.append(Array(rest))
    return parts + Array(repeating: nil, count: 3 - parts.count)
  }

  /// Fails the test unless `error` is a PopMixError that prints as one non-empty line.
  static func expectOneLinePopMixError(_ error: any Error, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let error = error as? PopMixError else {
      Issue.record("\(type(of: error)) thrown, not a PopMixError: \(error)", sourceLocation: sourceLocation)
      return
    }
    #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    #expect(!error.description.contains(where: { $0 == "\n" || $0 == "\r\n" }), "\(error.description.debugDescription)",
            sourceLocation: sourceLocation)
  }

  // MARK: - Tests

  /// Each seed and each saved crash loads or is refused with one line.
  @Test(arguments: savedInputs)
  func savedInputLoadsOrIsRefused(_ input: SavedInput) throws {
    let bytes = [UInt8](try Data(contentsOf: Self.fuzzFolder.appendingPathComponent(input.path)))
    let folder = try TemporaryDirectory()
    do {
      try Self.load(bytes, as: input.reader, in: folder)
    } catch {
      Self.expectOneLinePopMixError(error)
    }
  }

  /// Every reader has seeds, and every seed loads: a seed the reader
  /// refuses would start the fuzzer in the error paths only.
  @Test(arguments: Reader.allCases)
  func seedsLoad(_ reader: Reader) throws {
    let seeds = Self.savedInputs.filter { $0.reader == reader && $0.path.hasPrefix("Corpus/") }
    #expect(!seeds.isEmpty)
    for seed in seeds {
      let bytes = [UInt8](try Data(contentsOf: Self.fuzzFolder.appendingPathComponent(seed.path)))
      let folder = try TemporaryDirectory()
      #expect(throws: Never.self, "\(seed.path)") { try Self.load(bytes, as: reader, in: folder) }
    }
  }
}
