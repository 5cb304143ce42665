/// One fuzz input cut into a PLINK trio's three files.
///
/// The input is `.fam`, the separator, `.bim`, the separator, `.bed`: text,
/// text, binary. Only the first two separators cut, so the `.bed` may hold
/// any bytes. A separator-free input has only a `.fam`; one separator, a
/// `.fam` and a `.bim` (the missing files are absent, not empty).
struct TrioSplit {
  /// A line that neither text file has a reason to hold: the mutator can
  /// still make one, which only moves the cut.
  static let separator: [UInt8] = Array("~~~\n".utf8)

  var fam: UnsafeBufferPointer<UInt8>
  var bim: UnsafeBufferPointer<UInt8>?
  var bed: UnsafeBufferPointer<UInt8>?

  /// Cuts `input` at its first two separators.
  init(_ input: UnsafeBufferPointer<UInt8>) {
    var parts: [UnsafeBufferPointer<UInt8>] = []
    var start = 0
    while parts.count < 2, let cut = Self.find(Self.separator, in: input, from: start) {
      parts.append(UnsafeBufferPointer(rebasing: input[start..<cut]))
      start = cut + Self.separator.count
    }
    parts.append(UnsafeBufferPointer(rebasing: input[start...]))
    fam = parts[0]
    bim = parts.count > 1 ? parts[1] : nil
    bed = parts.count > 2 ? parts[2] : nil
  }

  /// The offset of the first `needle` in `input` at or after `start`.
  private static func find(_ needle: [UInt8], in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard input.count >= needle.count else { return nil }
    var offset = start
    while offset + needle.count <= input.count {
      if input[offset] == needle[0] && input[offset..<offset + needle.count].elementsEqual(needle) { return offset }
      offset += 1
    }
    return nil
  }
}
