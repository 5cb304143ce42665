import Foundation

/// Tab-separated text as popmix writes it: a header line, then one line per
/// row, fields separated by one tab, a final newline.
enum TSV {
  /// The text of a table with a header and rows of fields.
  static func table(header: [String], rows: [[String]]) -> String {
    var text = header.joined(separator: "\t") + "\n"
    for row in rows { text += row.joined(separator: "\t") + "\n" }
    return text
  }

  /// A proportion with six decimals (what ADMIXTURE's .Q files carry).
  static func proportion(_ value: Double) -> String { String(format: "%.6f", value) }

  /// A parameter at full precision (shortest text that reads back exactly).
  static func exact(_ value: Double) -> String { "\(value)" }

  /// `value` with `decimals` decimals.
  static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

  /// A count, or NA when missing.
  static func count(_ value: Double) -> String { value.isNaN ? "NA" : String(Int(value)) }

  /// Admixture proportions with ids: header `id pop0 pop1 …` (or the
  /// populations' names), one row per individual, six decimals.
  ///
  /// - Precondition: one id per row of `q`, and one name per column when named.
  static func proportions(_ q: Matrix, individuals ids: [String], populations names: [String]? = nil) -> String {
    precondition(ids.count == q.rows, "One id per individual is needed")
    precondition(names == nil || names!.count == q.columns, "One name per population is needed")
    return table(header: ["id"] + (names ?? populationNames(q.columns)),
                 rows: ids.indices.map { [idField(ids[$0])] + q.row($0).map(proportion) })
  }

  /// An id as the first field of a row: as it is, but with a backslash
  /// before a leading `#` or `\`, so that the line does not read as a
  /// comment (``DelimitedText/id(_:)`` takes the backslash off again).
  static func idField(_ id: String) -> String {
    id.hasPrefix("#") || id.hasPrefix("\\") ? "\\" + id : id
  }

  /// Names for population columns: pop0, pop1, …
  static func populationNames(_ count: Int) -> [String] { (0..<count).map { "pop\($0)" } }
}
