/// A count table to read, and how.
public struct TableInput: Sendable, Equatable {
  /// The file.
  public var path: String
  /// Rows are individuals (default) or loci.
  public var orientation: TableOrientation

  public init(path: String, orientation: TableOrientation = .individualsAsRows) {
    self.path = path
    self.orientation = orientation
  }

  /// Reads the table and drops loci with no count above zero.
  ///
  /// - Returns: the table and a warning naming the dropped loci, if any.
  /// - Throws: ``PopMixError`` as ``CountTable/read(path:orientation:)`` does,
  ///   and when no locus is left.
  public func load() throws -> (table: CountTable, dropped: [String], warnings: [String]) {
    let (table, dropped) = try CountTable.read(path: path, orientation: orientation).droppingEmptyLoci()
    if table.locusCount == 0 {
      throw PopMixError.badData("every locus has only zero or missing counts; there is nothing to fit", file: path)
    }
    var warnings: [String] = []
    if !dropped.isEmpty {
      let shown = dropped.prefix(10).joined(separator: ", ") + (dropped.count > 10 ? ", …" : "")
      warnings.append("\(path): dropped \(dropped.count) locus/loci whose counts are all zero or missing (\(shown)); they carry no information about ancestry")
    }
    return (table, dropped, warnings)
  }
}
