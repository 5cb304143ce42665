/// How a count table's file is laid out.
public enum TableOrientation: Sendable {
  /// One row per individual (the default, and what `simulate` writes).
  case individualsAsRows
  /// One row per locus, one column per individual.
  case lociAsRows
}

extension CountTable {
  /// Reads a count table from a whitespace-delimited text file.
  ///
  /// The layout rules, in order:
  /// - `#` starts a comment; blank lines are skipped.
  /// - The first line is a header when its first field is `id` (or another
  ///   corner name: `sample`, `individual`, `locus`, …, any case) or a
  ///   field after its first is not a number or `NA`. A line of numbers is
  ///   a row of counts, except that one of whole numbers counting up from 0
  ///   or 1 (`1 2 3 … 30`) as wide as the second line is refused: it could
  ///   be numbered locus names as well as counts. A numeric header is
  ///   marked by starting it with `id`.
  /// - The first column holds ids when the header has one field fewer than
  ///   the rows, when the header's first field is a corner name and the
  ///   header is as wide as the rows (one name wider, the corner name heads
  ///   nothing and the rows have no ids), or
  ///   (without a header) when the first row's first field is not a number
  ///   or `NA`.
  /// - Every other field is a whole number from 0 to ``maximumCount``, or
  ///   `NA` for missing.
  /// - Individual ids must not repeat (the first column's ids, or with
  ///   `lociAsRows` the header's names).
  /// - A PLINK, VCF, gzip or other binary file is refused, saying what to
  ///   give instead.
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - orientation: whether rows are individuals or loci.
  /// - Throws: ``PopMixError`` naming `file:line:column` for a bad field, a
  ///   ragged row or a repeated id, and the file for an unreadable or empty
  ///   table or one in another format.
  /// - Complexity: O(file size).
  public static func read(path: String, orientation: TableOrientation = .individualsAsRows) throws -> CountTable {
    try parse(DelimitedText(contentsOf: path), orientation: orientation)
  }

  /// Parses a count table held in memory; `path` is used in messages.
  public static func parse(text: String, path: String = "<text>",
                           orientation: TableOrientation = .individualsAsRows) throws -> CountTable {
    try parse(DelimitedText(path: path, bytes: Array(text.utf8)), orientation: orientation)
  }

  /// - Parameter validate: checks each value (``NonnegativeTable`` reads
  ///   real values through it); returns a complaint, or nil to accept.
  static func parse(_ text: DelimitedText, orientation: TableOrientation,
                    validate: @escaping (Double) -> String? = validateCount) throws -> CountTable {
    try refuseOtherFormats(text)
    let layout = try NumericTableLayout.read(text, unique: orientation == .individualsAsRows ? .rows : .columns,
                                             validate: validate)
    let values = Matrix(rows: layout.rowCount, columns: layout.columnCount, elements: layout.values)
    switch orientation {
    case .individualsAsRows:
      return CountTable(individuals: layout.rowNames ?? defaultIndividualNames(values.rows),
                        loci: layout.columnNames ?? defaultLocusNames(values.columns),
                        counts: values)
    case .lociAsRows:
      return CountTable(individuals: layout.columnNames ?? defaultIndividualNames(values.columns),
                        loci: layout.rowNames ?? defaultLocusNames(values.rows),
                        counts: values.transposed())
    }
  }

  /// Accepts whole numbers from 0 to ``maximumCount``; returns the complaint otherwise.
  static func validateCount(_ value: Double) -> String? {
    if value < 0 { return "is negative; counts must be whole numbers of 0 or more" }
    if value > maximumCount {
      return "is above the largest count popmix accepts, \(Int(maximumCount)) (larger counts would make the fit's arithmetic meaningless)"
    }
    if value != value.rounded() { return "is fractional; counts must be whole numbers of 0 or more" }
    return nil
  }
}
