import Foundation

/// Standard output or standard error, written with checked `write(2)` calls.
///
/// Foundation's `FileHandle.write(_:)` traps when a write fails (a full
/// disk, a closed pipe); these writes throw instead, so that the command
/// can say what happened and exit.
public enum StandardStream: Sendable {
  case output
  case error

  /// The stream's file descriptor.
  public var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }

  /// Writes all of `text` (UTF-8).
  ///
  /// - Throws: ``PopMixError/io(_:)`` with the `errno` of the write that
  ///   failed (``name`` as its path); part of `text` may have been written
  ///   by then.
  public func write(_ text: String) throws {
    var text = text
    do {
      try text.withUTF8 { try writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    } catch let error as SystemError {
      throw PopMixError.ioFailure("\(error)", file: name, .write, error)
    }
  }

  /// "standard output" or "standard error".
  public var name: String { self == .output ? "standard output" : "standard error" }
}

/// Writes every byte of `bytes` to `descriptor`, retrying short writes and
/// writes interrupted by a signal, in pieces of at most `piece` bytes.
///
/// - Parameters:
///   - checkpoint: runs before each piece; what it throws ends the writing
///     (``OutputFiles`` stops there when it has been interrupted).
/// - Throws: ``SystemError`` with the failing write's `errno`, or what
///   `checkpoint` throws.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, piece: Int = 1 << 22,
              checkpoint: () throws -> Void = {}) throws {
  var offset = 0
  while offset < bytes.count {
    try checkpoint()
    let length = min(piece, bytes.count - offset)
    let written = write(descriptor, bytes.baseAddress! + offset, length)
    if written < 0 {
      if errno == EINTR { continue }
      throw SystemError.current
    }
    offset += written
  }
}
