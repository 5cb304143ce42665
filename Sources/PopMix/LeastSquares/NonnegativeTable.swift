/// Non-negative real values (expression levels, intensities…):
/// individuals by columns, with names, for least-squares NMF.
///
/// Missing entries are NaN in ``values``; every other entry is finite and
/// 0 or more.
public struct NonnegativeTable: Sendable, Equatable {
  /// One id per individual (row).
  public var individuals: [String]
  /// One name per column (locus, gene, feature).
  public var loci: [String]
  /// The values, individuals by loci; NaN marks a missing entry.
  public var values: Matrix

  /// Creates a table.
  ///
  /// - Precondition: the names match the matrix's shape.
  public init(individuals: [String], loci: [String], values: Matrix) {
    precondition(individuals.count == values.rows, "One id per row is needed")
    precondition(loci.count == values.columns, "One locus name per column is needed")
    self.individuals = individuals
    self.loci = loci
    self.values = values
  }

  /// The number of missing entries.
  public var missingCount: Int { values.elements.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

  /// Reads a table laid out as a count table is (see
  /// ``CountTable/read(path:orientation:)``), whose values are any finite
  /// real numbers of 0 or more, or `NA`.
  ///
  /// - Throws: ``PopMixError`` naming `file:line:column` for a negative,
  ///   non-finite or unreadable value, a ragged row or a repeated id, and
  ///   the file when it cannot be read, is empty or in another format.
  /// - Complexity: O(file size).
  public static func read(path: String, orientation: TableOrientation = .individualsAsRows) throws -> NonnegativeTable {
    try NonnegativeTable(CountTable.parse(DelimitedText(contentsOf: path), orientation: orientation,
                                          validate: validateValue))
  }

  /// Parses a table held in memory; `path` is used in messages.
  public static func parse(text: String, path: String = "<text>",
                           orientation: TableOrientation = .individualsAsRows) throws -> NonnegativeTable {
    try NonnegativeTable(CountTable.parse(DelimitedText(path: path, bytes: Array(text.utf8)),
                                          orientation: orientation, validate: validateValue))
  }

  private init(_ layout: CountTable) {
    self.init(individuals: layout.individuals, loci: layout.loci, values: layout.counts)
  }

  /// Accepts finite numbers of 0 or more; returns the complaint otherwise.
  static func validateValue(_ value: Double) -> String? {
    if !value.isFinite { return "is not a finite number; values must be finite numbers of 0 or more" }
    if value < 0 { return "is negative; non-negative matrix factorisation needs values of 0 or more" }
    return nil
  }
}
