import CZlib
import Foundation

/// A file's bytes read in chunks, gunzipped on the way when the file is
/// gzip-compressed, so that large inputs (a VCF of gigabytes) are streamed
/// rather than loaded.
///
/// A file that starts with the gzip magic (`1f 8b`) is inflated, member
/// after member (bgzip writes many members); any other file is passed
/// through as is. What the gzip format can tell about a damaged file is
/// reported as a ``PopMixError`` naming the file, never as a silent end:
/// a member cut short, corrupt data, bytes after the last member that are
/// not gzip, and, for BGZF (bgzip's format, recognised by the `BC` extra
/// field of its first member), a missing end-of-file block: a BGZF file
/// cut at a block boundary is otherwise a valid gzip file.
final class CompressedFileReader {
  /// The bytes requested per read by ``forEachLine(chunkSize:_:)`` unless told otherwise.
  static let defaultChunkSize = 1 << 20
  /// Compressed bytes read from the file at a time.
  private static let inputCapacity = 1 << 17

  /// Where the reading is.
  private enum State {
    /// A file that is not gzip: bytes pass through.
    case plain
    /// Inside a gzip member.
    case inMember
    /// After a member's trailer: another member or the end of the file follows.
    case betweenMembers
    /// The end of the data has been returned.
    case finished
  }

  /// The path as the user gave it, for messages.
  let path: String
  private let descriptor: Int32
  /// Bytes read from the file; `input[inputStart..<inputEnd]` are not yet used.
  private let input: UnsafeMutableBufferPointer<UInt8>
  private var inputStart = 0
  private var inputEnd = 0
  /// Whether read(2) has reported the end of the file.
  private var fileEnded = false
  /// zlib's state, for a gzip file; allocated, since zlib keeps its address.
  private var stream: UnsafeMutablePointer<z_stream>?
  private var state = State.plain
  /// Whether the first member carries BGZF's `BC` extra field.
  private var isBGZF = false
  /// Bytes inflated from the current (or last) member.
  private var memberOutput = 0

  /// Opens the file at `path` for reading.
  ///
  /// - Throws: ``PopMixError`` naming the file when it is missing, is a
  ///   folder, or cannot be opened or read.
  init(path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw PopMixError.ioFailure("cannot read the file: no such file", file: path, .read, SystemError(code: ENOENT))
    }
    // open(2) accepts a folder and only read(2) fails, with a vaguer message.
    if isDirectory.boolValue {
      throw PopMixError.ioFailure("cannot read the file: it is a folder", file: path, .read, SystemError(code: EISDIR))
    }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw PopMixError.ioFailure("cannot read the file: \(SystemError.current)", file: path, .read, .current)
    }
    self.path = path
    self.descriptor = descriptor
    input = .allocate(capacity: Self.inputCapacity)
    // Enough bytes to see the magic and a BGZF header (18 bytes).
    while inputEnd < 18 && !fileEnded { try fill() }
    guard inputEnd >= 2 && input[0] == 0x1F && input[1] == 0x8B else { return }
    isBGZF = Self.hasBGZFField(UnsafeBufferPointer(rebasing: input[0..<inputEnd]))
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    self.stream = stream
    // 15 + 16: a 32 KB window, gzip wrapping only (the magic was checked).
    let code = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard code == Z_OK else {
      throw PopMixError.ioFailure("cannot decompress the file: zlib error \(code)", file: path, .decompress,
                                  SystemError(code: code == Z_MEM_ERROR ? ENOMEM : EIO))
    }
    state = .inMember
  }

  deinit {
    if let stream {
      if state != .plain { inflateEnd(stream) }
      stream.deallocate()
    }
    input.deallocate()
    close(descriptor)
  }

  /// Reads up to `buffer.count` bytes into the start of `buffer`.
  ///
  /// - Returns: the number of bytes read; 0 only at the end of the file.
  /// - Throws: ``PopMixError`` naming the file when the gzip stream is
  ///   truncated, corrupt or followed by other bytes, a BGZF file has no
  ///   end-of-file block, or reading fails.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else { return 0 }
    switch state {
    case .finished:
      return 0
    case .plain:
      if inputStart < inputEnd {
        let count = min(buffer.count, inputEnd - inputStart)
        (base).update(from: input.baseAddress! + inputStart, count: count)
        inputStart += count
        return count
      }
      return fileEnded ? 0 : try readFile(into: UnsafeMutableRawBufferPointer(buffer))
    case .inMember, .betweenMembers:
      return try inflate(into: UnsafeMutableBufferPointer(start: base, count: buffer.count))
    }
  }

  /// Inflates into `buffer` until it is full or the data end.
  private func inflate(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
    let stream = stream!
    var produced = 0
    while produced < buffer.count {
      if state == .betweenMembers {
        if inputEnd - inputStart < 2 && !fileEnded {
          try fill()
          continue
        }
        if inputStart == inputEnd {
          if isBGZF && memberOutput != 0 {
            throw PopMixError.badData("truncated: no BGZF end-of-file block (the file was cut short at a block boundary, "
                               + "or its writing did not finish)", file: path)
          }
          state = .finished
          break
        }
        guard inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B else {
          throw PopMixError.badData("the file goes on after the end of its gzip stream with bytes that are not gzip "
                             + "(is it damaged, or was something appended to it?)", file: path)
        }
        inflateReset(stream)
        memberOutput = 0
        state = .inMember
      }
      if inputStart == inputEnd && !fileEnded { try fill() }
      let room = UInt32(min(buffer.count - produced, Int(UInt32.max)))
      stream.pointee.next_in = input.baseAddress! + inputStart
      stream.pointee.avail_in = UInt32(inputEnd - inputStart)
      stream.pointee.next_out = buffer.baseAddress! + produced
      stream.pointee.avail_out = room
      let code = CZlib.inflate(stream, Z_NO_FLUSH)
      let made = Int(room - stream.pointee.avail_out)
      produced += made
      memberOutput += made
      inputStart = inputEnd - Int(stream.pointee.avail_in)
      switch code {
      case Z_OK:
        continue
      case Z_STREAM_END:
        state = .betweenMembers
      case Z_BUF_ERROR where inputStart == inputEnd:
        // No progress for want of input: more is read next time round, unless the file has ended.
        if fileEnded {
          throw PopMixError.badData("the gzip stream is truncated (the file ends in the middle of compressed data)", file: path)
        }
      case Z_DATA_ERROR:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data"
        throw PopMixError.badData("the gzip stream is corrupt: \(detail)", file: path)
      case Z_MEM_ERROR:
        throw PopMixError.ioFailure("cannot decompress the file: out of memory", file: path, .decompress, SystemError(code: ENOMEM))
      default:
        throw PopMixError.ioFailure("cannot decompress the file: zlib error \(code)", file: path, .decompress, SystemError(code: EIO))
      }
    }
    return produced
  }

  /// Reads more of the file after the unused input, moving that to the front.
  private func fill() throws {
    if inputStart > 0 {
      let base = input.baseAddress!
      if inputStart < inputEnd { memmove(base, base + inputStart, inputEnd - inputStart) }
      inputEnd -= inputStart
      inputStart = 0
    }
    let free = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: input[inputEnd...]))
    inputEnd += try readFile(into: free)
  }

  /// One read(2) into `buffer`, retried on EINTR; marks the end of the file.
  private func readFile(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard buffer.count > 0 else { return 0 }
    while true {
      let count = readFromDescriptor(descriptor, buffer.baseAddress, buffer.count)
      if count > 0 { return count }
      if count == 0 {
        fileEnded = true
        return 0
      }
      if errno != EINTR {
        throw PopMixError.ioFailure("cannot read the file: \(SystemError.current)", file: path, .read, .current)
      }
    }
  }

  /// Whether a gzip header carries BGZF's extra subfield `BC`.
  private static func hasBGZFField(_ header: UnsafeBufferPointer<UInt8>) -> Bool {
    // ID1 ID2 CM FLG MTIME(4) XFL OS XLEN(2), then XLEN bytes of subfields: SI1 SI2 SLEN(2) data.
    guard header.count >= 12, header[3] & 0x04 != 0 else { return false }
    let end = min(header.count, 12 + (Int(header[10]) | Int(header[11]) << 8))
    var offset = 12
    while offset + 4 <= end {
      if header[offset] == UInt8(ascii: "B") && header[offset + 1] == UInt8(ascii: "C") { return true }
      offset += 4 + (Int(header[offset + 2]) | Int(header[offset + 3]) << 8)
    }
    return false
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
}

/// read(2), under a name the reader's own `read(into:)` does not hide.
private func readFromDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
