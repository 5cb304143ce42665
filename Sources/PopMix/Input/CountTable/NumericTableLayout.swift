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

  /// Which names must be unique: those of the individuals, whichever way
  /// the table is turned.
  enum UniqueNames {
    /// The ids in the first column.
    case rows
    /// The names in the header.
    case columns
  }

  /// Reads `text` with the layout rules of ``CountTable/read(path:orientation:)``.
  ///
  /// - Parameters:
  ///   - unique: the axis whose names must not repeat; a repeat is
  ///     reported at its second place.
  ///   - validate: checks each number; returns a complaint to report at
  ///     the field's location, or nil to accept it.
  static func read(_ text: DelimitedText, unique: UniqueNames,
                   validate: @escaping (Double) -> String?) throws -> NumericTableLayout {
    var reader = Reader(text: text, unique: unique, validate: validate)
    // The first record waits for the second: whether it is a header can
    // depend on how many fields the next line has.
    var first: DelimitedText.Record? = nil
    var decided = false
    try text.forEachRecord { record in
      if decided {
        try reader.addRow(record)
        return
      }
      guard let pending = first else {
        first = record
        return
      }
      try reader.start(with: pending, next: record)
      try reader.addRow(record)
      decided = true
    }
    if !decided, let pending = first { try reader.start(with: pending) }
    return try reader.finish()
  }

  /// Names a header may give its id column: `id` and the usual names for
  /// what the rows are (any case).
  static let cornerNames: Set<String> = ["id", "ids", "individual", "sample", "locus", "loci", "snp", "marker", "name"]

  static func isCornerName(_ name: String) -> Bool { cornerNames.contains(name.lowercased()) }

  /// The state of one read: the header once decided, the rows so far.
  private struct Reader {
    let text: DelimitedText
    let unique: UniqueNames
    let validate: (Double) -> String?
    var header: [String]? = nil
    /// The header's fields, for the places of its names.
    var headerFields: [Range<Int>] = []
    var headerLine = 0
    var headerLineStart = 0
    var hasIDs: Bool? = nil
    var rowNames: [String] = []
    var values: [Double] = []
    var rowLines: [Int] = []
    var width = -1
    var widthLine = 0
    var seenIDs: [String: Int] = [:]

    init(text: DelimitedText, unique: UniqueNames, validate: @escaping (Double) -> String?) {
      self.text = text
      self.unique = unique
      self.validate = validate
    }

    /// Reads the first record, as a header or as the first row.
    ///
    /// The first line is a header when (a) its first field is a corner
    /// name such as `id`, (b) a field after its first is not a number or
    /// `NA`, or (c) it is a single name and the next line has two fields
    /// (R's layout: no name over the id column). Otherwise it is a row of
    /// values, unless it is only whole numbers counting up from 0 or 1
    /// (`1 2 3 …`) as wide as the next line: that could be numbered column
    /// names as well as values, and is refused. (A row of numbers one field
    /// short of the next line is a ragged row, whose message says how to
    /// mark it as a header.)
    mutating func start(with first: DelimitedText.Record, next: DelimitedText.Record? = nil) throws {
      let fields = first.fields
      let numbers = fields.map { text.number($0) != .notANumber }
      let named = Self.isCornerName(text.text(fields[0])) || numbers.dropFirst().contains(false)
      let rLayout = fields.count == 1 && !numbers[0] && next?.fields.count == 2
      if named || rLayout {
        header = fields.map { text.text($0) }
        headerFields = fields
        headerLine = first.line
        headerLineStart = first.lineStart
        return
      }
      if let next, next.fields.count == fields.count, fields.count >= 2, isNumbering(fields) {
        let shown = fields.count <= 4
          ? fields.map { text.quoted($0) }.joined(separator: " ")
          : "\(text.quoted(fields[0])) \(text.quoted(fields[1])) \(text.quoted(fields[2])) … \(text.quoted(fields.last!))"
        throw PopMixError.badData("the first line ('\(shown)') could be a header of numbered columns or a row of values, "
                           + "and popmix will not guess: if it is a header, start it with 'id'; "
                           + "if it is values, put a header line above it",
                         at: text.location(of: fields[0], in: first))
      }
      try addRow(first)
    }

    private static func isCornerName(_ name: String) -> Bool { NumericTableLayout.isCornerName(name) }

    /// Whether the fields are the digits 0 1 2 … or 1 2 3 …, as numbered
    /// column names would be.
    private func isNumbering(_ fields: [Range<Int>]) -> Bool {
      let digitsOnly = fields.allSatisfy { field in
        !field.isEmpty && text.bytes[field].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      }
      guard digitsOnly, case .number(let start) = text.number(fields[0]), start == 0 || start == 1 else { return false }
      return fields.enumerated().allSatisfy { k, field in text.number(field) == .number(start + Double(k)) }
    }

    /// Reads one row of values (with its id, if the table has ids).
    mutating func addRow(_ record: DelimitedText.Record) throws {
      let fields = record.fields
      if hasIDs == nil {
        // A corner name heads the id column, or nothing when the header has one name more than the rows.
        if let header, header.count == fields.count - 1 || Self.isCornerName(header[0]) && header.count == fields.count {
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
          throw PopMixError.badData("the row has an id but no values", at: text.endLocation(of: record))
        }
        width = rowWidth
        widthLine = record.line
      } else if rowWidth != width {
        let location = rowWidth > width
          ? text.location(of: fields[firstValue + width], in: record)
          : text.endLocation(of: record)
        var message = "ragged row: \(rowWidth) values where line \(widthLine) has \(width)"
        if header == nil && rowLines.count == 1 && rowWidth == width + 1 {
          // A header of numbers with no name over the id column looks like this.
          message += " (if line \(widthLine) is a header with no name over the id column, start it with 'id')"
        }
        throw PopMixError.badData(message, at: location)
      }
      if hasIDs! {
        let id = text.id(fields[0])
        if unique == .rows, let first = seenIDs[id] {
          throw PopMixError.badData("duplicate id '\(text.quoted(fields[0]))' (first on line \(first))",
                           at: text.location(of: fields[0], in: record))
        }
        if unique == .rows { seenIDs[id] = record.line }
        rowNames.append(id)
      }
      for field in fields[firstValue...] {
        switch text.number(field) {
        case .missing:
          values.append(.nan)
        case .number(let value):
          if let complaint = validate(value) {
            throw PopMixError.badData("'\(text.quoted(field))' \(complaint)", at: text.location(of: field, in: record))
          }
          values.append(value)
        case .notANumber:
          var message = "'\(text.quoted(field))' is not a number; expected a value or NA"
          if field == fields[0] {
            message += header != nil
              ? " (for an id column, name it 'id' in the header or leave its header name out)"
              : " (the first row decides whether the first column holds ids)"
          }
          throw PopMixError.badData(message, at: text.location(of: field, in: record))
        }
      }
      rowLines.append(record.line)
    }

    /// The layout, once every record is read.
    func finish() throws -> NumericTableLayout {
      guard !rowLines.isEmpty else {
        throw PopMixError.badData("the table has no rows of values", file: text.path)
      }
      var columnNames = header
      if var names = columnNames {
        var fields = headerFields
        if names.count == width + 1 && (hasIDs! || Self.isCornerName(names[0])) {
          names.removeFirst()
          fields.removeFirst()
        }
        guard names.count == width else {
          throw PopMixError.badData("the header has \(names.count) names but the rows have \(width) values",
                           at: SourceLocation(path: text.path, line: headerLine, column: 1))
        }
        if unique == .columns {
          var seen: [String: Int] = [:]
          for (name, field) in zip(names, fields) {
            let column = field.lowerBound - headerLineStart + 1
            if let first = seen[name] {
              throw PopMixError.badData("duplicate id '\(text.quoted(field))' (first at column \(first) of this line)",
                               at: SourceLocation(path: text.path, line: headerLine, column: column))
            }
            seen[name] = column
          }
        }
        columnNames = names
      }
      return NumericTableLayout(columnNames: columnNames, rowNames: hasIDs! ? rowNames : nil,
                                values: values, rowCount: rowLines.count, columnCount: width,
                                rowLines: rowLines)
    }
  }
}
