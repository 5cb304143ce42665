import Foundation

/// Allele frequencies from an earlier fit (its `PREFIX.K.P`) with the SNPs
/// its lines follow, as projection reads them.
public struct FrequencyPanel: Sendable, Equatable {
  /// The `.P` file's path, for messages and summaries.
  public var path: String
  /// The SNP list's path.
  public var snpsPath: String
  /// The SNPs, one per line of the `.P`; A1 is the allele whose frequency it holds.
  public var variants: [GenotypeData.Variant]
  /// SNPs × K frequencies of A1.
  public var frequencies: Matrix

  /// K, the number of populations.
  public var populations: Int { frequencies.columns }

  /// The SNP list an earlier fit wrote beside `path` (`PREFIX.K.P`):
  /// `PREFIX.K.P.snps` (VCF fits) if it exists, else `PREFIX.bim` when the
  /// path ends in `.K.P`; nil when neither exists.
  public static func defaultSNPList(for path: String) -> String? {
    var candidates = [path + ".snps"]
    if let prefix = plinkPrefix(of: path) { candidates.append(prefix + ".bim") }
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
  }

  /// The SNP lists ``defaultSNPList(for:)`` looks for, for messages.
  public static func defaultSNPListCandidates(for path: String) -> [String] {
    [path + ".snps"] + (plinkPrefix(of: path).map { [$0 + ".bim"] } ?? [])
  }

  /// `PREFIX` of `PREFIX.K.P`, K a whole number.
  private static func plinkPrefix(of path: String) -> String? {
    guard path.hasSuffix(".P") else { return nil }
    let stem = path.dropLast(2)
    guard let dot = stem.lastIndex(of: "."), dot > stem.startIndex,
          !stem[stem.index(after: dot)...].isEmpty,
          stem[stem.index(after: dot)...].allSatisfy(\.isASCII), Int(stem[stem.index(after: dot)...]) != nil
    else { return nil }
    return String(stem[..<dot])
  }

  /// Reads the frequencies at `path` and the SNP list at `snpsPath` (a
  /// `.bim`, or `.bim`-like lines `chromosome id cM position A1 A2`).
  ///
  /// - Throws: ``PopMixError`` when either file cannot be read, a `.P`
  ///   field is not a number in [0, 1] (at file:line:column), its lines
  ///   differ in their number of fields, or it has a line per SNP too few
  ///   or too many.
  /// - Complexity: O(SNPs × K).
  public static func read(path: String, snpsPath: String) throws -> FrequencyPanel {
    let variants = try GenotypeData.readBim(snpsPath)
    let text = try DelimitedText(contentsOf: path, comments: .wholeLine)
    var values: [Double] = []
    values.reserveCapacity(variants.count * 4)
    var k = 0, lines = 0
    try text.forEachRecord { record in
      if lines == 0 { k = record.fields.count }
      guard record.fields.count == k else {
        let location = record.fields.count > k ? text.location(of: record.fields[k], in: record) : text.endLocation(of: record)
        throw PopMixError.badData("expected \(k) frequencies (one per population, as on the first line), found "
                                    + "\(record.fields.count)", at: location)
      }
      for field in record.fields {
        guard case .number(let value) = text.number(field), value >= 0, value <= 1 else {
          throw PopMixError.badData("'\(text.quoted(field))' is not a frequency (a number from 0 to 1)",
                                    at: text.location(of: field, in: record))
        }
        values.append(value)
      }
      lines += 1
    }
    guard lines == variants.count else {
      throw PopMixError.badData("has \(lines) line\(lines == 1 ? "" : "s") of frequencies but its SNP list \(snpsPath) has "
                                  + "\(variants.count) SNPs; give the SNP list the fit that wrote it read", file: path)
    }
    return FrequencyPanel(path: path, snpsPath: snpsPath, variants: variants,
                          frequencies: Matrix(rows: lines, columns: k, elements: values))
  }
}

extension FrequencyPanel {
  /// The populations' names: those of the `PREFIX.K.Q.tsv` header the
  /// earlier fit wrote beside its `.P` (so that a supervised fit's names
  /// carry over), or `pop0, pop1, …` when there is no such file or its
  /// header does not have K names.
  public var populationNames: [String] {
    let fallback = TSV.populationNames(populations)
    guard path.hasSuffix(".P"),
          let text = try? DelimitedText(contentsOf: String(path.dropLast(2)) + ".Q.tsv", comments: .none, separators: .tabs)
    else { return fallback }
    var header: [String] = []
    try? text.forEachRecord { record in
      if header.isEmpty { header = record.fields.map(text.text) }
    }
    guard header.count == populations + 1, header[0] == "id" else { return fallback }
    return Array(header.dropFirst())
  }
}
