/// An HTML page built section by section: self-contained (styles inline,
/// pictures as inline SVG, no scripts, nothing fetched).
struct ReportPage {
  var title: String
  private var sections = ""

  init(title: String) { self.title = title }

  /// `text` with HTML's special characters escaped.
  static func escaped(_ text: String) -> String { SVGDocument.escaped(text) }

  /// The command that made the result, when recorded.
  mutating func command(_ command: String?) {
    guard let command else { return }
    sections += "<p>Made by <code>\(Self.escaped(command))</code></p>\n"
  }

  /// A table of figures: name, value, what it means.
  mutating func figures(_ heading: String, _ rows: [(String, String, String)]) {
    sections += "<h2>\(Self.escaped(heading))</h2>\n<table>\n<tr><th>figure</th><th>value</th><th>what it means</th></tr>\n"
    for (name, value, meaning) in rows {
      sections += "<tr><td>\(Self.escaped(name))</td><td class=\"n\">\(Self.escaped(value))</td><td>\(Self.escaped(meaning))</td></tr>\n"
    }
    sections += "</table>\n"
  }

  /// A table with a header and a note under it.
  mutating func table(_ heading: String, header: [String], rows: [[String]], note: String) {
    sections += "<h2>\(Self.escaped(heading))</h2>\n<p>\(Self.escaped(note))</p>\n"
    guard !rows.isEmpty else { return }
    sections += "<table>\n<tr>" + header.map { "<th>\(Self.escaped($0))</th>" }.joined() + "</tr>\n"
    for row in rows { sections += "<tr>" + row.map { "<td>\(Self.escaped($0))</td>" }.joined() + "</tr>\n" }
    sections += "</table>\n"
  }

  /// A picture with a heading and a note.
  mutating func svg(_ heading: String, _ picture: SVGDocument, note: String) {
    sections += "<h2>\(Self.escaped(heading))</h2>\n<p>\(Self.escaped(note))</p>\n<div class=\"figure\">\n"
      + picture.rendered(standalone: false) + "</div>\n"
  }

  /// Preformatted text.
  mutating func paragraph(_ text: String) {
    sections += "<pre>\(Self.escaped(text))</pre>\n"
  }

  /// The whole page.
  func html() -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>\(Self.escaped(title))</title>
    <style>
    body { font-family: Helvetica, Arial, sans-serif; max-width: 1500px; margin: 2em auto; padding: 0 1em; color: #222; }
    table { border-collapse: collapse; margin: 0.5em 0 1em; }
    th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; vertical-align: top; }
    td.n { font-variant-numeric: tabular-nums; white-space: nowrap; }
    code, pre { background: #f4f4f4; padding: 0.1em 0.3em; }
    .figure { overflow-x: auto; }
    </style>
    </head>
    <body>
    <h1>\(Self.escaped(title))</h1>
    \(sections)</body>
    </html>

    """
  }
}
