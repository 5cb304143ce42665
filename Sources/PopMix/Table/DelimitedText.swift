import Foundation

/// The lines of a whitespace-delimited text file, split into fields.
///
/// Blank lines and `#` comments (to the end of a line) are skipped. Fields
/// are separated by spaces, tabs or both; a carriage return before the line
/// feed is ignored. Fields are kept as byte ranges so that large tables are
/// parsed without a `String` per field.
struct DelimitedText {
  /// The path, for messages.
  let path: String
  /// The file's bytes.
  let bytes: [UInt8]

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
  /// - Throws: ``InputError`` naming the file when it is missing, is a
  ///   folder, or cannot be read.
  init(contentsOf path: String) throws {
    self.init(path: path, bytes: try Self.readBytes(path))
  }

  /// Wraps bytes already in memory (tests, standard input). A UTF-8 byte
  /// order mark, as some Windows programs write, is blanked out so that it
  /// does not stick to the first field (columns keep their positions).
  init(path: String, bytes: [UInt8]) {
    self.path = path
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.replaceSubrange(0..<3, with: [0x20, 0x20, 0x20]) }
    self.bytes = bytes
  }

  /// Calls `body` with each record in file order. The record's `fields`
  /// array is reused between calls; copy it to keep it.
  func forEachRecord(_ body: (Record) throws -> Void) throws {
    var record = Record(line: 0, lineStart: 0, fields: [])
    record.fields.reserveCapacity(64)
    var line = 0
    var start = 0
    let count = bytes.count
    try bytes.withUnsafeBufferPointer { buffer in
      while start < count {
        line += 1
        var end = start
        while end < count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
        record.line = line
        record.lineStart = start
        record.fields.removeAll(keepingCapacity: true)
        var i = start
        scan: while i < end {
          let byte = buffer[i]
          if byte == UInt8(ascii: "#") { break scan }
          if Self.isSeparator(byte) { i += 1; continue }
          let fieldStart = i
          while i < end, !Self.isSeparator(buffer[i]), buffer[i] != UInt8(ascii: "#") { i += 1 }
          record.fields.append(fieldStart..<i)
        }
        if !record.fields.isEmpty { try body(record) }
        start = end + 1
      }
    }
  }

  /// The text of a field.
  func text(_ field: Range<Int>) -> String {
    String(decoding: bytes[field], as: UTF8.self)
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
      throw InputError("cannot read the file: no such file", file: path)
    }
    if isDirectory.boolValue {
      throw InputError("cannot read the file: it is a folder", file: path)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError("cannot read the file: permission denied or unreadable", file: path)
    }
    defer { try? handle.close() }
    do {
      return [UInt8](try handle.readToEnd() ?? Data())
    } catch {
      throw InputError("cannot read the file: \(error.localizedDescription)", file: path)
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
  /// it); hexadecimal, `inf` and `nan` are not.
  func number(_ field: Range<Int>) -> NumericField {
    bytes.withUnsafeBufferPointer { buffer in
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
      guard decimal, let parsed = Double(text(field)), parsed.isFinite else { return .notANumber }
      return .number(parsed)
    }
  }
}
