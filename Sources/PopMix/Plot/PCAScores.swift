/// Principal components as PLINK 2 writes them: `.eigenvec` (one row per
/// individual: ids, then PC1, PC2, …) and `.eigenval` (one eigenvalue per
/// line).
public struct PCAScores: Sendable, Equatable {
  /// One id per individual (the IID column).
  public var individuals: [String]
  /// The family ids, when the file has an FID column.
  public var families: [String]?
  /// Individuals by components.
  public var scores: Matrix
  /// The eigenvalues, largest first, when read.
  public var eigenvalues: [Double]?

  /// Reads an `.eigenvec` file: a header `#FID IID PC1 PC2 …` or
  /// `#IID PC1 …` (tabs or spaces), then one row per individual; PLINK 1.9's
  /// headerless `FID IID PC1 …` is read too.
  ///
  /// - Throws: ``PopMixError`` at a row whose field count differs from the
  ///   header's, a value that is not a number, fewer than two components,
  ///   or a file that cannot be read or has no rows.
  public static func read(eigenvec path: String) throws -> PCAScores {
    let text = try DelimitedText(contentsOf: path, comments: .none)
    var idColumns = 2
    var width: Int? = nil
    var ids: [String] = [], families: [String] = [], values: [Double] = []
    var first = true
    try text.forEachRecord { record in
      let fields = record.fields
      if first {
        first = false
        let head = text.text(fields[0])
        if head.hasPrefix("#") {
          idColumns = head == "#IID" ? 1 : 2
          width = fields.count
          return
        }
      }
      let expected = width ?? fields.count
      width = expected
      guard fields.count == expected else {
        throw PopMixError.badData("expected \(expected) fields as on the first line, found \(fields.count)",
                                  at: fields.count > expected ? text.location(of: fields[expected], in: record)
                                    : text.endLocation(of: record))
      }
      guard expected >= idColumns + 2 else {
        throw PopMixError.badData("a PCA needs at least two components to plot; this row has \(expected - idColumns)",
                                  at: text.endLocation(of: record))
      }
      if idColumns == 2 { families.append(text.text(fields[0])) }
      ids.append(text.text(fields[idColumns - 1]))
      for field in fields[idColumns...] {
        guard case .number(let value) = text.number(field), value.isFinite else {
          throw PopMixError.badData("'\(text.quoted(field))' is not a number", at: text.location(of: field, in: record))
        }
        values.append(value)
      }
    }
    guard !ids.isEmpty else { throw PopMixError.badData("the .eigenvec file lists no individuals", file: path) }
    let columns = values.count / ids.count
    return PCAScores(individuals: ids, families: idColumns == 2 ? families : nil,
                               scores: Matrix(rows: ids.count, columns: columns, elements: values),
                               eigenvalues: nil)
  }

  /// Reads an `.eigenval` file: one non-negative number per line.
  ///
  /// - Throws: ``PopMixError`` at a line that is not one non-negative number.
  public static func read(eigenval path: String) throws -> [Double] {
    let text = try DelimitedText(contentsOf: path)
    var values: [Double] = []
    try text.forEachRecord { record in
      guard record.fields.count == 1, case .number(let value) = text.number(record.fields[0]), value >= 0,
            value.isFinite else {
        throw PopMixError.badData("expected one non-negative eigenvalue on the line",
                                  at: text.location(of: record.fields[0], in: record))
      }
      values.append(value)
    }
    guard !values.isEmpty else { throw PopMixError.badData("the .eigenval file lists no eigenvalues", file: path) }
    return values
  }
}
