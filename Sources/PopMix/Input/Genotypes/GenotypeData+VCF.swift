extension GenotypeData {
  /// Reads biallelic genotypes from a VCF file, plain or gzip/bgzip-compressed.
  ///
  /// The file is streamed line by line and parsed as bytes, so a file of
  /// gigabytes costs little more memory than its packed genotypes.
  ///
  /// The rules:
  /// - `##` meta lines are skipped; the `#CHROM` header line names the
  ///   samples (columns 10 on), each read as family and id both.
  /// - A data line has the 9 fixed columns and one per sample, tab-separated.
  ///   Its genotype is the `GT` subfield, wherever it is in FORMAT.
  /// - Sites whose ALT has a comma (more than two alleles) are skipped and
  ///   counted in ``skippedMultiallelic``.
  /// - A1 (``Variant/firstAllele``, the allele counted) is ALT and A2 is REF,
  ///   as PLINK's `--vcf` conversion has it: `0/0` counts no copy of A1,
  ///   `0/1`, `1/0` and `0|1` one, `1/1` two; a haploid `0` or `1` counts 0
  ///   or 1. A site with ALT `.` (reference only) is kept with A1 = REF and
  ///   A2 = `.`, so that its code counts an allele that exists.
  /// - `.`, `./.`, `.|.` and half-missing calls such as `./1` are missing.
  ///   A sample column with fewer subfields than GT's position has no call
  ///   (VCF lets trailing subfields be dropped).
  /// - ID `.` becomes `CHROM:POS`; the genetic position is `0`.
  ///
  /// Padding bits in each SNP's last byte are 0, as in a PLINK `.bed` file.
  ///
  /// - Parameter path: the VCF file.
  /// - Returns: the sites kept, in file order, with ``source`` set to `path`.
  /// - Throws: ``PopMixError`` naming the file when it is missing, unreadable,
  ///   a truncated or corrupt gzip stream, gzip followed by other bytes, BGZF
  ///   without its end-of-file block, or has no `#CHROM` line; and
  ///   `file:line:column` for a data line before the header, a header without
  ///   samples, a wrong number of columns, a non-integer POS, a FORMAT
  ///   without GT, a malformed GT, an allele index the site does not have,
  ///   or a ploidy above 2.
  /// - Complexity: O(file size) time; memory O(m n / 4) bytes for the
  ///   genotypes, O(m) for the sites, plus one line and a read chunk.
  public static func readVCF(path: String) throws -> GenotypeData {
    try readVCF(path: path, chunkSize: CompressedFileReader.defaultChunkSize)
  }

  /// ``readVCF(path:)`` reading `chunkSize` bytes at a time (tests use tiny
  /// chunks to split lines and fields across reads).
  static func readVCF(path: String, chunkSize: Int) throws -> GenotypeData {
    let reader = try CompressedFileReader(path: path)
    var parser = VCFParser(path: path)
    try reader.forEachLine(chunkSize: chunkSize) { line, number in
      try parser.consume(line, number: number)
    }
    return try parser.finish()
  }
}

/// Bytes the VCF parser looks for.
private enum ASCII {
  static let tab = UInt8(ascii: "\t")
  static let space = UInt8(ascii: " ")
  static let hash = UInt8(ascii: "#")
  static let colon = UInt8(ascii: ":")
  static let comma = UInt8(ascii: ",")
  static let dot = UInt8(ascii: ".")
  static let slash = UInt8(ascii: "/")
  static let pipe = UInt8(ascii: "|")
  static let zero = UInt8(ascii: "0")
}

/// One line of the file, for error locations.
private struct LinePlace {
  let path: String
  let line: Int

  /// The location of the byte at `offset` in the line (columns count from 1).
  func at(_ offset: Int) -> SourceLocation {
    SourceLocation(path: path, line: line, column: offset + 1)
  }
}

/// The alleles of a kept site, as GT indexes.
private struct SiteAlleles {
  /// How many alleles the site has: 2, or 1 when ALT is `.`.
  let count: Int
  /// The GT index of A1, whose copies a code counts.
  let counted: Int
}

/// The state of one VCF read: the samples once the header is seen, and the
/// sites kept so far, their genotypes already packed.
private struct VCFParser {
  let path: String
  /// The `#CHROM` line's number, once seen.
  private var headerLine: Int?
  private var samples: [GenotypeData.Sample] = []
  private var variants: [GenotypeData.Variant] = []
  /// ⌈n / 4⌉ bytes per kept site, appended site by site.
  private var packed: [UInt8] = []
  /// ⌈n / 8⌉ bytes per kept site, from the first haploid call on (earlier sites backfilled).
  private var haploid: [UInt8]?
  /// The current site's haploid bits; all zero between sites.
  private var siteMask: [UInt8] = []
  private var skippedMultiallelic = 0
  /// The last CHROM, so that a chromosome's sites share one string.
  private var chromosomeBytes: [UInt8] = []
  private var chromosome = ""

  init(path: String) {
    self.path = path
  }

  /// Reads one line of the file.
  mutating func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
    guard let first = line.first else { return }  // A blank line, such as a trailing one.
    if first == ASCII.hash {
      if line.count > 1 && line[1] == ASCII.hash { return }
      try readHeader(line, place: LinePlace(path: path, line: number))
    } else {
      guard headerLine != nil else {
        throw PopMixError.badData("a data line comes before the '#CHROM' header line", at: LinePlace(path: path, line: number).at(0))
      }
      try readSite(line, place: LinePlace(path: path, line: number))
    }
  }

  /// The genotypes and sites read.
  ///
  /// - Throws: ``PopMixError`` naming the file when it had no `#CHROM` line.
  func finish() throws -> GenotypeData {
    guard headerLine != nil else {
      throw PopMixError.badData("no '#CHROM' header line; is this a VCF file?", file: path)
    }
    let genotypes = GenotypeMatrix(individuals: samples.count, snps: variants.count, packed: packed, haploid: haploid)
    var data = GenotypeData(genotypes: genotypes, samples: samples, variants: variants, source: path)
    data.skippedMultiallelic = skippedMultiallelic
    return data
  }

  /// Reads the `#CHROM` line's sample names.
  private mutating func readHeader(_ line: UnsafeBufferPointer<UInt8>, place: LinePlace) throws {
    if let headerLine {
      throw PopMixError.badData("a second '#CHROM' header line (the first is line \(headerLine))", at: place.at(0))
    }
    var fields: [(name: String, offset: Int)] = []
    var start = 0
    while start <= line.count {
      let end = Self.fieldEnd(line, from: start)
      fields.append((Self.text(line, start..<end), start))
      start = end + 1
    }
    let separatedBySpaces = line.contains(ASCII.space)
    guard fields[0].name == "#CHROM" else {
      if fields[0].name.hasPrefix("#CHROM ") {
        throw PopMixError.badData("the '#CHROM' header line is separated by spaces; VCF columns are separated by tabs", at: place.at(0))
      }
      throw PopMixError.badData("expected the '#CHROM' header line, found '\(Self.excerpt(fields[0].name))'", at: place.at(0))
    }
    guard fields.count >= 10 else {
      let hint = separatedBySpaces ? " (VCF columns are separated by tabs)" : ""
      throw PopMixError.badData("the '#CHROM' header line names no samples: it has \(fields.count) columns, "
                         + "and samples start at column 10\(hint)", at: place.at(line.count))
    }
    guard fields[8].name == "FORMAT" else {
      throw PopMixError.badData("expected FORMAT as the header's column 9, found '\(Self.excerpt(fields[8].name))'",
                       at: place.at(fields[8].offset))
    }
    var seen = Set<String>()
    for (name, offset) in fields[9...] {
      guard !name.isEmpty else { throw PopMixError.badData("an empty sample name", at: place.at(offset)) }
      guard seen.insert(name).inserted else {
        throw PopMixError.badData("duplicate sample name '\(Self.excerpt(name))'", at: place.at(offset))
      }
      samples.append(GenotypeData.Sample(family: name, id: name))
    }
    headerLine = place.line
    siteMask = [UInt8](repeating: 0, count: (samples.count + 7) / 8)
  }

  /// Reads one data line: keeps a biallelic site, counts a multi-allelic one.
  private mutating func readSite(_ line: UnsafeBufferPointer<UInt8>, place: LinePlace) throws {
    let n = samples.count
    let expectedColumns = 9 + n
    // The fixed columns CHROM POS ID REF ALT QUAL FILTER INFO FORMAT.
    var fixed: [Range<Int>] = []
    fixed.reserveCapacity(9)
    var start = 0
    for _ in 0..<9 {
      guard start <= line.count else { throw Self.columnCountError(line, expected: expectedColumns, place: place) }
      let end = Self.fieldEnd(line, from: start)
      fixed.append(start..<end)
      start = end + 1
    }
    let (chromosomeField, positionField, idField, refField, altField, formatField) =
      (fixed[0], fixed[1], fixed[2], fixed[3], fixed[4], fixed[8])

    guard let position = Self.wholeNumber(line, positionField) else {
      throw PopMixError.badData("POS '\(Self.excerpt(Self.text(line, positionField)))' is not a whole number",
                       at: place.at(positionField.lowerBound))
    }
    if line[altField].contains(ASCII.comma) {
      // Not parsed further, but still checked, so a broken line is not skipped silently.
      guard Self.columnCount(line) == expectedColumns else {
        throw Self.columnCountError(line, expected: expectedColumns, place: place)
      }
      skippedMultiallelic += 1
      return
    }
    let gtIndex = try Self.gtIndex(line, formatField, place: place)

    let reference = Self.text(line, refField)
    let alternate = Self.text(line, altField)
    let referenceOnly = alternate == "."
    let alleles = referenceOnly ? SiteAlleles(count: 1, counted: 0) : SiteAlleles(count: 2, counted: 1)

    let siteStart = packed.count
    packed.append(contentsOf: repeatElement(0, count: (n + 3) / 4))
    // Locals, so that the closures below do not reach into self while it is being mutated.
    var codes = packed
    packed = []
    var mask = siteMask
    siteMask = []
    let sawHaploid = try codes.withUnsafeMutableBufferPointer { codes in
      try mask.withUnsafeMutableBufferPointer { mask in
        try Self.decodeGenotypes(line, from: start, samples: n, gtIndex: gtIndex, alleles: alleles,
                                 codes: UnsafeMutableBufferPointer(rebasing: codes[siteStart...]), mask: mask,
                                 place: place)
      }
    }
    packed = codes
    if sawHaploid && haploid == nil {
      haploid = [UInt8](repeating: 0, count: variants.count * mask.count)
    }
    haploid?.append(contentsOf: mask)
    if sawHaploid {
      for b in mask.indices { mask[b] = 0 }
    }
    siteMask = mask

    if !chromosomeBytes.elementsEqual(line[chromosomeField]) {
      chromosomeBytes = Array(line[chromosomeField])
      chromosome = Self.text(line, chromosomeField)
    }
    let idText = Self.text(line, idField)
    variants.append(GenotypeData.Variant(
      chromosome: chromosome, id: idText == "." ? "\(chromosome):\(position)" : idText,
      geneticPosition: "0", position: position,
      firstAllele: referenceOnly ? reference : alternate,
      secondAllele: referenceOnly ? "." : reference))
  }

  /// Packs each sample's GT into `codes` (two bits per sample, PLINK's
  /// order) and marks haploid calls in `mask`.
  ///
  /// - Parameters:
  ///   - start: the offset of the first sample column.
  ///   - codes: the site's ⌈n / 4⌉ bytes, all zero.
  ///   - mask: the site's ⌈n / 8⌉ haploid bits, all zero.
  /// - Returns: whether a call was haploid.
  /// - Throws: ``PopMixError`` at the GT for a malformed call, an allele
  ///   index the site does not have, or more than two alleles; at the line's
  ///   end or first extra column for a wrong number of columns.
  /// - Complexity: O(line length), without allocating.
  private static func decodeGenotypes(
    _ line: UnsafeBufferPointer<UInt8>, from start: Int, samples n: Int, gtIndex: Int, alleles: SiteAlleles,
    codes: UnsafeMutableBufferPointer<UInt8>, mask: UnsafeMutableBufferPointer<UInt8>, place: LinePlace
  ) throws -> Bool {
    // Codes by copies of A1 in a diploid call: none, one, two.
    let diploidCodes: (UInt8, UInt8, UInt8) = (0b11, 0b10, 0b00)
    let count = line.count
    var p = start
    var byte: UInt8 = 0
    var sawHaploid = false
    for i in 0..<n {
      guard p <= count else { throw columnCountError(line, expected: 9 + n, place: place) }
      // Skip to the GT subfield; without it, the call is missing.
      var q = p
      var present = true
      for _ in 0..<gtIndex {
        while q < count && line[q] != ASCII.colon && line[q] != ASCII.tab { q += 1 }
        guard q < count && line[q] == ASCII.colon else { present = false; break }
        q += 1
      }
      var code: UInt8 = 0b01
      if present {
        let gtStart = q
        var ploidy = 0
        var copies = 0
        var missing = false
        var wellFormed = true
        while true {
          guard q < count else { wellFormed = false; break }
          let c = line[q]
          if c == ASCII.dot {
            missing = true
            q += 1
          } else if c &- ASCII.zero < 10 {
            var index = 0
            while q < count && line[q] &- ASCII.zero < 10 {
              // Capped, since any index past 1 is an error anyway.
              if index < 1_000 { index = index * 10 + Int(line[q] &- ASCII.zero) }
              q += 1
            }
            guard index < alleles.count else {
              throw alleleError(index: index, line, gtStart, alleles: alleles, place: place)
            }
            if index == alleles.counted { copies += 1 }
          } else {
            wellFormed = false
            break
          }
          ploidy += 1
          guard q < count && (line[q] == ASCII.slash || line[q] == ASCII.pipe) else { break }
          q += 1
        }
        if wellFormed && q < count && line[q] != ASCII.colon && line[q] != ASCII.tab { wellFormed = false }
        guard wellFormed else {
          let gt = text(line, gtStart..<subfieldEnd(line, from: gtStart))
          let message = gt.isEmpty
            ? "the GT value is empty (a missing call is '.')"
            : "'\(excerpt(gt))' is not a GT value (allele numbers or '.', separated by '/' or '|')"
          throw PopMixError.badData(message, at: place.at(gtStart))
        }
        guard ploidy <= 2 else {
          let gt = text(line, gtStart..<subfieldEnd(line, from: gtStart))
          throw PopMixError.badData("GT '\(excerpt(gt))' has \(ploidy) alleles; only haploid and diploid calls are supported",
                           at: place.at(gtStart))
        }
        if !missing {
          if ploidy == 2 {
            code = copies == 0 ? diploidCodes.0 : copies == 1 ? diploidCodes.1 : diploidCodes.2
          } else {
            code = copies == 1 ? 0b00 : 0b11
            mask[i >> 3] |= 1 << UInt8(i & 7)
            sawHaploid = true
          }
        }
      }
      byte |= code << UInt8(2 * (i & 3))
      if i & 3 == 3 || i == n - 1 {
        codes[i >> 2] = byte
        byte = 0
      }
      p = fieldEnd(line, from: q) + 1
    }
    guard p > count else { throw columnCountError(line, expected: 9 + n, place: place) }
    return sawHaploid
  }

  /// Where GT is among FORMAT's keys.
  private static func gtIndex(_ line: UnsafeBufferPointer<UInt8>, _ format: Range<Int>, place: LinePlace) throws -> Int {
    var index = 0
    var start = format.lowerBound
    while start <= format.upperBound {
      var end = start
      while end < format.upperBound && line[end] != ASCII.colon { end += 1 }
      if end - start == 2 && line[start] == UInt8(ascii: "G") && line[start + 1] == UInt8(ascii: "T") { return index }
      index += 1
      start = end + 1
    }
    throw PopMixError.badData("FORMAT '\(excerpt(text(line, format)))' has no GT; genotype calls are needed",
                     at: place.at(format.lowerBound))
  }

  /// The error for an allele index the site does not have.
  private static func alleleError(index: Int, _ line: UnsafeBufferPointer<UInt8>, _ gtStart: Int,
                                  alleles: SiteAlleles, place: LinePlace) -> PopMixError {
    let gt = excerpt(text(line, gtStart..<subfieldEnd(line, from: gtStart)))
    let has = alleles.count == 1
      ? "only allele 0 (REF; ALT is '.')"
      : "only alleles 0 (REF) and 1 (ALT)"
    return PopMixError.badData("allele \(index) in GT '\(gt)', but the site has \(has)", at: place.at(gtStart))
  }

  /// The error for a line whose number of tab-separated columns is not
  /// `expected`, placed just past the line's end when columns are missing
  /// and at the first extra column otherwise.
  private static func columnCountError(_ line: UnsafeBufferPointer<UInt8>, expected: Int,
                                       place: LinePlace) -> PopMixError {
    var found = 1
    var firstExtra = line.count
    for offset in line.indices where line[offset] == ASCII.tab {
      found += 1
      if found == expected + 1 { firstExtra = offset + 1 }
    }
    let offset = found < expected ? line.count : firstExtra
    return PopMixError.badData("expected \(expected) columns (9 fixed and \(expected - 9) samples), found \(found)",
                      at: place.at(offset))
  }

  /// The number of tab-separated columns.
  private static func columnCount(_ line: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 1
    for byte in line where byte == ASCII.tab { count += 1 }
    return count
  }

  /// The offset of the tab ending the column that contains `start`, or the line's length.
  private static func fieldEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var end = start
    while end < line.count && line[end] != ASCII.tab { end += 1 }
    return end
  }

  /// The offset of the colon or tab ending the subfield at `start`, or the line's length.
  private static func subfieldEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var end = start
    while end < line.count && line[end] != ASCII.tab && line[end] != ASCII.colon { end += 1 }
    return end
  }

  /// A field of only digits as a number, or nil.
  private static func wholeNumber(_ line: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Int? {
    // 18 digits cannot overflow an Int.
    guard !field.isEmpty && field.count <= 18 else { return nil }
    var value = 0
    for offset in field {
      let digit = line[offset] &- ASCII.zero
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return value
  }

  /// The text of some bytes of the line.
  private static func text(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
  }

  /// At most 40 characters of `text`, non-printable bytes escaped, for messages.
  private static func excerpt(_ text: String) -> String {
    QuotedText.excerpt(text)
  }
}
