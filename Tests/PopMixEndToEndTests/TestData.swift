import Foundation
import Testing

/// A whitespace-delimited table as popmix writes it (`.Q.tsv`, `.W.tsv`,
/// `.H.tsv`, `.counts.tsv`): a header line, then rows whose first field is
/// a name and whose other fields are numbers.
struct NamedTable: Equatable {
  /// The header's fields, the corner name included.
  var header: [String]
  /// The first field of each row.
  var names: [String]
  /// The other fields of each row, as numbers.
  var values: [[Double]]

  /// Parses `text`; fails the test (by throwing) on a field that is not a
  /// number or on a ragged row.
  init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
    let first = try #require(lines.first, "table is empty", sourceLocation: sourceLocation)
    header = first
    names = []
    values = []
    for fields in lines.dropFirst() where !fields.isEmpty {
      try #require(fields.count == header.count, "ragged row \(fields) under header \(header)",
                   sourceLocation: sourceLocation)
      names.append(fields[0])
      values.append(try fields.dropFirst().map { field in
        try #require(Double(field), "'\(field)' is not a number", sourceLocation: sourceLocation)
      })
    }
  }
}

/// A count matrix with its individual ids and locus names, for writing the
/// same counts out in the different layouts popmix accepts.
struct CountMatrix {
  /// One id per individual (row).
  var individuals: [String]
  /// One name per locus (column).
  var loci: [String]
  /// The counts, individuals by loci; nil marks a missing (NA) entry.
  var counts: [[Int?]]

  /// Reads simulate's `.counts.tsv`.
  init(countsTSV text: String) throws {
    let table = try NamedTable(text)
    individuals = table.names
    loci = Array(table.header.dropFirst())
    counts = table.values.map { $0.map { Int($0) } }
  }

  /// Renders a count or NA.
  private static func field(_ value: Int?) -> String { value.map(String.init) ?? "NA" }

  /// Header `id` + loci and one row per individual, tab-separated (what
  /// `popmix simulate` writes).
  var withNames: String {
    (["id"] + loci).joined(separator: "\t") + "\n"
      + zip(individuals, counts).map { ([$0] + $1.map(Self.field)).joined(separator: "\t") + "\n" }.joined()
  }

  /// The numbers only: no header, no ids, single spaces.
  var plain: String {
    counts.map { $0.map(Self.field).joined(separator: " ") + "\n" }.joined()
  }

  /// The same table as ``withNames`` dressed up with everything the reader
  /// must skip or tolerate: `#` comment lines and trailing comments, blank
  /// lines (some holding only spaces), a mix of tabs and runs of spaces as
  /// separators, leading whitespace, and CRLF line ends.
  var decorated: String {
    let separators = ["\t", "   ", " \t ", "  ", "\t\t"]
    func join(_ fields: [String], _ row: Int) -> String {
      var line = row % 3 == 0 ? "  " : ""
      for (k, field) in fields.enumerated() {
        if k > 0 { line += separators[(row + k) % separators.count] }
        line += field
      }
      return line
    }
    var lines = ["# counts for the popmix end-to-end tests", "#   written with mixed separators", ""]
    lines.append(join(["id"] + loci, 1) + "   # header")
    for (i, row) in counts.enumerated() {
      if i % 4 == 2 { lines.append("   ") }
      if i % 5 == 4 { lines.append("# individual \(individuals[i]) follows") }
      lines.append(join([individuals[i]] + row.map(Self.field), i) + (i % 2 == 0 ? "\t# row \(i)" : ""))
    }
    return lines.map { $0 + "\r\n" }.joined()
  }

  /// One row per locus: a header of individual ids (no corner name), then
  /// each locus's name and its counts over individuals; read with
  /// `--loci-as-rows`.
  var transposed: String {
    individuals.joined(separator: "\t") + "\n"
      + loci.indices.map { mu in
        ([loci[mu]] + counts.map { Self.field($0[mu]) }).joined(separator: "\t") + "\n"
      }.joined()
  }
}

/// A place in a text as popmix reports it: 1-based line, 1-based byte column.
struct TextPlace: Equatable, CustomStringConvertible {
  var line: Int
  var column: Int
  var description: String { "\(line):\(column)" }

  /// Where the `occurrence`-th `needle` starts in `text` (lines end at
  /// `\n`; a `\r` before it counts as a byte of the line).
  static func of(_ needle: String, occurrence: Int = 1, in text: String) -> TextPlace? {
    let haystack = Array(text.utf8), pattern = Array(needle.utf8)
    guard !pattern.isEmpty, haystack.count >= pattern.count else { return nil }
    var seen = 0
    for start in 0...(haystack.count - pattern.count) where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
      seen += 1
      guard seen == occurrence else { continue }
      let before = haystack[..<start]
      let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
      let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
      return TextPlace(line: line, column: start - lineStart + 1)
    }
    return nil
  }

  /// Just past the `occurrence`-th `needle` in `text`.
  static func after(_ needle: String, occurrence: Int = 1, in text: String) -> TextPlace? {
    of(needle, occurrence: occurrence, in: text).map { TextPlace(line: $0.line, column: $0.column + needle.utf8.count) }
  }
}

/// Decodes popmix's JSON (snake_case keys) into `T`.
func decodeJSON<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  return try decoder.decode(T.self, from: Data(text.utf8))
}

/// The top-level keys of a JSON object.
func jsonKeys(_ text: String) throws -> Set<String> {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  let dictionary = try #require(object as? [String: Any], "not a JSON object: \(text)")
  return Set(dictionary.keys)
}
