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

  /// A count, or NA when missing.
  static func count(_ value: Double) -> String { value.isNaN ? "NA" : String(Int(value)) }

  /// Names for population columns: pop0, pop1, …
  static func populationNames(_ count: Int) -> [String] { (0..<count).map { "pop\($0)" } }
}
