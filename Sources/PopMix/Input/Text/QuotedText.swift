/// File content shown in a message: printable text as it is, every other
/// byte escaped, long text cut short.
///
/// A message quotes what it found (`'abc' is not a number`); when the file
/// is binary or in another encoding, the raw bytes would garble the
/// terminal, so they are written as `\xNN` instead.
enum QuotedText {
  /// The longest excerpt shown, in characters, before it is cut with `...`.
  static let defaultLimit = 40

  /// `bytes` as message text: printable UTF-8 kept, control characters and
  /// invalid UTF-8 written as `\xNN`; cut to `limit` characters (the last
  /// three being `...`) when longer.
  ///
  /// - Precondition: `limit >= 4`.
  static func excerpt<Bytes: Collection<UInt8>>(_ bytes: Bytes, limit: Int = defaultLimit) -> String {
    precondition(limit >= 4, "An excerpt needs room for some text and the ellipsis")
    let bytes = Array(bytes)
    var pieces: [String] = []
    var length = 0
    var i = 0
    // Escapes count at their printed width; collecting stops once past the limit.
    while i < bytes.count && length <= limit {
      let (piece, used) = Self.piece(bytes, at: i)
      pieces.append(piece)
      length += piece.count
      i += used
    }
    if i == bytes.count && length <= limit { return pieces.joined() }
    var kept = ""
    var keptLength = 0
    for piece in pieces {
      guard keptLength + piece.count <= limit - 3 else { break }
      kept += piece
      keptLength += piece.count
    }
    return kept + "..."
  }

  /// `text` as message text (see ``excerpt(_:limit:)``).
  static func excerpt(_ text: String, limit: Int = defaultLimit) -> String {
    excerpt(Array(text.utf8), limit: limit)
  }

  /// The character starting at `bytes[start]`, or its escape, and the number of bytes it takes.
  private static func piece(_ bytes: [UInt8], at start: Int) -> (String, Int) {
    let lead = bytes[start]
    if lead < 0x80 {
      return (0x20...0x7E).contains(lead) ? (String(UnicodeScalar(lead)), 1) : (hex(lead), 1)
    }
    let length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
    guard length > 0, start + length <= bytes.count,
          let text = String(validating: bytes[start..<(start + length)], as: UTF8.self),
          let scalar = text.unicodeScalars.first,
          scalar.properties.generalCategory != .control, scalar.properties.generalCategory != .format
    else { return (hex(lead), 1) }
    return (text, length)
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "\\x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
  }
}
