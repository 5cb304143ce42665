import Foundation
import Testing
@testable import PopMix

/// How a test VCF is stored on disk.
enum VCFStorage: String, Sendable, CaseIterable, CustomTestStringConvertible {
  case plain
  /// One gzip member, as `gzip` writes.
  case gzip
  /// Several gzip members back to back, as `bgzip` writes.
  case multiMember

  var testDescription: String { rawValue }
}

/// Writing test files, plain or compressed with /usr/bin/gzip.
enum VCFFiles {
  /// Writes `text` to `name` in `folder`, stored as `storage`; returns the path.
  static func write(_ text: String, as storage: VCFStorage = .plain, named name: String = "t.vcf",
                    in folder: borrowing TemporaryDirectory) throws -> String {
    let bytes = Array(text.utf8)
    let path = folder.path(name)
    switch storage {
    case .plain:
      try Data(bytes).write(to: URL(fileURLWithPath: path))
    case .gzip:
      try Data(gzip(bytes, in: folder)).write(to: URL(fileURLWithPath: path))
    case .multiMember:
      // Cut mid-line, so that a line straddles two members.
      let cut = bytes.count / 3
      let members = try gzip(Array(bytes[..<cut]), in: folder) + gzip(Array(bytes[cut...]), in: folder)
      try Data(members).write(to: URL(fileURLWithPath: path))
    }
    return path
  }

  /// `bytes` compressed by /usr/bin/gzip.
  static func gzip(_ bytes: [UInt8], in folder: borrowing TemporaryDirectory) throws -> [UInt8] {
    let input = folder.path("gzip-input-\(UUID())")
    let output = folder.path("gzip-output-\(UUID())")
    try Data(bytes).write(to: URL(fileURLWithPath: input))
    #expect(FileManager.default.createFile(atPath: output, contents: nil))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c", input]
    process.standardOutput = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    #expect(process.terminationStatus == 0)
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
  }

  /// Each call of SNP `j` as copies of A1: `0`, `1`, `2`; `h0`, `h1` if
  /// haploid; `.` if missing.
  static func calls(_ genotypes: GenotypeMatrix, snp j: Int) -> [String] {
    (0..<genotypes.individuals).map { i in
      let call = genotypes[individual: i, snp: j]
      guard let counts = call.alleleCounts else { return "." }
      return call.isHaploid ? "h\(counts.first)" : "\(counts.first)"
    }
  }
}

@Suite struct VCFReadingTests {
  /// Five samples; every kind of call; GT first, inside and absent; a
  /// multi-allelic site; a reference-only site; `.` ids.
  static let sample = """
    ##fileformat=VCFv4.2
    ##contig=<ID=1>
    #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\ts4\ts5
    1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\t1/0\t1/1\t./.
    1\t200\t.\tC\tT\t50\tPASS\tDP=3\tGT:DP\t0|0\t0|1\t1|0\t1|1\t.|.
    X\t300\trsX\tG\tA\t.\t.\t.\tGT\t0\t1\t.\t0/1\t./1
    1\t400\trsM\tA\tC,G\t.\t.\t.\tGT\t0/1\t0/2\t1/2\t0/0\t./.
    2\t500\trs5\tT\tC\t.\t.\t.\tDP:GT:GQ\t3:1/1:20\t4:0/0:30\t5:0/1\t.\t6:1|1
    2\t600\t.\tG\t.\t.\t.\t.\tGT\t0/0\t0/0\t./.\t0\t0/0

    """

  /// The calls of ``sample``'s kept sites, as ``VCFFiles/calls(_:snp:)`` writes them.
  static let sampleCalls: [[String]] = [
    ["0", "1", "1", "2", "."],
    ["0", "1", "1", "2", "."],
    ["h0", "h1", ".", "1", "."],
    ["2", "0", "1", ".", "2"],
    // Reference only: A1 is REF, so 0/0 is two copies.
    ["2", "2", ".", "h1", "2"],
  ]

  @Test(arguments: VCFStorage.allCases, [1, 7, CompressedFileReader.defaultChunkSize])
  func decodesEveryKindOfCall(storage: VCFStorage, chunkSize: Int) throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(Self.sample, as: storage, in: folder)
    let data = try GenotypeData.readVCF(path: path, chunkSize: chunkSize)
    #expect(data.samples == ["s1", "s2", "s3", "s4", "s5"].map { GenotypeData.Sample(family: $0, id: $0) })
    #expect(data.genotypes.snps == 5)
    #expect((0..<data.genotypes.snps).map { VCFFiles.calls(data.genotypes, snp: $0) } == Self.sampleCalls)
    #expect(data.skippedMultiallelic == 1)
    #expect(data.source == path)
  }

  @Test func describesTheSitesWithALTAsA1() throws {
    let folder = try TemporaryDirectory()
    let data = try GenotypeData.readVCF(path: VCFFiles.write(Self.sample, in: folder))
    typealias Variant = GenotypeData.Variant
    #expect(data.variants == [
      Variant(chromosome: "1", id: "rs1", position: 100, firstAllele: "G", secondAllele: "A"),
      Variant(chromosome: "1", id: "1:200", position: 200, firstAllele: "T", secondAllele: "C"),
      Variant(chromosome: "X", id: "rsX", position: 300, firstAllele: "A", secondAllele: "G"),
      Variant(chromosome: "2", id: "rs5", position: 500, firstAllele: "C", secondAllele: "T"),
      Variant(chromosome: "2", id: "2:600", position: 600, firstAllele: "G", secondAllele: "."),
    ])
    #expect(data.variants.allSatisfy { $0.geneticPosition == "0" })
  }

  @Test func packsInPLINKOrderWithZeroPadding() throws {
    let folder = try TemporaryDirectory()
    let data = try GenotypeData.readVCF(path: VCFFiles.write(Self.sample, in: folder))
    // 0/0 0/1 1/0 1/1 in the first byte, low bits first; ./. then zero padding.
    #expect(Array(data.genotypes.packed[0..<2]) == [0b0010_1011, 0b0000_0001])
    #expect(data.genotypes.packed.count == 5 * 2)
  }

  @Test func marksHaploidCallsOnlyAndBackfillsTheMask() throws {
    let folder = try TemporaryDirectory()
    let data = try GenotypeData.readVCF(path: VCFFiles.write(Self.sample, in: folder))
    // The first haploid call is on the third site; the two before read as diploid.
    #expect(data.genotypes.haploid?.count == 5)
    let haploid = (0..<5).flatMap { j in (0..<5).filter { data.genotypes.isHaploid(individual: $0, snp: j) }.map { [j, $0] } }
    #expect(haploid == [[2, 0], [2, 1], [4, 3]])
  }

  @Test func hasNoHaploidMaskWithoutHaploidCalls() throws {
    let folder = try TemporaryDirectory()
    let text = Self.sample.split(separator: "\n").filter { !$0.hasPrefix("X") && !$0.hasPrefix("2\t600") }
      .joined(separator: "\n")
    let data = try GenotypeData.readVCF(path: VCFFiles.write(text, in: folder))
    #expect(data.genotypes.snps == 3)
    #expect(data.genotypes.haploid == nil)
  }

  @Test(arguments: VCFStorage.allCases)
  func readsCRLFLinesAndALastLineWithoutNewline(storage: VCFStorage) throws {
    let folder = try TemporaryDirectory()
    let text = Self.sample.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n", with: "\r\n")
    let data = try GenotypeData.readVCF(path: VCFFiles.write(text, as: storage, in: folder), chunkSize: 5)
    #expect((0..<data.genotypes.snps).map { VCFFiles.calls(data.genotypes, snp: $0) } == Self.sampleCalls)
    #expect(data.variants.last?.secondAllele == ".")
    #expect(data.samples.last?.id == "s5")
  }

  /// 1,001 samples (lines of 4 KB, far past a 256-byte chunk), calls drawn
  /// from a fixed generator, some haploid.
  @Test(arguments: [VCFStorage.plain, .multiMember])
  func readsLinesLongerThanTheChunk(storage: VCFStorage) throws {
    let n = 1_001
    let sites = 40
    let gts = ["0/0", "0/1", "1|0", "1/1", "./.", "0", "1", "."]
    let symbols = ["0", "1", "1", "2", ".", "h0", "h1", "."]
    var state: UInt64 = 12_345
    var text = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT"
    for i in 0..<n { text += "\tS\(i)" }
    text += "\n"
    var expected: [[String]] = []
    for j in 0..<sites {
      var line = "3\t\(1_000 + j)\t.\tA\tT\t.\t.\t.\tGT"
      var row: [String] = []
      for _ in 0..<n {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        // Haploid calls on every fifth site only.
        let k = Int(state >> 33) % (j % 5 == 0 ? 8 : 5)
        line += "\t" + gts[k]
        row.append(symbols[k])
      }
      text += line + "\n"
      expected.append(row)
    }
    let folder = try TemporaryDirectory()
    let data = try GenotypeData.readVCF(path: VCFFiles.write(text, as: storage, in: folder), chunkSize: 256)
    #expect(data.genotypes.individuals == n && data.genotypes.snps == sites)
    #expect((0..<sites).map { VCFFiles.calls(data.genotypes, snp: $0) } == expected)
    #expect(data.variants[7].id == "3:1007")
  }

  /// Each kind of bad line, its place (line, column) and the gist of the message.
  @Test(arguments: [
    // Header s1 s2 on line 2; the first sample starts at column 24, the second at 28.
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1", 3, 27, "expected 11 columns (9 fixed and 2 samples), found 10"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t1/1\t0/0", 3, 32, "expected 11 columns (9 fixed and 2 samples), found 12"),
    ("1\t100\trs1", 3, 10, "expected 11 columns (9 fixed and 2 samples), found 3"),
    ("1\t100\trs1\tA\tG,T\t.\t.\t.\tGT\t0/1", 3, 29, "expected 11 columns (9 fixed and 2 samples), found 10"),
    ("1\t1e5\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t1/1", 3, 3, "POS '1e5' is not a whole number"),
    ("1\t-5\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t1/1", 3, 3, "POS '-5' is not a whole number"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t0/2", 3, 28, "allele 2 in GT '0/2', but the site has only alleles 0 (REF) and 1 (ALT)"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t2", 3, 28, "allele 2 in GT '2'"),
    ("1\t100\trs1\tA\t.\t.\t.\t.\tGT\t0/0\t0/1", 3, 28, "allele 1 in GT '0/1', but the site has only allele 0 (REF; ALT is '.')"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1/1\t0/0", 3, 24, "GT '0/1/1' has 3 alleles; only haploid and diploid"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tDP:GQ\t3:4\t5:6", 3, 21, "FORMAT 'DP:GQ' has no GT"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t0/x", 3, 28, "'0/x' is not a GT value"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\t0/", 3, 28, "'0/' is not a GT value"),
    ("1\t100\trs1\tA\tG\t.\t.\t.\tGT:DP\t:5\t0/1:3", 3, 27, "the GT value is empty"),
    ("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2", 3, 1, "a second '#CHROM' header line (the first is line 2)"),
  ])
  func badDataLinesAreLocated(line: String, lineNumber: Int, column: Int, message: String) throws {
    let folder = try TemporaryDirectory()
    let text = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\n\(line)\n"
    let path = try VCFFiles.write(text, in: folder)
    let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
    #expect(error?.location == SourceLocation(path: path, line: lineNumber, column: column))
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
  }

  /// Bad headers and misplaced lines, with their place and the gist of the message.
  @Test(arguments: [
    ("##fileformat=VCFv4.2\n1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0/1\n", 2, 1, "a data line comes before the '#CHROM' header line"),
    ("##x\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n", 2, 39, "the '#CHROM' header line names no samples: it has 8 columns"),
    ("##x\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\n", 2, 46, "names no samples: it has 9 columns"),
    ("#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT s1\n", 1, 1, "separated by spaces; VCF columns are separated by tabs"),
    ("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts1\n", 1, 50, "duplicate sample name 's1'"),
    ("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFMT\ts1\n", 1, 40, "expected FORMAT as the header's column 9, found 'FMT'"),
    ("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\t\n", 1, 50, "an empty sample name"),
    ("#chrom\tPOS\n", 1, 1, "expected the '#CHROM' header line, found '#chrom'"),
  ])
  func badHeadersAreLocated(text: String, lineNumber: Int, column: Int, message: String) throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(text, in: folder)
    let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
    #expect(error?.location == SourceLocation(path: path, line: lineNumber, column: column))
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
  }

  @Test(arguments: ["", "##fileformat=VCFv4.2\n##source=test\n"])
  func aFileWithoutHeaderNamesTheFile(text: String) throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(text, in: folder)
    #expect(throws: PopMixError.badData("no '#CHROM' header line; is this a VCF file?", file: path)) {
      try GenotypeData.readVCF(path: path)
    }
  }

  @Test func aMissingFileOrAFolderNamesIt() throws {
    let folder = try TemporaryDirectory()
    let missing = folder.path("absent.vcf.gz")
    #expect(throws: PopMixError.ioFailure("cannot read the file: no such file", file: missing, .read, SystemError(code: ENOENT))) {
      try GenotypeData.readVCF(path: missing)
    }
    #expect(throws: PopMixError.ioFailure("cannot read the file: it is a folder", file: folder.url.path, .read, SystemError(code: EISDIR))) {
      try GenotypeData.readVCF(path: folder.url.path)
    }
  }

  /// A gzip file cut in its middle or just before its 8-byte trailer: the
  /// reader must not take the data it got for the whole file.
  @Test(arguments: [0.5, 0.999])
  func aTruncatedGzipStreamIsAnError(keep: Double) throws {
    let folder = try TemporaryDirectory()
    var text = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\n"
    for j in 0..<2_000 { text += "1\t\(j + 1)\t.\tA\tC\t.\t.\t.\tGT\t\(j % 3 == 0 ? "0/1" : "1/1")\t0|\(j % 2)\n" }
    let compressed = try VCFFiles.gzip(Array(text.utf8), in: folder)
    let cut = min(Int(Double(compressed.count) * keep), compressed.count - 4)
    let path = folder.path("cut.vcf.gz")
    try Data(compressed[..<cut]).write(to: URL(fileURLWithPath: path))
    #expect(throws: PopMixError.badData("the gzip stream is truncated (the file ends in the middle of compressed data)", file: path)) {
      try GenotypeData.readVCF(path: path)
    }
  }

  @Test func aCorruptGzipStreamIsAnError() throws {
    let folder = try TemporaryDirectory()
    let text = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\n1\t1\t.\tA\tC\t.\t.\t.\tGT\t0/1\n"
    var compressed = try VCFFiles.gzip(Array(text.utf8), in: folder)
    // The CRC-32 in the trailer: the data inflate, but do not check.
    compressed[compressed.count - 8] ^= 0xFF
    let path = folder.path("bad.vcf.gz")
    try Data(compressed).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
    #expect(error?.path == path && error?.location == nil)
    #expect(error?.message.hasPrefix("the gzip stream is corrupt: ") == true, "\(String(describing: error))")
  }
}

@Suite struct VCFCompressedFileReaderTests {
  /// Empty lines, CRLF, a lone carriage return kept inside a line, a line
  /// of 100 bytes and a last line without a line feed.
  static let text = "a\r\nbb\n\n" + String(repeating: "c", count: 100) + "\nd\re\r\nlast"
  static let lines = ["a", "bb", "", String(repeating: "c", count: 100), "d\re", "last"]

  static func lines(of path: String, chunkSize: Int) throws -> [String] {
    var lines: [String] = []
    try CompressedFileReader(path: path).forEachLine(chunkSize: chunkSize) { line, number in
      #expect(number == lines.count + 1)
      lines.append(String(decoding: line, as: UTF8.self))
    }
    return lines
  }

  @Test(arguments: VCFStorage.allCases, [1, 2, 3, 8, 64, 4096])
  func splitsLinesWhateverTheChunk(storage: VCFStorage, chunkSize: Int) throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(Self.text, as: storage, in: folder)
    #expect(try Self.lines(of: path, chunkSize: chunkSize) == Self.lines)
  }

  @Test(arguments: [("", [String]()), ("\n", [""]), ("x\n", ["x"]), ("x\r\n\r\n", ["x", ""]), ("\r", [""])])
  func handlesEdgesOfTheFile(text: String, expected: [String]) throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(text, in: folder)
    #expect(try Self.lines(of: path, chunkSize: 2) == expected)
  }

  @Test func readsRawChunksOfTheInflatedBytes() throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(Self.text, as: .multiMember, in: folder)
    let reader = try CompressedFileReader(path: path)
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 7)
    while true {
      let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
      if count == 0 { break }
      #expect(count <= 7)
      bytes += chunk[..<count]
    }
    #expect(bytes == Array(Self.text.utf8))
  }
}
