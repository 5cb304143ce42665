import Foundation

/// An SVG picture built element by element, as text.
///
/// Coordinates are in pixels from the top left. Numbers are written with at
/// most two decimals, which is finer than any screen or printer needs and
/// keeps large plots small.
public struct SVGDocument: Sendable {
  /// The picture's size in pixels.
  public let width: Double
  public let height: Double
  private var body = ""

  /// An empty picture of `width` by `height` pixels.
  ///
  /// - Precondition: both are positive.
  public init(width: Double, height: Double) {
    precondition(width > 0 && height > 0, "A picture needs a positive size")
    self.width = width
    self.height = height
  }

  /// A number as SVG attributes take it: at most two decimals, no
  /// trailing zeros.
  static func number(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  /// `text` with the five XML special characters escaped.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }

  /// Attributes as ` name="value"` pairs, values escaped.
  private static func attributes(_ pairs: KeyValuePairs<String, String>) -> String {
    pairs.map { " \($0.key)=\"\(escaped($0.value))\"" }.joined()
  }

  /// A rectangle.
  public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                            stroke: String? = nil) {
    body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(fill)\""
    if let stroke { body += " stroke=\"\(stroke)\"" }
    body += "/>\n"
  }

  /// A path with data `d` (already formatted), filled or stroked.
  public mutating func path(_ d: String, fill: String = "none", stroke: String? = nil, strokeWidth: Double = 1) {
    body += "<path d=\"\(d)\" fill=\"\(fill)\""
    if let stroke { body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\"" }
    body += "/>\n"
  }

  /// A straight line.
  public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                            dashed: Bool = false) {
    body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
    body += dashed ? " stroke-dasharray=\"4 3\"/>\n" : "/>\n"
  }

  /// A circle.
  public mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil) {
    body += "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\""
    if let stroke { body += " stroke=\"\(stroke)\"" }
    body += "/>\n"
  }

  /// Where a text's anchor point sits on it.
  public enum Anchor: String, Sendable { case start, middle, end }

  /// One line of text at (x, y) (the baseline), turned by `rotation`
  /// degrees about that point.
  public mutating func text(_ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                            rotation: Double = 0, bold: Bool = false, fill: String = "#222222") {
    body += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
    if bold { body += " font-weight=\"bold\"" }
    if rotation != 0 {
      body += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
    }
    body += ">\(Self.escaped(text))</text>\n"
  }

  /// Opens a group with the given attributes; close it with ``endGroup()``.
  public mutating func beginGroup(_ pairs: KeyValuePairs<String, String>) {
    body += "<g\(Self.attributes(pairs))>\n"
  }

  /// Closes the group last opened.
  public mutating func endGroup() { body += "</g>\n" }

  /// A `<title>` for the element or group it sits in (shown on hover).
  public mutating func title(_ text: String) { body += "<title>\(Self.escaped(text))</title>\n" }

  /// The whole document, standalone (with the XML declaration) or to be
  /// placed inside an HTML page.
  public func rendered(standalone: Bool = true) -> String {
    let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
    let head = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
    return head + "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) font-family=\"Helvetica, Arial, sans-serif\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
  }
}
