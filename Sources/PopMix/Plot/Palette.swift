/// Colours for populations that readers with any common form of colour
/// blindness can tell apart.
///
/// The first eight are Okabe and Ito's set (without black, kept for
/// marks); then Paul Tol's "muted" scheme and the distinct colours of his
/// "light" scheme; 24 in all. Beyond that the list repeats, which a plot
/// with so many populations says in its legend.
public enum Palette {
  /// The colours as `#rrggbb`, in the order populations take them.
  public static let colours: [String] = [
    // Okabe & Ito.
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    // Tol muted.
    "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77", "#CC6677", "#88CCEE",
    // Tol light.
    "#77AADD", "#EE8866", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#EEDD88",
  ]

  /// The colour of population colour index `index` (from 0).
  public static func colour(_ index: Int) -> String {
    precondition(index >= 0, "Colour indices start at 0")
    return colours[index % colours.count]
  }

  /// The red, green and blue bytes of a colour written `#rrggbb`.
  public static func rgb(_ colour: String) -> (UInt8, UInt8, UInt8) {
    let digits = colour.dropFirst()
    precondition(colour.hasPrefix("#") && digits.count == 6, "Colours are written #rrggbb")
    let value = UInt32(digits, radix: 16)!
    return (UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
  }

  /// A colour between a light and a dark blue for a value in [0, 1], for
  /// scatter plots coloured by one proportion (sequential, so that it reads
  /// in grey too).
  public static func ramp(_ value: Double) -> String {
    let t = min(max(value, 0), 1)
    let light = (0xC6, 0xDB, 0xEF), dark = (0x08, 0x30, 0x6B)
    func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
    return String(format: "#%02X%02X%02X", mix(light.0, dark.0), mix(light.1, dark.1), mix(light.2, dark.2))
  }
}
