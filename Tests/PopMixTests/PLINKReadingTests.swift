import Foundation
import Testing
@testable import PopMix

/// Reading and writing PLINK 1 binary sets, and the checks run on genotypes
/// before a fit (monomorphic SNPs, individuals with nothing observed).
@Suite struct PLINKReadingTests {
  // MARK: - Helpers

  /// SplitMix64: a few lines, and the same genotypes on every platform.
  struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  }

  static func samples(_ n: Int) -> [GenotypeData.Sample] {
    (0..<n).map { GenotypeData.Sample(family: "F\($0)", id: "I\($0)") }
  }

  static func variants(_ m: Int) -> [GenotypeData.Variant] {
    (0..<m).map {
      GenotypeData.Variant(chromosome: "\($0 % 3 + 1)", id: "rs\($0)", geneticPosition: $0 % 2 == 0 ? "0" : "0.25",
                           position: 1000 * $0 + 7, firstAllele: "A", secondAllele: $0 % 2 == 0 ? "G" : "TT")
    }
  }

  /// Random codes, missing ones included, with `haploidShare` of the
  /// calls haploid.
  static func randomMatrix(individuals n: Int, snps m: Int, seed: UInt64, haploidShare: Int = 0) -> GenotypeMatrix {
    var random = SplitMix(state: seed)
    var matrix = GenotypeMatrix(individuals: n, snps: m)
    for j in 0..<m {
      for i in 0..<n {
        if random.below(100) < haploidShare {
          matrix[individual: i, snp: j] = .haploid(copiesOfFirst: random.below(2))
        } else {
          matrix[individual: i, snp: j] = [.homozygousFirst, .missing, .heterozygous, .homozygousSecond][random.below(4)]
        }
      }
    }
    return matrix
  }

  /// Sets the padding slots of every SNP's last byte to `code` (PLINK writes 0b00).
  static func setPadding(of matrix: inout GenotypeMatrix, to code: UInt8) {
    let used = matrix.individuals % 4
    guard used != 0 else { return }
    for j in 0..<matrix.snps {
      let index = j * matrix.bytesPerSNP + matrix.bytesPerSNP - 1
      for slot in used..<4 {
        let shift = UInt8(2 * slot)
        matrix.packed[index] = matrix.packed[index] & ~(3 << shift) | code << shift
      }
    }
  }

  /// A data set whose SNPs are built column by column from `calls(snp, individual)`.
  static func data(individuals n: Int, snps m: Int, source: String = "test",
                   _ calls: (Int, Int) -> Genotype) -> GenotypeData {
    var matrix = GenotypeMatrix(individuals: n, snps: m)
    for j in 0..<m { for i in 0..<n { matrix[individual: i, snp: j] = calls(j, i) } }
    return GenotypeData(genotypes: matrix, samples: samples(n), variants: variants(m), source: source)
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  static func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  // MARK: - Round trips

  @Test(arguments: [1, 4, 5, 6, 7, 13])
  func writtenSetsReadBackEqual(individuals n: Int) throws {
    let directory = try TemporaryDirectory()
    let prefix = directory.path("set")
    var matrix = Self.randomMatrix(individuals: n, snps: 9, seed: UInt64(n))
    matrix[individual: n - 1, snp: 0] = .missing
    let data = GenotypeData(genotypes: matrix, samples: Self.samples(n), variants: Self.variants(9), source: prefix)
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    try files.commit()

    let bed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: prefix + ".bed")))
    #expect(bed.count == 3 + 9 * ((n + 3) / 4))
    #expect(Array(bed.prefix(3)) == [0x6C, 0x1B, 0x01])
    let read = try GenotypeData.readPLINK(prefix: prefix)
    #expect(read == data)
    #expect(read.genotypes[individual: n - 1, snp: 0] == .missing)
  }

  @Test func plinkStylePaddingRoundTrips() throws {
    let directory = try TemporaryDirectory()
    let prefix = directory.path("padded")
    var matrix = Self.randomMatrix(individuals: 6, snps: 4, seed: 3)
    Self.setPadding(of: &matrix, to: 0b00)
    let data = GenotypeData(genotypes: matrix, samples: Self.samples(6), variants: Self.variants(4), source: prefix)
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    try files.commit()
    #expect(try GenotypeData.readPLINK(prefix: prefix) == data)
  }

  @Test func haploidCallsReadBackAsHomozygous() throws {
    let directory = try TemporaryDirectory()
    let prefix = directory.path("haploid")
    let data = Self.data(individuals: 3, snps: 2, source: prefix) { j, i in
      i == 0 ? .haploid(copiesOfFirst: j) : .heterozygous
    }
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    try files.commit()
    let read = try GenotypeData.readPLINK(prefix: prefix)
    #expect(read.genotypes.haploid == nil)
    #expect(read.genotypes[individual: 0, snp: 0] == .homozygousSecond)
    #expect(read.genotypes[individual: 0, snp: 1] == .homozygousFirst)
    #expect(read.genotypes[individual: 1, snp: 1] == .heterozygous)
  }

  @Test func namesWithWhitespaceStayOneField() throws {
    let directory = try TemporaryDirectory()
    let prefix = directory.path("names")
    var data = Self.data(individuals: 2, snps: 1, source: prefix) { _, _ in .heterozygous }
    data.samples[0] = GenotypeData.Sample(family: "my family", id: "")
    data.variants[0].id = "rs\t1"
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    try files.commit()
    let read = try GenotypeData.readPLINK(prefix: prefix)
    #expect(read.samples[0] == GenotypeData.Sample(family: "my_family", id: "0"))
    #expect(read.variants[0].id == "rs_1")
    #expect(read.genotypes == data.genotypes)
  }

  // MARK: - Decoding a hand-written set

  @Test func decodesAHandWrittenBed() throws {
    let directory = try TemporaryDirectory()
    let prefix = directory.path("hand")
    try Self.write("# family individual father mother sex phenotype\n"
                     + "fam1\tind1\t0\t0\t1\t-9\nfam1 ind2 0 0 2 -9\r\nfam2  ind3 ind1 ind2 0 1\n"
                     + "\nfam2 ind4 0 0 0 -9\nfam3 ind5 0 0 1 2\n", to: prefix + ".fam")
    try Self.write("1\trs10\t0\t1234\tA\tG\nX rs20 0.75 -5 CT C\n", to: prefix + ".bim")
    // Individuals 1-4 in the first byte of a SNP from the low bits up, the
    // 5th alone in the second byte, padded with zeros as PLINK does.
    // SNP rs10: 0xE4 = 11 10 01 00, 0x00 = .. .. .. 00
    // SNP rs20: 0x6F = 01 10 11 11, 0x02 = .. .. .. 10
    try Self.write([0x6C, 0x1B, 0x01, 0xE4, 0x00, 0x6F, 0x02], to: prefix + ".bed")

    let data = try GenotypeData.readPLINK(prefix: prefix)
    #expect(data.source == prefix)
    #expect(data.samples.map(\.id) == ["ind1", "ind2", "ind3", "ind4", "ind5"])
    #expect(data.samples.map(\.family) == ["fam1", "fam1", "fam2", "fam2", "fam3"])
    #expect(data.variants == [
      GenotypeData.Variant(chromosome: "1", id: "rs10", geneticPosition: "0", position: 1234,
                           firstAllele: "A", secondAllele: "G"),
      GenotypeData.Variant(chromosome: "X", id: "rs20", geneticPosition: "0.75", position: -5,
                           firstAllele: "CT", secondAllele: "C"),
    ])
    let expected: [[Genotype]] = [
      [.homozygousFirst, .missing, .heterozygous, .homozygousSecond, .homozygousFirst],
      [.homozygousSecond, .homozygousSecond, .heterozygous, .missing, .heterozygous],
    ]
    for j in 0..<2 {
      for i in 0..<5 {
        #expect(data.genotypes[individual: i, snp: j] == expected[j][i], "individual \(i), SNP \(j)")
      }
    }
    #expect(data.genotypes[individual: 0, snp: 0].alleleCounts?.first == 2)
    #expect(data.genotypes[individual: 3, snp: 0].alleleCounts?.first == 0)
  }

  // MARK: - Errors

  static let validFam = "F1 I1 0 0 1 -9\nF2 I2 0 0 2 -9\n"
  static let validBim = "1 rs1 0 100 A G\n1 rs2 0.5 200 C T\n"
  static let validBed: [UInt8] = [0x6C, 0x1B, 0x01, 0xE4, 0x1B]

  /// Writes a set into `directory` and returns its prefix.
  static func writeSet(in directory: borrowing TemporaryDirectory, fam: String = validFam, bim: String = validBim,
                       bed: [UInt8] = validBed) throws -> String {
    let prefix = directory.path("bad")
    try write(fam, to: prefix + ".fam")
    try write(bim, to: prefix + ".bim")
    try write(bed, to: prefix + ".bed")
    return prefix
  }

  static func description<Result>(of body: () throws -> Result) -> String? {
    do {
      _ = try body()
      return nil
    } catch let error as PopMixError {
      return error.description
    } catch {
      return "not a PopMixError: \(error)"
    }
  }

  @Test(arguments: [
    // (.fam, .bim, .bed, where after the prefix, words of the message)
    (validFam, validBim, validBed, "", [String]()),
    ("F1 I1 0 0 1 -9\nF2 I2 0 0 2\n", validBim, validBed, ".fam:2:12", ["expected 6 fields", "found 5"]),
    ("F1 I1 0 0 1 -9 x\nF2 I2 0 0 2 -9\n", validBim, validBed, ".fam:1:16", ["expected 6 fields", "found 7"]),
    (validFam, "1 rs1 0 100 A G\n1 rs2 200 C T\n", validBed, ".bim:2:14", ["expected 6 fields", "found 5"]),
    (validFam, "1 rs1 0 100 A G\n1 rs2 0.5 2e5 C T\n", validBed, ".bim:2:11", ["position '2e5' is not an integer"]),
    (validFam, "1 rs1 0 1.5 A G\n1 rs2 0.5 200 C T\n", validBed, ".bim:1:9", ["position '1.5' is not an integer"]),
    ("# nobody\n\n", validBim, validBed, ".fam", ["the .fam file lists no individuals"]),
    (validFam, "", validBed, ".bim", ["the .bim file lists no SNPs"]),
    (validFam, validBim, [], ".bed", ["not a PLINK 1 .bed", "empty", "0x6C 0x1B"]),
    (validFam, validBim, [0x00, 0x01, 0x02, 0x03, 0x04], ".bed",
     ["not a PLINK 1 .bed", "starts with 0x00 0x01", "0x6C 0x1B"]),
    (validFam, validBim, [0x6C, 0x1B, 0x00, 0xE4, 0x1B], ".bed",
     ["individual-major", "mode byte 0x00", "plink --bfile PREFIX --make-bed"]),
    (validFam, validBim, [0x6C, 0x1B, 0x02, 0xE4, 0x1B], ".bed", ["unknown .bed mode byte 0x02"]),
    (validFam, validBim, [0x6C, 0x1B, 0x01, 0xE4], ".bed",
     ["3 + m × ⌈n/4⌉ = 3 + 2 × 1 = 5 bytes", "2 SNPs", "2 individuals", "the file has 4 bytes", "truncated"]),
    (validFam, validBim, [0x6C, 0x1B], ".bed", ["= 5 bytes", "the file has 2 bytes", "truncated"]),
    (validFam, validBim, [0x6C, 0x1B, 0x01, 0xE4, 0x1B, 0x00], ".bed",
     ["= 5 bytes", "the file has 6 bytes", "belong to this .bed"]),
  ])
  func badSetsAreReportedAtTheirPlace(fam: String, bim: String, bed: [UInt8], place: String, words: [String]) throws {
    let directory = try TemporaryDirectory()
    let prefix = try Self.writeSet(in: directory, fam: fam, bim: bim, bed: bed)
    let description = Self.description { try GenotypeData.readPLINK(prefix: prefix) }
    guard !words.isEmpty else {
      // The unchanged set reads: the failures above come from the change.
      #expect(description == nil)
      return
    }
    let found = try #require(description)
    #expect(found.hasPrefix(prefix + place + ": "), "\(found)")
    for word in words { #expect(found.contains(word), "\(found)") }
    #expect(!found.hasSuffix("."))
    if !words.contains("truncated") { #expect(!found.contains("truncated")) }
  }

  @Test(arguments: [".bed", ".bim", ".fam"])
  func aMissingFileIsNamed(missing: String) throws {
    let directory = try TemporaryDirectory()
    let prefix = try Self.writeSet(in: directory)
    try FileManager.default.removeItem(atPath: prefix + missing)
    #expect(throws: PopMixError.ioFailure("cannot read the file: no such file", file: prefix + missing, .read, SystemError(code: ENOENT))) {
      try GenotypeData.readPLINK(prefix: prefix)
    }
  }

  @Test func aFolderIsNotABed() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(atPath: directory.path("dir.bed"), withIntermediateDirectories: false)
    #expect(throws: PopMixError.ioFailure("cannot read the file: it is a folder", file: directory.path("dir.bed"), .read, SystemError(code: EISDIR))) {
      try GenotypeData.readPLINK(prefix: directory.path("dir"))
    }
  }

  // MARK: - Monomorphic SNPs

  /// SNP patterns over n individuals, whether each should be kept, and a name.
  static func monomorphicCases(_ n: Int) -> [(name: String, kept: Bool, call: (Int) -> Genotype)] {
    [
      ("all hom A1", false, { _ in .homozygousFirst }),
      ("all hom A2", false, { _ in .homozygousSecond }),
      ("all missing", false, { _ in .missing }),
      ("all het", true, { _ in .heterozygous }),
      ("one het among missing", true, { i in i == n - 1 ? .heterozygous : .missing }),
      ("hom A2 but the last hom A1", true, { i in i == n - 1 ? .homozygousFirst : .homozygousSecond }),
      ("hom A1 but the first hom A2", true, { i in i == 0 ? .homozygousSecond : .homozygousFirst }),
      ("hom A2 and missing", false, { i in i % 2 == 0 ? .missing : .homozygousSecond }),
      ("hom A1 and missing", false, { i in i % 3 == 1 ? .missing : .homozygousFirst }),
    ]
  }

  @Test(arguments: [5, 6, 7, 8], [UInt8(0b00), 0b01, 0b10, 0b11])
  func dropsMonomorphicSNPsWhateverThePadding(individuals n: Int, padding: UInt8) {
    let cases = Self.monomorphicCases(n)
    var data = Self.data(individuals: n, snps: cases.count) { j, i in cases[j].call(i) }
    Self.setPadding(of: &data.genotypes, to: padding)
    let original = data
    let kept = data.droppingMonomorphic()

    let expected = cases.indices.filter { cases[$0].kept }
    #expect(kept.variants.map(\.id) == expected.map { "rs\($0)" },
            "kept \(kept.variants.map(\.id)); cases \(cases.map(\.name))")
    #expect(kept.droppedMonomorphic == cases.count - expected.count)
    #expect(kept.genotypes.snps == expected.count)
    for (column, j) in expected.enumerated() {
      for i in 0..<n { #expect(kept.genotypes[individual: i, snp: column] == original.genotypes[individual: i, snp: j]) }
    }
  }

  @Test func nothingDroppedLeavesTheDataAsItWas() {
    let data = Self.data(individuals: 3, snps: 2) { _, i in i == 0 ? .homozygousFirst : .heterozygous }
    let kept = data.droppingMonomorphic()
    #expect(kept == data)
    #expect(kept.droppedMonomorphic == 0)
  }

  @Test func haploidCallsCountOneCopy() {
    let halfHet = Genotype(code: 0b10, isHaploid: true)
    let patterns: [(kept: Bool, call: (Int) -> Genotype)] = [
      // One copy of A1 in every call is still only A1.
      (false, { _ in .haploid(copiesOfFirst: 1) }),
      (false, { _ in .haploid(copiesOfFirst: 0) }),
      (true, { i in i == 2 ? .homozygousSecond : .haploid(copiesOfFirst: 1) }),
      (true, { i in i == 4 ? .haploid(copiesOfFirst: 0) : .homozygousFirst }),
      // A haploid call cannot be heterozygous: that code counts as missing.
      (false, { i in i == 1 ? halfHet : .homozygousFirst }),
      (true, { i in i == 1 ? halfHet : .heterozygous }),
    ]
    var data = Self.data(individuals: 5, snps: patterns.count) { j, i in patterns[j].call(i) }
    Self.setPadding(of: &data.genotypes, to: 0b00)
    let kept = data.droppingMonomorphic()
    #expect(kept.variants.map(\.id) == patterns.indices.filter { patterns[$0].kept }.map { "rs\($0)" })
    #expect(kept.genotypes.haploid?.count == kept.genotypes.snps * 1)
    #expect(kept.genotypes.isHaploid(individual: 0, snp: 0))
    #expect(!kept.genotypes.isHaploid(individual: 2, snp: 0))
  }

  /// The byte tables against a call-by-call count through the subscript,
  /// on random matrices with missing and haploid calls and random padding.
  @Test(arguments: [1, 2, 3, 4, 5, 9, 14])
  func tablesAgreeWithCallByCallCounts(individuals n: Int) {
    var random = SplitMix(state: UInt64(100 + n))
    var matrix = Self.randomMatrix(individuals: n, snps: 40, seed: UInt64(n), haploidShare: 30)
    // Few calls per SNP make monomorphic ones common: thin some SNPs out.
    for j in 0..<40 where j % 3 == 0 {
      for i in 0..<n where random.below(4) != 0 { matrix[individual: i, snp: j] = .missing }
    }
    for j in 0..<40 where j % 5 == 0 {
      for i in 0..<n where matrix[individual: i, snp: j] != .missing {
        matrix[individual: i, snp: j] = matrix.isHaploid(individual: i, snp: j)
          ? .haploid(copiesOfFirst: 1) : .homozygousFirst
      }
    }
    for index in stride(from: matrix.bytesPerSNP - 1, to: matrix.packed.count, by: matrix.bytesPerSNP) {
      let used = n % 4 == 0 ? 0xFF : (1 << (2 * (n % 4))) - 1
      matrix.packed[index] = matrix.packed[index] & UInt8(used) | UInt8(random.below(256)) & ~UInt8(used)
    }

    var perSNP: [(first: Int, total: Int)] = []
    var perIndividual = [(first: Int, total: Int)](repeating: (0, 0), count: n)
    for j in 0..<40 {
      var sum = (first: 0, total: 0)
      for i in 0..<n {
        guard let counts = matrix[individual: i, snp: j].alleleCounts else { continue }
        sum.first += counts.first
        sum.total += counts.total
        perIndividual[i].first += counts.first
        perIndividual[i].total += counts.total
      }
      perSNP.append(sum)
    }
    let polymorphic = perSNP.map { $0.first > 0 && $0.first < $0.total }
    #expect(polymorphic.contains(true) && polymorphic.contains(false))
    #expect(matrix.polymorphicSNPs() == polymorphic)
    let totals = matrix.alleleCountTotals()
    #expect(totals.perSNP.map(\.first) == perSNP.map(\.first))
    #expect(totals.perSNP.map(\.total) == perSNP.map(\.total))
    #expect(totals.perIndividual.map(\.first) == perIndividual.map(\.first))
    #expect(totals.perIndividual.map(\.total) == perIndividual.map(\.total))
    #expect(matrix.observedIndividuals() == perIndividual.map { $0.total > 0 })
  }

  // MARK: - Individuals with nothing observed

  @Test(arguments: [0, 2, 4])
  func anIndividualWithNothingObservedIsNamed(unobserved: Int) {
    var data = Self.data(individuals: 5, snps: 70, source: "cohort") { j, i in
      i == unobserved ? .missing : [.homozygousFirst, .heterozygous, .homozygousSecond][(i + j) % 3]
    }
    Self.setPadding(of: &data.genotypes, to: 0b00)
    let description = Self.description { try data.checkEveryIndividualObserved() }
    #expect(description == "cohort: individual 'I\(unobserved)' (family 'F\(unobserved)') has no observed genotype "
              + "at any of the 70 SNPs; remove it from the input (with PLINK's --remove, for example)")
  }

  @Test func countsTheOtherUnobservedIndividuals() {
    let data = Self.data(individuals: 6, snps: 3) { _, i in i == 1 || i == 3 || i == 5 ? .missing : .heterozygous }
    let description = Self.description { try data.checkEveryIndividualObserved() } ?? ""
    #expect(description.contains("individual 'I1' (family 'F1')"))
    #expect(description.contains("(nor have 2 other individuals)"))
  }

  @Test func individualsObservedOnceEachPass() throws {
    // Each individual is seen at one SNP only. The first six are seen early,
    // filling the first byte before the scan first checks whether it may
    // stop; the last, alone in the padded last byte, only near the end.
    let seenAt = [3, 10, 20, 30, 40, 50, 190]
    let data = Self.data(individuals: 7, snps: 200) { j, i in j == seenAt[i] ? .homozygousSecond : .missing }
    try data.checkEveryIndividualObserved()
    var missingLast = data
    missingLast.genotypes[individual: 6, snp: 190] = .missing
    Self.setPadding(of: &missingLast.genotypes, to: 0b00)
    #expect(Self.description { try missingLast.checkEveryIndividualObserved() }?.contains("'I6'") == true)
  }
}
