import Foundation

/// A failed system call, kept as its `errno` so that callers can tell the
/// causes apart (no space, broken pipe, permission, name too long).
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The `errno` value.
  public var code: Int32

  public init(code: Int32) { self.code = code }

  /// The `errno` of a Foundation error from a system call, or `EIO` when
  /// it carries none.
  init(_ error: any Error) {
    let error = error as NSError
    self.init(code: error.domain == NSPOSIXErrorDomain ? Int32(error.code) : EIO)
  }

  /// The error of the system call that just failed.
  static var current: SystemError { SystemError(code: errno) }

  /// The reader on the other end of a pipe has gone.
  public var isBrokenPipe: Bool { code == EPIPE }

  /// The system's sentence for the error, e.g. "No space left on device".
  public var description: String { String(cString: strerror(code)) }
}
