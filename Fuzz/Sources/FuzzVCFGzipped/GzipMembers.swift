import CFuzzZlib

/// Bytes compressed as back-to-back gzip members, as bgzip writes them
/// (fixed-size blocks, then an empty member marking the end), so that lines
/// and fields straddle members.
enum GzipMembers {
  /// `input` in members of `memberSize` bytes each, then an empty member.
  ///
  /// - Precondition: `memberSize > 0`.
  static func compress(_ input: UnsafeBufferPointer<UInt8>, memberSize: Int) -> [UInt8] {
    precondition(memberSize > 0, "A member holds at least one byte")
    var stream = z_stream()
    // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
    let status = deflateInit2_(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + memberSize, input.count)
      deflateMember(&stream, UnsafeBufferPointer(rebasing: input[start..<end]), into: &output)
      start = end
    } while start < input.count
    if !input.isEmpty { deflateMember(&stream, UnsafeBufferPointer(rebasing: input[0..<0]), into: &output) }
    return output
  }

  /// Appends one whole gzip member holding `bytes` to `output`.
  private static func deflateMember(_ stream: inout z_stream, _ bytes: UnsafeBufferPointer<UInt8>,
                                    into output: inout [UInt8]) {
    precondition(deflateReset(&stream) == Z_OK, "deflateReset failed")
    let bound = Int(deflateBound(&stream, uLong(bytes.count)))
    var member = [UInt8](repeating: 0, count: bound)
    // zlib's next_in is not const; it never writes through it.
    let input = UnsafeMutablePointer(mutating: bytes.baseAddress)
    let produced = member.withUnsafeMutableBufferPointer { out -> Int in
      stream.next_in = input
      stream.avail_in = uInt(bytes.count)
      stream.next_out = out.baseAddress
      stream.avail_out = uInt(out.count)
      let status = deflate(&stream, Z_FINISH)
      precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound: \(status)")
      return out.count - Int(stream.avail_out)
    }
    output.append(contentsOf: member[..<produced])
  }
}
