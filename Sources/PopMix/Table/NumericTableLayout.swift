/// A whitespace-delimited numeric table after its layout has been worked
/// out: an optional header, an optional id column, and the values.
struct NumericTableLayout {
  /// Names from the header line, one per value column, if there was one.
  var columnNames: [String]?
  /// Ids from the first column, one per row, if there was one.
  var rowNames: [String]?
  /// The values, row-major; NaN where the file says `NA`.
  var values: [Double]
  /// The number of value rows.
  var rowCount: Int
  /// The number of value columns.
  var columnCount: Int
  /// The line each row came from.
  var rowLines: [Int]

  /// Reads `text` with the layout rules of ``CountTable/read(path:orientation:)``.
  ///
  /// - Parameter validate: checks each number; returns a complaint to
  ///   report at the field's location, or nil to accept it.
  static func read(_ text: DelimitedText, validate: (Double) -> String?) throws -> NumericTableLayout {
    var header: [String]? = nil
    var headerLine = 0
    var hasIDs: Bool? = nil
    var rowNames: [String] = []
    var values: [Double] = []
    var rowLines: [Int] = []
    var width = -1
    var widthLine = 0
    var seenIDs: [String: Int] = [:]

    try text.forEachRecord { record in
      let fields = record.fields
      if header == nil && rowLines.isEmpty && headerLine == 0 && Self.isHeader(record, in: text) {
        header = fields.map { text.text($0) }
        headerLine = record.line
        return
      }
      if hasIDs == nil {
        if let header, header.count == fields.count - 1 || Self.isCornerName(header[0]) {
          hasIDs = true
        } else if header == nil {
          hasIDs = text.number(fields[0]) == .notANumber
        } else {
          hasIDs = false
        }
      }
      let firstValue = hasIDs! ? 1 : 0
      let rowWidth = fields.count - firstValue
      if width < 0 {
        if rowWidth == 0 {
          throw InputError("the row has an id but no values", at: text.endLocation(of: record))
        }
        width = rowWidth
        widthLine = record.line
      } else if rowWidth != width {
        let location = rowWidth > width
          ? text.location(of: fields[firstValue + width], in: record)
          : text.endLocation(of: record)
        throw InputError("ragged row: \(rowWidth) values where line \(widthLine) has \(width)", at: location)
      }
      if hasIDs! {
        let id = text.text(fields[0])
        if let first = seenIDs[id] {
          throw InputError("duplicate id '\(id)' (first on line \(first))", at: text.location(of: fields[0], in: record))
        }
        seenIDs[id] = record.line
        rowNames.append(id)
      }
      for field in fields[firstValue...] {
        switch text.number(field) {
        case .missing:
          values.append(.nan)
        case .number(let value):
          if let complaint = validate(value) {
            throw InputError("'\(text.text(field))' \(complaint)", at: text.location(of: field, in: record))
          }
          values.append(value)
        case .notANumber:
          var message = "'\(text.text(field))' is not a number; expected a value or NA"
          if field == fields[0] {
            message += header != nil
              ? " (for an id column, name it 'id' in the header or leave its header name out)"
              : " (the first row decides whether the first column holds ids)"
          }
          throw InputError(message, at: text.location(of: field, in: record))
        }
      }
      rowLines.append(record.line)
    }

    guard !rowLines.isEmpty else {
      throw InputError("the table has no rows of values", file: text.path)
    }
    var columnNames = header
    if var names = columnNames {
      if hasIDs! && names.count == width + 1 { names.removeFirst() }
      guard names.count == width else {
        throw InputError("the header has \(names.count) names but the rows have \(width) values",
                         at: SourceLocation(path: text.path, line: headerLine, column: 1))
      }
      columnNames = names
    }
    return NumericTableLayout(columnNames: columnNames, rowNames: hasIDs! ? rowNames : nil,
                              values: values, rowCount: rowLines.count, columnCount: width,
                              rowLines: rowLines)
  }

  /// Names a header may give its id column: `id` and the usual names for
  /// what the rows are (any case).
  static let cornerNames: Set<String> = ["id", "ids", "individual", "sample", "locus", "loci", "snp", "marker", "name"]

  static func isCornerName(_ name: String) -> Bool { cornerNames.contains(name.lowercased()) }

  /// Whether a first record is a header line.
  private static func isHeader(_ record: DelimitedText.Record, in text: DelimitedText) -> Bool {
    if isCornerName(text.text(record.fields[0])) { return true }
    return record.fields.dropFirst().contains { text.number($0) == .notANumber }
  }
}
