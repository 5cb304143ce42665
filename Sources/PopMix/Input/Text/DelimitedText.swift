import Foundation

/// The lines of a whitespace-delimited text file, split into fields.
///
/// Blank lines and `#` comments (to the end of a line) are skipped. Fields
/// are separated by spaces, tabs or both; a carriage return before the line
/// feed is ignored. Fields are kept as byte ranges so that large tables are
/// parsed without a `String` per field.
///
/// Two variants serve other formats: PLINK's `.bim` and `.fam`, where `#`
/// only comments out a whole line (an id may contain it), and popmix's own
/// tab-separated outputs, whose fields are split at tabs alone, so that an
/// id with spaces or `#` in it reads back as written.
struct DelimitedText {
  /// Where `#` starts a comment.
  enum Comments {
    /// Anywhere: the rest of the line is a comment.
    case anywhere
    /// Only as a line's first non-blank byte: the whole line is a comment.
    case wholeLine
    /// Nowhere: `#` is text.
    case none
  }

  /// What separates fields.
  enum Separators {
    /// Runs of spaces and tabs (and carriage returns).
    case whitespace
    /// Each tab alone: fields may hold spaces and may be empty.
    case tabs
  }

  /// The path, for messages.
  let path: String
  /// The file's bytes.
  let bytes: [UInt8]
  /// Where `#` starts a comment.
  let comments: Comments
  /// What separates fields.
  let separators: Separators

  /// One line that holds at least one field.
  struct Record {
    /// The line number, from 1.
    var line: Int
    /// The offset of the line's first byte in the file.
    var lineStart: Int
    /// The fields' byte ranges in the file.
    var fields: [Range<Int>]
  }

  /// Reads the file at `path`.
  ///
  /// - Throws: ``PopMixError`` naming the file when it is missing, is a
  ///   folder, or cannot be read.
  init(contentsOf path: String, comments: Comments = .anywhere, separators: Separators = .whitespace) throws {
    self.init(path: path, bytes: try Self.readBytes(path), comments: comments, separators: separators)
  }

  /// Wraps bytes already in memory (tests, standard input). A UTF-8 byte
  /// order mark, as some Windows programs write, is blanked out so that it
  /// does not stick to the first field (columns keep their positions).
  init(path: String, bytes: [UInt8], comments: Comments = .anywhere, separators: Separators = .whitespace) {
    self.path = path
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.replaceSubrange(0..<3, with: [0x20, 0x20, 0x20]) }
    self.bytes = bytes
    self.comments = comments
    self.separators = separators
  }

  /// The same bytes read with other rules.
  func reading(comments: Comments, separators: Separators) -> DelimitedText {
    DelimitedText(path: path, bytes: bytes, comments: comments, separators: separators)
  }

  /// Calls `body` with each record in file order. The record's `fields`
  /// array is reused between calls; copy it to keep it.
  func forEachRecord(_ body: (Record) throws -> Void) throws {
    var record = Record(line: 0, lineStart: 0, fields: [])
    record.fields.reserveCapacity(64)
    var line = 0
    var start = 0
    let count = bytes.count
    let hash = UInt8(ascii: "#")
    let commentsAnywhere = comments == .anywhere
    let wholeLineComments = comments == .wholeLine
    try bytes.withUnsafeBufferPointer { buffer in
      while start < count {
        line += 1
        var end = start
        while end < count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
        record.line = line
        record.lineStart = start
        record.fields.removeAll(keepingCapacity: true)
        if separators == .tabs {
          // Here a comment is a line that starts with `#` (ids are escaped so that none does).
          if comments == .none || start == end || buffer[start] != hash {
            Self.splitAtTabs(buffer, start..<end, into: &record.fields)
          }
        } else {
          var i = start
          scan: while i < end {
            let byte = buffer[i]
            if Self.isSeparator(byte) { i += 1; continue }
            if byte == hash && (commentsAnywhere || wholeLineComments && record.fields.isEmpty) { break scan }
            let fieldStart = i
            while i < end, !Self.isSeparator(buffer[i]), !(commentsAnywhere && buffer[i] == hash) { i += 1 }
            record.fields.append(fieldStart..<i)
          }
        }
        if !record.fields.isEmpty { try body(record) }
        start = end + 1
      }
    }
  }

  /// The tab-separated fields of `line` (a final carriage return dropped);
  /// none when the line holds only blanks.
  private static func splitAtTabs(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Range<Int>]) {
    var end = line.upperBound
    if end > line.lowerBound && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    guard buffer[line.lowerBound..<end].contains(where: { !isSeparator($0) }) else { return }
    var fieldStart = line.lowerBound
    for i in line.lowerBound..<end where buffer[i] == UInt8(ascii: "\t") {
      fields.append(fieldStart..<i)
      fieldStart = i + 1
    }
    fields.append(fieldStart..<end)
  }

  /// The text of a field.
  func text(_ field: Range<Int>) -> String {
    String(decoding: bytes[field], as: UTF8.self)
  }

  /// The id in a first field: its text, without the backslash that
  /// ``TSV/idField(_:)`` puts before a leading `#` or `\` in tab-separated files.
  func id(_ field: Range<Int>) -> String {
    if separators == .tabs, field.count > 1, bytes[field.lowerBound] == UInt8(ascii: "\\") {
      return text(field.dropFirst())
    }
    return text(field)
  }

  /// A field as a message quotes it: non-printable bytes escaped, long text cut.
  func quoted(_ field: Range<Int>) -> String {
    QuotedText.excerpt(bytes[field])
  }

  /// Where a field starts.
  func location(of field: Range<Int>, in record: Record) -> SourceLocation {
    SourceLocation(path: path, line: record.line, column: field.lowerBound - record.lineStart + 1)
  }

  /// The place just past a record's last field (where a missing field would be).
  func endLocation(of record: Record) -> SourceLocation {
    let last = record.fields.last!.upperBound
    return SourceLocation(path: path, line: record.line, column: last - record.lineStart + 1)
  }

  private static func isSeparator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
  }

  private static func readBytes(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw PopMixError.ioFailure("cannot read the file: no such file", file: path, .read, SystemError(code: ENOENT))
    }
    if isDirectory.boolValue {
      throw PopMixError.ioFailure("cannot read the file: it is a folder", file: path, .read, SystemError(code: EISDIR))
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw PopMixError.ioFailure("cannot read the file: permission denied or unreadable", file: path, .read, .current)
    }
    defer { try? handle.close() }
    do {
      return [UInt8](try handle.readToEnd() ?? Data())
    } catch {
      throw PopMixError.ioFailure("cannot read the file: \(error.localizedDescription)", file: path, .read, SystemError(error))
    }
  }
}

/// The value of one numeric field.
enum NumericField: Equatable {
  case number(Double)
  case missing
  case notANumber
}

extension DelimitedText {
  /// Parses a field as a number, or `NA` for a missing value.
  ///
  /// Plain digit strings take a fast path. Otherwise only decimal notation
  /// is a number (digits, sign, point, exponent: `2.0`, `1e+05` as R writes
  /// it); hexadecimal, `inf` and `nan` are not. A decimal too large for a
  /// Double (`1e400`) is an infinite number, for the caller's range check
  /// to refuse with the value in its message.
  func number(_ field: Range<Int>) -> NumericField {
    var field = field
    if separators == .tabs {
      // Split at tabs alone, a hand-edited value may keep a space beside it.
      while let first = field.first, bytes[first] == UInt8(ascii: " ") { field = field.dropFirst() }
      while let last = field.last, bytes[last] == UInt8(ascii: " ") { field = field.dropLast() }
    }
    return bytes.withUnsafeBufferPointer { buffer in
      var value: Int = 0
      var allDigits = true
      for i in field {
        let digit = Int(buffer[i]) &- 48
        if digit < 0 || digit > 9 || value > 1 << 52 { allDigits = false; break }
        value = value * 10 + digit
      }
      if allDigits { return .number(Double(value)) }
      if field.count == 2, buffer[field.lowerBound] == UInt8(ascii: "N"),
         buffer[field.lowerBound + 1] == UInt8(ascii: "A") {
        return .missing
      }
      let decimal = buffer[field].allSatisfy { byte in
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
          || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
          || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
      }
      guard decimal, let parsed = Double(text(field)), !parsed.isNaN else { return .notANumber }
      return .number(parsed)
    }
  }
}

extension DelimitedText {
  /// Reads a table popmix may have written (`.Q.tsv`, labels): when it
  /// starts with `id` and a tab, as popmix's outputs do, split at tabs
  /// alone, with only lines starting with `#` as comments, so that ids
  /// holding spaces or `#` read back; read as whitespace-delimited text
  /// with comments otherwise.
  ///
  /// - Throws: ``PopMixError`` naming the file when it cannot be read.
  static func popmixOutput(contentsOf path: String) throws -> DelimitedText {
    let text = try DelimitedText(contentsOf: path)
    guard text.bytes.starts(with: Array("id\t".utf8)) else { return text }
    return text.reading(comments: .wholeLine, separators: .tabs)
  }
}
