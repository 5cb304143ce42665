import Foundation

/// PLINK 1 binary sets: a `.bed` of packed genotypes, a `.bim` of SNPs and a
/// `.fam` of individuals sharing one prefix.
///
/// See https://www.cog-genomics.org/plink/1.9/formats#bed. Only the
/// SNP-major `.bed` (mode byte `0x01`, what PLINK 1.9 and 2 write) is read.
extension GenotypeData {
  /// The three bytes that open a SNP-major PLINK 1 `.bed` file.
  static let plinkMagic: [UInt8] = [0x6C, 0x1B]
  static let plinkSNPMajor: UInt8 = 0x01

  /// Reads the PLINK 1 binary set `prefix.bed`, `prefix.bim`, `prefix.fam`.
  ///
  /// The `.bed` payload is read straight into the matrix's packed bytes
  /// (its layout is the matrix's), so reading needs the file's size in
  /// memory and no more; padding bits are kept as found. Every call is
  /// diploid. In the `.bim` and `.fam`, a line starting with `#` is a
  /// comment, but a `#` inside a line is text: an id may hold one.
  ///
  /// - Parameter prefix: the path without the extension, as PLINK's `--bfile`.
  /// - Returns: the data, with ``source`` set to `prefix`.
  /// - Throws: ``PopMixError`` when a file is missing or unreadable, a `.fam`
  ///   or `.bim` line does not have 6 fields, a `.bim` position is not an
  ///   integer or a `.fam` line repeats an earlier one's family and
  ///   individual ids (at the field), either lists nothing, or the `.bed` is not a
  ///   SNP-major PLINK 1 file of 3 + m × ⌈n / 4⌉ bytes.
  /// - Complexity: O(size of the three files); one pass over each.
  public static func readPLINK(prefix: String) throws -> GenotypeData {
    let bedPath = prefix + ".bed"
    let bimPath = prefix + ".bim"
    let famPath = prefix + ".fam"
    // Open the .bed and check its header first, so that a wrong file is
    // reported as such rather than through its neighbours.
    let bed = try PLINKBedFile(path: bedPath)
    defer { bed.closeFile() }
    let samples = try readFam(famPath)
    let variants = try readBim(bimPath)
    let n = samples.count
    let m = variants.count
    let bytesPerSNP = (n + 3) / 4
    let expected = 3 + m * bytesPerSNP
    guard bed.size == expected else {
      var message = "expected 3 + m × ⌈n/4⌉ = 3 + \(m) × \(bytesPerSNP) = \(expected) bytes for the \(m) SNPs "
        + "in \(bimPath) and the \(n) individuals in \(famPath), but the file has \(bed.size) bytes"
      message += bed.size < expected
        ? ": it looks truncated"
        : ": do the .bim and .fam belong to this .bed?"
      throw PopMixError.badData(message, file: bedPath)
    }
    let packed = try bed.readPayload(count: m * bytesPerSNP)
    let genotypes = GenotypeMatrix(individuals: n, snps: m, packed: packed)
    return GenotypeData(genotypes: genotypes, samples: samples, variants: variants, source: prefix)
  }

  /// Stages `prefix.bed`, `prefix.bim` and `prefix.fam` so that
  /// ``readPLINK(prefix:)`` gives back this data.
  ///
  /// PLINK 1 has no haploid flag: a haploid call is written as the
  /// homozygous code it is stored as (one copy of A1 becomes two) and reads
  /// back as a diploid call. The `.fam` has no parents, sex or phenotype to
  /// give: they are written as unknown (`0 0 0 -9`). PLINK splits lines on
  /// whitespace, so whitespace inside a name is written as `_` and an empty
  /// name as `0`. Padding bits are written as the matrix holds them
  /// (PLINK ignores them).
  ///
  /// - Parameters:
  ///   - prefix: the path without the extension.
  ///   - files: where the three files are staged; nothing is written until
  ///     its `commit()`.
  /// - Complexity: O(m n) bytes copied; the `.bed` is staged as one array
  ///   the size of the matrix.
  public func plinkFiles(prefix: String, into files: inout OutputFiles) {
    let packed = genotypes.packed
    let header = Self.plinkMagic + [Self.plinkSNPMajor]
    let bed = [UInt8](unsafeUninitializedCapacity: header.count + packed.count) { buffer, initialized in
      for (offset, byte) in header.enumerated() { buffer[offset] = byte }
      packed.withUnsafeBytes { source in
        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[header.count...]))
          .copyMemory(from: source)
      }
      initialized = header.count + packed.count
    }
    files.add(prefix + ".bed", bytes: bed)

    files.add(prefix + ".bim", Self.bimText(variants))

    var fam = ""
    fam.reserveCapacity(samples.count * 24)
    for sample in samples {
      fam += "\(Self.plinkToken(sample.family)) \(Self.plinkToken(sample.id)) 0 0 0 -9\n"
    }
    files.add(prefix + ".fam", fam)
  }

  /// `variants` as `.bim` lines: chromosome, id, cM, position, A1, A2,
  /// tab-separated, each field a PLINK token (``plinkToken(_:)``).
  ///
  /// - Complexity: O(total length of the fields).
  public static func bimText(_ variants: [Variant]) -> String {
    var bim = ""
    bim.reserveCapacity(variants.count * 32)
    for variant in variants {
      let fields = [variant.chromosome, variant.id, variant.geneticPosition, String(variant.position),
                    variant.firstAllele, variant.secondAllele]
      bim += fields.map(Self.plinkToken).joined(separator: "\t")
      bim += "\n"
    }
    return bim
  }

  /// `text` as one whitespace-free, non-empty PLINK field.
  static func plinkToken(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
    if text.isEmpty { return "0" }
    guard text.contains(where: isSpace) else { return text }
    return String(text.map { isSpace($0) ? "_" : $0 })
  }

  /// The individuals of a `.fam` file: FID IID father mother sex phenotype.
  ///
  /// One IID may appear in several families, as PLINK allows, but a
  /// family and IID pair must not repeat (PLINK refuses that too).
  static func readFam(_ path: String) throws -> [Sample] {
    let text = try DelimitedText(contentsOf: path, comments: .wholeLine)
    var samples: [Sample] = []
    var seen: [Sample: Int] = [:]
    try text.forEachRecord { record in
      try checkFieldCount(record, in: text,
                          names: "family id, individual id, father, mother, sex, phenotype")
      let sample = Sample(family: text.text(record.fields[0]), id: text.text(record.fields[1]))
      if let first = seen[sample] {
        throw PopMixError.badData("individual '\(text.quoted(record.fields[1]))' of family '\(text.quoted(record.fields[0]))' "
                           + "is listed twice (first on line \(first))", at: text.location(of: record.fields[0], in: record))
      }
      seen[sample] = record.line
      samples.append(sample)
    }
    guard !samples.isEmpty else {
      throw PopMixError.badData("the .fam file lists no individuals", file: path)
    }
    return samples
  }

  /// The SNPs of a `.bim` file: chromosome id cM position A1 A2.
  static func readBim(_ path: String) throws -> [Variant] {
    let text = try DelimitedText(contentsOf: path, comments: .wholeLine)
    var variants: [Variant] = []
    try text.forEachRecord { record in
      try checkFieldCount(record, in: text,
                          names: "chromosome, SNP id, centimorgans, base-pair position, allele 1, allele 2")
      let fields = record.fields
      guard let position = Int(text.text(fields[3])) else {
        throw PopMixError.badData("the base-pair position '\(text.quoted(fields[3]))' is not an integer",
                         at: text.location(of: fields[3], in: record))
      }
      variants.append(Variant(chromosome: text.text(fields[0]), id: text.text(fields[1]),
                              geneticPosition: text.text(fields[2]), position: position,
                              firstAllele: text.text(fields[4]), secondAllele: text.text(fields[5])))
    }
    guard !variants.isEmpty else {
      throw PopMixError.badData("the .bim file lists no SNPs", file: path)
    }
    return variants
  }

  /// Throws unless `record` has PLINK's 6 fields, at the first extra field
  /// or just past the last one.
  private static func checkFieldCount(_ record: DelimitedText.Record, in text: DelimitedText,
                                      names: String) throws {
    let count = record.fields.count
    guard count != 6 else { return }
    let location = count > 6 ? text.location(of: record.fields[6], in: record) : text.endLocation(of: record)
    throw PopMixError.badData("expected 6 fields (\(names)), found \(count)", at: location)
  }
}

/// An open `.bed` file whose header has been checked.
///
/// POSIX calls rather than `FileHandle` so that the payload goes straight
/// from the kernel into the matrix's array, with no `Data` in between.
struct PLINKBedFile {
  let path: String
  let descriptor: Int32
  /// The file's size in bytes, header included.
  let size: Int

  /// Opens `path` and checks the magic bytes and the mode byte.
  ///
  /// - Throws: ``PopMixError`` naming the file when it is missing,
  ///   unreadable, not a PLINK 1 `.bed`, or individual-major.
  init(path: String) throws {
    self.path = path
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      let error = SystemError.current
      let reason = error.code == ENOENT ? "no such file" : error.description
      throw PopMixError.ioFailure("cannot read the file: \(reason)", file: path, .read, error)
    }
    self.descriptor = descriptor
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let error = SystemError.current
      close(descriptor)
      throw PopMixError.ioFailure("cannot read the file: \(error)", file: path, .read, error)
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      close(descriptor)
      let what = info.st_mode & S_IFMT == S_IFDIR ? "it is a folder" : "it is not a regular file"
      let code = info.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL
      throw PopMixError.ioFailure("cannot read the file: \(what)", file: path, .read, SystemError(code: code))
    }
    size = Int(info.st_size)

    var header = [UInt8](repeating: 0, count: 3)
    let headerCount: Int
    do {
      headerCount = try header.withUnsafeMutableBytes { try Self.readFully(descriptor, into: $0, path: path) }
    } catch {
      close(descriptor)
      throw error
    }
    header.removeLast(3 - headerCount)
    guard header.count >= 2, Array(header[0..<2]) == GenotypeData.plinkMagic else {
      close(descriptor)
      let found = header.isEmpty
        ? "the file is empty"
        : "it starts with " + header.prefix(2).map(Self.hex).joined(separator: " ")
      throw PopMixError.badData("this is not a PLINK 1 .bed file: \(found), where a .bed starts with 0x6C 0x1B", file: path)
    }
    // A 2-byte file has no mode byte: the size check calls it truncated.
    if header.count == 3, header[2] != GenotypeData.plinkSNPMajor {
      close(descriptor)
      if header[2] == 0x00 {
        throw PopMixError.badData("the .bed is individual-major (mode byte 0x00), which popmix does not read; "
                         + "convert it to SNP-major with `plink --bfile PREFIX --make-bed --out NEWPREFIX`", file: path)
      }
      throw PopMixError.badData("unknown .bed mode byte \(Self.hex(header[2])) (a SNP-major PLINK 1 .bed has 0x01)", file: path)
    }
  }

  /// Reads the `count` bytes after the header into a new array.
  ///
  /// - Precondition: the header has been read and `count` is not negative.
  /// - Throws: ``PopMixError`` when reading fails or the file ends early
  ///   (it shrank after its size was checked).
  func readPayload(count: Int) throws -> [UInt8] {
    precondition(count >= 0, "A .bed payload cannot have a negative size")
    return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      let got = try Self.readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), path: path)
      initialized = got
      guard got == count else {
        throw PopMixError.badData("the file ended after \(3 + got) bytes, before the \(3 + count) expected "
                         + "(was it changed while being read?)", file: path)
      }
    }
  }

  func closeFile() { close(descriptor) }

  /// Fills `buffer` from `descriptor`, retrying short reads, and returns
  /// the bytes read: fewer than asked only at the end of the file.
  private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer,
                                path: String) throws -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
      // Linux reads at most about 2 GiB per call.
      let chunk = min(buffer.count - done, 1 << 30)
      let got = read(descriptor, base + done, chunk)
      if got < 0 {
        if errno == EINTR { continue }
        throw PopMixError.ioFailure("cannot read the file: \(SystemError.current)", file: path, .read, .current)
      }
      if got == 0 { break }
      done += got
    }
    return done
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
  }
}
