/// Admixture proportions read back from a file: popmix's `.Q.tsv` (with
/// ids and a header) or ADMIXTURE's `.Q` (numbers only).
public struct ProportionTable: Sendable, Equatable {
  /// One id per individual (generated when the file has none).
  public var individuals: [String]
  /// One name per population column.
  public var populations: [String]
  /// Individuals by populations; each row sums to one.
  public var proportions: Matrix

  public init(individuals: [String], populations: [String], proportions: Matrix) {
    precondition(individuals.count == proportions.rows && populations.count == proportions.columns,
                 "Names must match the matrix's shape")
    self.individuals = individuals
    self.populations = populations
    self.proportions = proportions
  }

  /// Reads a proportions file.
  ///
  /// A file that starts with `id` and a tab, as popmix writes its
  /// `.Q.tsv`, is read as tab-separated text without comments, so that
  /// every id popmix writes (a VCF sample name with spaces or `#` in it)
  /// reads back as written. Any other file is read as a whitespace-
  /// delimited table, as count tables are.
  ///
  /// - Throws: ``PopMixError`` at the first value outside [0, 1], at a row
  ///   that does not sum to one (within 0.001, room for six printed
  ///   decimals), at a repeated id, or for a file that cannot be read or
  ///   has no rows.
  public static func read(path: String) throws -> ProportionTable {
    let text = try DelimitedText.popmixOutput(contentsOf: path)
    let layout = try NumericTableLayout.read(text, unique: .rows) { value in
      value < 0 || value > 1 ? "is not a proportion between 0 and 1" : nil
    }
    let q = Matrix(rows: layout.rowCount, columns: layout.columnCount, elements: layout.values)
    for i in 0..<q.rows {
      let row = q.row(i)
      if row.contains(where: \.isNaN) {
        throw PopMixError.badData("a row of proportions has NA in it", at: SourceLocation(path: path, line: layout.rowLines[i], column: 1))
      }
      let sum = row.reduce(0, +)
      if abs(sum - 1) > 1e-3 {
        throw PopMixError.badData("the proportions on this row sum to \(sum), not 1; is this a Q file?",
                         at: SourceLocation(path: path, line: layout.rowLines[i], column: 1))
      }
    }
    return ProportionTable(
      individuals: layout.rowNames ?? CountTable.defaultIndividualNames(q.rows),
      populations: layout.columnNames ?? TSV.populationNames(q.columns),
      proportions: q)
  }
}
