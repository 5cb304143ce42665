import CZlib
import Foundation

/// A file's bytes read in chunks, gunzipped on the way when the file is
/// gzip-compressed, so that large inputs (a VCF of gigabytes) are streamed
/// rather than loaded.
///
/// zlib decides from the first bytes: a file that starts with the gzip magic
/// (`1f 8b`) is inflated, member after member (bgzip writes many members);
/// any other file is passed through as is. A stream cut short or corrupted is
/// reported as an ``InputError`` naming the file, never as a silent end.
final class CompressedFileReader {
  /// The bytes requested per read by ``forEachLine(chunkSize:_:)`` unless told otherwise.
  static let defaultChunkSize = 1 << 20

  /// The path as the user gave it, for messages.
  let path: String
  /// The zlib handle, open from `init` to `deinit`.
  private let file: gzFile

  /// Opens the file at `path` for reading.
  ///
  /// - Throws: ``InputError`` naming the file when it is missing, is a
  ///   folder, or cannot be opened.
  init(path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InputError("cannot read the file: no such file", file: path)
    }
    // open(2) accepts a folder and only read(2) fails, with a vaguer message.
    if isDirectory.boolValue {
      throw InputError("cannot read the file: it is a folder", file: path)
    }
    guard let file = gzopen(path, "rb") else {
      throw InputError("cannot read the file: \(String(cString: strerror(errno)))", file: path)
    }
    // zlib's 8 KB default costs a system call per 8 KB; larger is measurably faster.
    gzbuffer(file, 1 << 17)
    self.path = path
    self.file = file
  }

  deinit { gzclose(file) }

  /// Reads up to `buffer.count` bytes into the start of `buffer`.
  ///
  /// - Returns: the number of bytes read; 0 only at the end of the file.
  /// - Throws: ``InputError`` naming the file when the gzip stream is
  ///   truncated or corrupt, or reading fails.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    // gzread takes an unsigned int and fails above INT_MAX.
    let request = UInt32(min(buffer.count, Int(Int32.max)))
    let count = gzread(file, base, request)
    // A truncated stream is not a -1: gzread returns what it has and sets
    // Z_BUF_ERROR, so the error state is checked after every read.
    var code: Int32 = Z_OK
    let message = gzerror(file, &code)
    if count < 0 || (code != Z_OK && code != Z_STREAM_END) {
      throw InputError(describe(code: code, message: message), file: path)
    }
    return Int(count)
  }

  /// Calls `body` with each line's bytes and its number, counting from 1.
  ///
  /// The bytes exclude the line feed and a carriage return just before it
  /// (CRLF files read like LF files); a last line without a line feed is
  /// still a line. They point into a buffer reused for the next line, so
  /// `body` must copy what it keeps. Lines longer than `chunkSize` grow the
  /// buffer to fit.
  ///
  /// - Parameters:
  ///   - chunkSize: bytes requested per read; small values are for tests.
  ///   - body: called once per line, in order; what it throws stops the reading.
  /// - Throws: what ``read(into:)`` or `body` throws.
  /// - Complexity: O(file size); memory O(chunkSize + the longest line).
  /// - Precondition: `chunkSize > 0`.
  func forEachLine(chunkSize: Int = defaultChunkSize,
                   _ body: (_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws -> Void) throws {
    precondition(chunkSize > 0, "A chunk holds at least one byte")
    var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
    defer { buffer.deallocate() }
    // buffer[start..<end] is read but not yet consumed; buffer[start..<scanned] has no line feed.
    var start = 0
    var end = 0
    var scanned = 0
    var number = 0
    var atEnd = false
    let newline = Int32(UInt8(ascii: "\n"))

    /// Hands buffer[start..<stop] to `body`, without a trailing carriage return.
    func emit(upTo stop: Int) throws {
      var stop = stop
      if stop > start && buffer[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
      number += 1
      try body(UnsafeBufferPointer(rebasing: buffer[start..<stop]), number)
    }

    while true {
      let base = buffer.baseAddress!
      if let found = memchr(base + scanned, newline, end - scanned) {
        let stop = found.assumingMemoryBound(to: UInt8.self) - base
        try emit(upTo: stop)
        start = stop + 1
        scanned = start
        continue
      }
      scanned = end
      if atEnd {
        if start < end { try emit(upTo: end) }
        return
      }
      // Keep the partial line at the front, and double the buffer if it fills it.
      if start > 0 {
        memmove(base, base + start, end - start)
        end -= start
        scanned -= start
        start = 0
      }
      if end == buffer.count {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 2 * buffer.count)
        larger.baseAddress!.initialize(from: base, count: end)
        buffer.deallocate()
        buffer = larger
      }
      let count = try read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[end...])))
      if count == 0 { atEnd = true } else { end += count }
    }
  }

  /// A sentence for a zlib error state.
  private func describe(code: Int32, message: UnsafePointer<CChar>?) -> String {
    // zlib prefixes its messages with the path, which InputError already shows.
    var detail = message.map { String(cString: $0) } ?? ""
    if detail.hasPrefix(path + ": ") { detail.removeFirst(path.count + 2) }
    switch code {
    case Z_BUF_ERROR:
      return "the gzip stream is truncated (the file ends in the middle of compressed data)"
    case Z_ERRNO:
      return "cannot read the file: \(detail.isEmpty ? "input/output error" : detail)"
    case Z_DATA_ERROR:
      return "the gzip stream is corrupt: \(detail.isEmpty ? "invalid compressed data" : detail)"
    default:
      return "cannot decompress the file: zlib error \(code)\(detail.isEmpty ? "" : " (\(detail))")"
    }
  }
}
