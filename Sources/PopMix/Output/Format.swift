import Foundation

/// Number formats for reports people read.
enum Format {
  /// `value` with `decimals` decimals.
  static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
  /// A short general form (`1`, `0.5`, `1e-08`).
  static func general(_ value: Double) -> String { String(format: "%g", value) }
  /// A share as a percentage with one decimal.
  static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
  /// A whole number with commas between groups of three digits (`10,000`).
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var text = ""
    for (k, digit) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return (value < 0 ? "-" : "") + text
  }
  /// `text` padded on the left to `width`.
  static func right(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
  /// `text` padded on the right to `width`.
  static func left(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
  /// JSON text for an encodable value, keys sorted, indented.
  static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    // Encoding plain numbers, strings, arrays and dictionaries cannot fail.
    let data = try! encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
