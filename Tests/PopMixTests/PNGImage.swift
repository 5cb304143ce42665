import CZlib
import Foundation

/// A PNG decoded to RGB bytes: enough of the format for what rsvg-convert
/// writes (8-bit RGB or RGBA, not interlaced), for tests that look at the
/// pixels of a rendered picture.
struct PNGImage {
  let width: Int
  let height: Int
  /// Red, green, blue per pixel, row by row.
  let rgb: [UInt8]

  struct Unsupported: Error, CustomStringConvertible { let description: String }

  /// Decodes `data`.
  ///
  /// - Throws: ``Unsupported`` for a file that is not such a PNG.
  init(_ data: Data) throws {
    let bytes = [UInt8](data)
    guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Unsupported(description: "not a PNG") }
    func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    var offset = 8, width = 0, height = 0, channels = 0
    var compressed: [UInt8] = []
    while offset + 8 <= bytes.count {
      let length = integer(offset)
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      let body = offset + 8
      switch type {
      case "IHDR":
        width = integer(body)
        height = integer(body + 4)
        guard bytes[body + 8] == 8, bytes[body + 12] == 0 else { throw Unsupported(description: "not 8-bit or interlaced") }
        switch bytes[body + 9] {
        case 2: channels = 3
        case 6: channels = 4
        default: throw Unsupported(description: "colour type \(bytes[body + 9])")
        }
      case "IDAT": compressed += bytes[body..<body + length]
      default: break
      }
      offset = body + length + 4
    }
    let stride = width * channels
    var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
    var rawLength = uLongf(raw.count)
    let status = uncompress(&raw, &rawLength, compressed, uLong(compressed.count))
    guard status == Z_OK, Int(rawLength) == raw.count else { throw Unsupported(description: "zlib status \(status)") }
    // Undo each row's filter (PNG spec, section 9).
    var pixels = [UInt8](repeating: 0, count: stride * height)
    for row in 0..<height {
      let filter = raw[row * (stride + 1)]
      for x in 0..<stride {
        let value = Int(raw[row * (stride + 1) + 1 + x])
        let a = x >= channels ? Int(pixels[row * stride + x - channels]) : 0
        let b = row > 0 ? Int(pixels[(row - 1) * stride + x]) : 0
        let c = x >= channels && row > 0 ? Int(pixels[(row - 1) * stride + x - channels]) : 0
        let predicted: Int
        switch filter {
        case 0: predicted = 0
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default: throw Unsupported(description: "filter \(filter)")
        }
        pixels[row * stride + x] = UInt8((value + predicted) & 0xFF)
      }
    }
    var rgb = [UInt8]()
    rgb.reserveCapacity(width * height * 3)
    for pixel in 0..<width * height {
      // Transparent pixels are composited on white, as a viewer shows them.
      let alpha = channels == 4 ? Int(pixels[pixel * 4 + 3]) : 255
      for k in 0..<3 {
        let value = Int(pixels[pixel * channels + k])
        rgb.append(UInt8((value * alpha + 255 * (255 - alpha)) / 255))
      }
    }
    self.width = width
    self.height = height
    self.rgb = rgb
  }

  /// The pixel at column x, row y as `#RRGGBB`.
  func colour(x: Int, y: Int) -> String {
    let at = (y * width + x) * 3
    return String(format: "#%02X%02X%02X", rgb[at], rgb[at + 1], rgb[at + 2])
  }

  /// Renders `svg` with rsvg-convert at `zoom` and decodes the result.
  ///
  /// - Throws: when rsvg-convert is missing (`make deps` installs it) or fails.
  static func rendering(_ svg: String, zoom: Double = 1) throws -> PNGImage {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popmix-png-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("plot.svg"), output = folder.appendingPathComponent("plot.png")
    try svg.write(to: input, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["rsvg-convert", "--zoom", "\(zoom)", "--output", output.path, input.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Unsupported(description: "rsvg-convert failed (status \(process.terminationStatus)); is librsvg2-bin installed? `make deps` installs it")
    }
    return try PNGImage(Data(contentsOf: output))
  }
}
