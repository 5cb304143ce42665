import Foundation
import Testing
@testable import PopMix

/// BGZF files written by hand: gzip members with the `BC` extra field and
/// stored (uncompressed) deflate blocks, and the 28-byte end-of-file block,
/// so that the tests need no bgzip.
enum BGZF {
  /// The empty block bgzip ends every file with.
  static let endOfFile: [UInt8] = [0x1F, 0x8B, 0x08, 0x04, 0, 0, 0, 0, 0, 0xFF, 0x06, 0, 0x42, 0x43, 0x02, 0,
                                   0x1B, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]

  /// One BGZF block holding `data` (at most 65,000 bytes) in a stored deflate block.
  static func block(_ data: [UInt8]) -> [UInt8] {
    precondition(data.count <= 65_000)
    let length = UInt16(data.count)
    let deflate: [UInt8] = [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)] + data
    let total = 18 + deflate.count + 8
    var block: [UInt8] = [0x1F, 0x8B, 0x08, 0x04, 0, 0, 0, 0, 0, 0xFF, 0x06, 0, 0x42, 0x43, 0x02, 0,
                          UInt8((total - 1) & 0xFF), UInt8((total - 1) >> 8)]
    block += deflate
    block += littleEndian(crc32(data)) + littleEndian(UInt32(data.count))
    return block
  }

  /// `text` cut into blocks of `blockSize` bytes, without the end-of-file block.
  static func blocks(_ text: String, blockSize: Int) -> [[UInt8]] {
    let bytes = Array(text.utf8)
    return stride(from: 0, to: bytes.count, by: blockSize).map { block(Array(bytes[$0..<min($0 + blockSize, bytes.count)])) }
  }

  static func littleEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

  /// The CRC-32 of gzip's trailer.
  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}

/// Issue 16's reader items: each test failed on the code before the fix.
@Suite struct InputHardeningTests {
  /// A VCF of 200 biallelic SNPs over three samples.
  static let vcf: String = {
    var text = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\tc\n"
    for j in 0..<200 { text += "1\t\(j + 1)\t.\tA\tC\t.\t.\t.\tGT\t0/\(j % 2)\t1/1\t0|\(j % 3 == 0 ? 1 : 0)\n" }
    return text
  }()

  static func write(_ bytes: [UInt8], _ name: String, in folder: borrowing TemporaryDirectory) throws -> String {
    let path = folder.path(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  // MARK: - 4. gzip and BGZF endings

  @Test func aWholeBGZFFileReadsLikeThePlainFile() throws {
    let folder = try TemporaryDirectory()
    let path = try Self.write(BGZF.blocks(Self.vcf, blockSize: 1000).joined() + BGZF.endOfFile, "t.vcf.gz", in: folder)
    let plain = try Self.write(Array(Self.vcf.utf8), "t.vcf", in: folder)
    for chunk in [1, 7, CompressedFileReader.defaultChunkSize] {
      #expect(try GenotypeData.readVCF(path: path, chunkSize: chunk).genotypes == GenotypeData.readVCF(path: plain).genotypes)
    }
  }

  /// Cut after any whole block, the file is still valid gzip: only the
  /// missing end-of-file block tells.
  @Test(arguments: [1, 3, 7])
  func aBGZFFileCutAtABlockBoundaryIsRefused(blocksKept: Int) throws {
    let folder = try TemporaryDirectory()
    let blocks = BGZF.blocks(Self.vcf, blockSize: 500)
    try #require(blocks.count > blocksKept)
    let path = try Self.write(blocks.prefix(blocksKept).joined().map { $0 }, "cut.vcf.gz", in: folder)
    let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
    #expect(error?.path == path && error?.location == nil)
    #expect(error?.message.hasPrefix("truncated: no BGZF end-of-file block") == true, "\(String(describing: error))")
  }

  @Test func aBGZFFileCutInsideABlockIsTruncated() throws {
    let folder = try TemporaryDirectory()
    let bytes = BGZF.blocks(Self.vcf, blockSize: 1000).joined().map { $0 }
    let path = try Self.write(Array(bytes[..<1500]), "cut.vcf.gz", in: folder)
    #expect(throws: PopMixError.badData("the gzip stream is truncated (the file ends in the middle of compressed data)", file: path)) {
      try GenotypeData.readVCF(path: path)
    }
  }

  /// Bytes after the last member, after a gzip file or a whole BGZF file.
  @Test(arguments: [[UInt8]("garbage\n".utf8), [0], [0x1F]])
  func bytesAfterTheLastMemberAreRefused(trailing: [UInt8]) throws {
    let folder = try TemporaryDirectory()
    let gzip = try VCFFiles.gzip(Array(Self.vcf.utf8), in: folder)
    let bgzf = BGZF.blocks(Self.vcf, blockSize: 4000).joined() + BGZF.endOfFile
    for (name, bytes) in [("gz.vcf.gz", gzip), ("bgzf.vcf.gz", bgzf)] {
      let path = try Self.write(bytes + trailing, name, in: folder)
      let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
      #expect(error?.path == path)
      #expect(error?.message.hasPrefix("the file goes on after the end of its gzip stream") == true, "\(String(describing: error))")
    }
  }

  /// Plain gzip has no end-of-file block, and a file of whole members is whole.
  @Test func gzipMembersWithoutTheBGZFFieldNeedNoEndOfFileBlock() throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write(Self.vcf, as: .multiMember, in: folder)
    #expect(try GenotypeData.readVCF(path: path).genotypes.snps == 200)
  }

  // MARK: - 5. which first line is a header

  @Test(arguments: ["1 2 3 4\n5 0 2 1\n0 0 1 3\n", "0 1 2\n5 0 2\n", "0\t1\n2\t3\n"])
  func aNumberedFirstLineAsWideAsTheRowsIsRefused(text: String) throws {
    let error = #expect(throws: PopMixError.self) { try CountTable.parse(text: text, path: "t.tsv") }
    #expect(error?.location == SourceLocation(path: "t.tsv", line: 1, column: 1))
    #expect(error?.message.contains("could be a header of numbered columns or a row of values") == true,
            "\(String(describing: error))")
  }

  @Test func theIssuesThirtyNumberedColumnsAreRefusedNotReadAsAnIndividual() throws {
    var text = (1...30).map(String.init).joined(separator: " ") + "\n"
    for i in 0..<20 { text += (0..<30).map { String(($0 * 7 + i) % 10) }.joined(separator: " ") + "\n" }
    let error = #expect(throws: PopMixError.self) { try CountTable.parse(text: text, path: "t.tsv") }
    #expect(error?.message.hasPrefix("the first line ('1 2 3 … 30') could be") == true, "\(String(describing: error))")
  }

  /// A header of numbers with no name over the id column cannot be told
  /// from a row missing a value: refused, saying how to mark the header.
  @Test func aNumericLineOneFieldShortIsRefusedWithTheWayOut() throws {
    let error = #expect(throws: PopMixError.self) { try CountTable.parse(text: "1 2 3\n101 1 0 4\n102 2 7 0\n", path: "t.tsv") }
    #expect(error?.location == SourceLocation(path: "t.tsv", line: 2, column: 9))
    #expect(error?.message == "ragged row: 4 values where line 1 has 3 "
              + "(if line 1 is a header with no name over the id column, start it with 'id')", "\(String(describing: error))")
    let table = try CountTable.parse(text: "id 1 2 3\n101 1 0 4\n102 2 7 0\n")
    #expect(table.loci == ["1", "2", "3"] && table.individuals == ["101", "102"])
  }

  /// `id` before numbered names marks the header, with or without an id column.
  @Test func idMarksANumericHeaderOverRowsWithoutIDs() throws {
    let table = try CountTable.parse(text: "id 1 2 3\n1 0 4\n2 7 0\n")
    #expect(table.loci == ["1", "2", "3"] && table.individuals == ["ind1", "ind2"])
    #expect(table.counts == Matrix(rows: 2, columns: 3, elements: [1, 0, 4, 2, 7, 0]))
  }

  @Test func aSingleNameOverIDsIsAHeader() throws {
    let table = try CountTable.parse(text: "L1\nA 1\nB 2\n")
    #expect(table.loci == ["L1"] && table.individuals == ["A", "B"])
  }

  /// Numbers that do not count up from 0 or 1 are a row, as before.
  @Test(arguments: ["3 0 5\n1 2 2\n", "2 3 4\n1 2 2\n", "1 2 4\n1 2 2\n", "1 2 3\n"])
  func otherNumericFirstLinesAreRows(text: String) throws {
    let rows = text.split(separator: "\n").count
    #expect(try CountTable.parse(text: text).individualCount == rows)
  }

  // MARK: - 6. extreme counts

  @Test func theLimitIsOneBillion() throws {
    #expect(CountTable.maximumCount == 1_000_000_000)
    #expect(try CountTable.parse(text: "id L1\nA 1000000000\nB 0\n").counts[0, 0] == 1e9)
  }

  @Test(arguments: ["1000000001", "9007199254740993", "9223372036854775808", "1e20", "1.7e308", "1e400", "2e9"])
  func countsAboveTheLimitAreRefusedAtTheirPlace(count: String) throws {
    let error = #expect(throws: PopMixError.self) {
      try CountTable.parse(text: "id L1 L2\nA 1 2\nB 3 \(count)\n", path: "t.tsv")
    }
    #expect(error?.location == SourceLocation(path: "t.tsv", line: 3, column: 5))
    #expect(error?.message.hasPrefix("'\(count)' is above the largest count popmix accepts, 1000000000") == true,
            "\(String(describing: error))")
  }

  @Test(arguments: [("inf", "is not a number"), ("nan", "is not a number"), ("NaN", "is not a number"),
                    ("Infinity", "is not a number"), ("-1", "is negative"), ("-1e400", "is negative"),
                    ("2.5", "is fractional")])
  func otherBadCountsAreStillRefused(count: String, complaint: String) throws {
    let error = #expect(throws: PopMixError.self) {
      try CountTable.parse(text: "id L1 L2\nA 1 2\nB 3 \(count)\n", path: "t.tsv")
    }
    #expect(error?.location == SourceLocation(path: "t.tsv", line: 3, column: 5))
    #expect(error?.message.hasPrefix("'\(count)' \(complaint)") == true, "\(String(describing: error))")
  }

  // MARK: - 9. ids that round-trip, duplicates on the individuals' axis

  @Test func duplicateIndividualsAreCaughtWithLociAsRows() throws {
    let error = #expect(throws: PopMixError.self) {
      try CountTable.parse(text: "id A B A\nL1 1 2 3\nL2 2 3 4\n", path: "t.tsv", orientation: .lociAsRows)
    }
    #expect(error == PopMixError.badData("duplicate id 'A' (first at column 4 of this line)",
                                at: SourceLocation(path: "t.tsv", line: 1, column: 8)))
  }

  @Test func repeatedLocusNamesAreNotIDs() throws {
    let table = try CountTable.parse(text: "id A B\nL1 1 2\nL1 2 3\n", orientation: .lociAsRows)
    #expect(table.individuals == ["A", "B"] && table.loci == ["L1", "L1"])
  }

  /// Every id a VCF or PLINK set can give reads back from popmix's `.Q.tsv`.
  @Test func qFilesReadBackIDsWithSpacesAndHashes() throws {
    let folder = try TemporaryDirectory()
    let ids = ["a b", "c#d", "#e", "\\g", "NA", "1", " f "]
    let q = Matrix(rows: ids.count, columns: 2, elements: ids.indices.flatMap { [Double($0) / 10, 1 - Double($0) / 10] })
    let path = folder.path("q.Q.tsv")
    try TSV.proportions(q, individuals: ids).write(toFile: path, atomically: true, encoding: .utf8)
    let table = try ProportionTable.read(path: path)
    #expect(table.individuals == ids)
    #expect(table.proportions == q)
  }

  @Test func hybridsReadsAHandEditedQFileWithCommentsAndSpaces() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("q.tsv")
    try "id\tpop0\tpop1\n# a comment\na b\t 0.25\t0.75 \n".write(toFile: path, atomically: true, encoding: .utf8)
    let table = try ProportionTable.read(path: path)
    #expect(table.individuals == ["a b"] && table.proportions.elements == [0.25, 0.75])
  }

  @Test func labelsReadBackIDsWithSpaces() throws {
    let folder = try TemporaryDirectory()
    let labels = [IndividualLabel(id: "a b", status: .pure, populations: [0]),
                  IndividualLabel(id: "c#d", status: .hybrid, populations: [0, 1])]
    let path = folder.path("labels.tsv")
    try IndividualLabel.tsv(labels).write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try IndividualLabel.read(path: path) == labels)
  }

  @Test func aDuplicateIDInAQFileIsRefused() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("q.tsv")
    try "id\tpop0\na b\t1.000000\na b\t1.000000\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: PopMixError.badData("duplicate id 'a b' (first on line 2)", at: SourceLocation(path: path, line: 3, column: 1))) {
      try ProportionTable.read(path: path)
    }
  }

  @Test func sampleIDsAreUniqueWhateverTheFamilies() {
    func ids(_ pairs: [(String, String)]) -> [String] {
      let samples = pairs.map { GenotypeData.Sample(family: $0.0, id: $0.1) }
      return GenotypeData(genotypes: GenotypeMatrix(individuals: samples.count, snps: 0), samples: samples,
                          variants: [], source: "x").sampleIDs
    }
    #expect(ids([("f1", "a"), ("f2", "b")]) == ["a", "b"])
    #expect(ids([("f1", "a"), ("f2", "a"), ("f2", "b")]) == ["f1_a", "f2_a", "f2_b"])
    #expect(ids([("x_y", "z"), ("x", "y_z"), ("x", "z")]) == ["x_y z", "x y_z", "x z"])
  }

  @Test func plinkIDsMayHoldAHash() throws {
    let folder = try TemporaryDirectory()
    let prefix = folder.path("g")
    try "# FID IID father mother sex phenotype\nf1 a#1 0 0 0 -9\nf#2 a#1 0 0 0 -9\n"
      .write(toFile: prefix + ".fam", atomically: true, encoding: .utf8)
    try "1 rs#1 0 100 A G\n".write(toFile: prefix + ".bim", atomically: true, encoding: .utf8)
    try Data([0x6C, 0x1B, 0x01, 0b0000_1011]).write(to: URL(fileURLWithPath: prefix + ".bed"))
    let data = try GenotypeData.readPLINK(prefix: prefix)
    #expect(data.samples == [.init(family: "f1", id: "a#1"), .init(family: "f#2", id: "a#1")])
    #expect(data.variants.map(\.id) == ["rs#1"])
    #expect(data.sampleIDs == ["f1_a#1", "f#2_a#1"])
  }

  @Test func aRepeatedFamilyAndIDPairIsRefused() throws {
    let folder = try TemporaryDirectory()
    let prefix = folder.path("g")
    try "f1 a 0 0 0 -9\nf1 b 0 0 0 -9\nf1 a 0 0 0 -9\n".write(toFile: prefix + ".fam", atomically: true, encoding: .utf8)
    try "1 rs1 0 100 A G\n".write(toFile: prefix + ".bim", atomically: true, encoding: .utf8)
    try Data([0x6C, 0x1B, 0x01, 0b0000_1011]).write(to: URL(fileURLWithPath: prefix + ".bed"))
    #expect(throws: PopMixError.badData("individual 'a' of family 'f1' is listed twice (first on line 1)",
                               at: SourceLocation(path: prefix + ".fam", line: 3, column: 1))) {
      try GenotypeData.readPLINK(prefix: prefix)
    }
  }

  // MARK: - ADMIXTURE's habits, VCFs with nothing to fit

  @Test(arguments: [("g.bed", "this is a PLINK .bed file, not a count table"),
                    ("g.fam", "this is a PLINK .fam file, not a count table"),
                    ("g.vcf", "this is a VCF file, not a count table")])
  func genotypeFilesGivenAsATableSayWhatToRead(name: String, message: String) throws {
    let folder = try TemporaryDirectory()
    let path = try Self.write([0x6C, 0x1B, 0x01, 0xFF], name, in: folder)
    let error = #expect(throws: PopMixError.self) { try CountTable.read(path: path) }
    guard case .data(let problem)? = error else {
      Issue.record("not a data error: \(String(describing: error))")
      return
    }
    #expect(problem.path == path)
    #expect(problem.message == message)
    let hint: PopMixError.GenotypeHint = name.hasSuffix(".vcf") ? .vcf(path: path) : .plink(prefix: folder.path("g"))
    #expect(problem.hint == hint)
  }

  @Test(arguments: [([UInt8]([0x6C, 0x1B, 0x01, 0xFF]), "this is a PLINK .bed file"),
                    ([UInt8]("##fileformat=VCFv4.2\n".utf8), "this is a VCF file"),
                    ([UInt8]([0x1F, 0x8B, 0x08, 0x00]), "the file is gzip-compressed"),
                    ([UInt8]([0x41, 0x20, 0x31, 0x00, 0x32, 0x0A]), "this is a binary file, not a text table (byte 4 is 0x00)")])
  func otherFormatsAreRecognisedByTheirBytes(bytes: [UInt8], start: String) throws {
    let folder = try TemporaryDirectory()
    let path = try Self.write(bytes, "table.txt", in: folder)
    let error = #expect(throws: PopMixError.self) { try CountTable.read(path: path) }
    #expect(error?.path == path && error?.location == nil)
    #expect(error?.message.hasPrefix(start) == true, "\(String(describing: error))")
  }

  @Test(arguments: [".bed", ".bim", ".fam"])
  func bfileWithAnExtensionReadsThePrefix(suffix: String) throws {
    let folder = try TemporaryDirectory()
    let prefix = folder.path("g")
    try "f1 a 0 0 0 -9\nf1 b 0 0 0 -9\n".write(toFile: prefix + ".fam", atomically: true, encoding: .utf8)
    try "1 rs1 0 100 A G\n".write(toFile: prefix + ".bim", atomically: true, encoding: .utf8)
    try Data([0x6C, 0x1B, 0x01, 0b0000_1011]).write(to: URL(fileURLWithPath: prefix + ".bed"))
    let loaded = try GenotypeInput(format: .plink, path: prefix + suffix).load()
    #expect(loaded.data.source == prefix)
    #expect(loaded.warnings.first == "--bfile takes the prefix of the three files: reading \(prefix).bed, \(prefix).bim and \(prefix).fam")
  }

  @Test func aVCFOfMultiallelicSitesOnlySaysSo() throws {
    let folder = try TemporaryDirectory()
    var text = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\n"
    for j in 0..<12 { text += "1\t\(j + 1)\t.\tA\tC,G\t.\t.\t.\tGT\t0/1\t1/2\n" }
    let path = try VCFFiles.write(text, in: folder)
    let error = #expect(throws: PopMixError.self) { try GenotypeInput(format: .vcf, path: path).load() }
    #expect(error?.path == path)
    #expect(error?.message.hasPrefix("no biallelic SNP record: all 12 records have more than two alleles") == true,
            "\(String(describing: error))")
  }

  @Test func aVCFWithoutRecordsSaysSo() throws {
    let folder = try TemporaryDirectory()
    let path = try VCFFiles.write("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\n", in: folder)
    #expect(throws: PopMixError.badData("the VCF has no SNP records (no data line after its '#CHROM' header); there is nothing to fit",
                               file: path)) {
      try GenotypeInput(format: .vcf, path: path).load()
    }
  }

  // MARK: - binary bytes in messages

  @Test func messagesEscapeBytesThatAreNotPrintable() throws {
    #expect(QuotedText.excerpt([0x61, 0x00, 0x1B, 0x5B, 0xFF, 0xC3, 0xA9]) == "a\\x00\\x1B[\\xFFé")
    #expect(QuotedText.excerpt(String(repeating: "x", count: 40)) == String(repeating: "x", count: 40))
    #expect(QuotedText.excerpt(String(repeating: "x", count: 41)) == String(repeating: "x", count: 37) + "...")
    let error = #expect(throws: PopMixError.self) {
      try CountTable.parse(text: "id L1\nA 1\nB 2\u{1B}[31m\n", path: "t.tsv")
    }
    #expect(error?.message == "'2\\x1B[31m' is not a number; expected a value or NA", "\(String(describing: error))")
  }

  @Test func aBinaryVCFLineIsQuotedEscaped() throws {
    let folder = try TemporaryDirectory()
    let path = try Self.write(Array("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\n1\t1\t.\tA\tC\t.\t.\t.\tGT\t".utf8)
                                + [0x01, 0x80, 0x0A], "t.vcf", in: folder)
    let error = #expect(throws: PopMixError.self) { try GenotypeData.readVCF(path: path) }
    #expect(error?.message.hasPrefix("'\\x01") == true, "\(String(describing: error))")
    #expect(error.map { String(describing: $0) }?.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F } == true)
  }
}
