extension PopMixError {
  /// What popmix was doing with a file when the system refused.
  public enum FileOperation: Sendable, Equatable {
    /// Opening or reading an input file.
    case read
    /// Decompressing a gzip input (zlib could not start or ran out of memory).
    case decompress
    /// Checking, before any work, that an output can be written where asked.
    case checkDestination
    /// Writing an output file's contents (to its temporary file).
    case write
    /// Backing up an existing output before replacing it.
    case replace
    /// Renaming a finished output into place.
    case moveIntoPlace
  }

  /// A file that could not be read or written.
  public struct IOFailure: Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user gave it.
    public var path: String
    /// What was being done.
    public var operation: FileOperation
    /// The system's error, e.g. `ENOSPC` or `EACCES`.
    public var error: SystemError
    /// What happened, as a sentence without a trailing period.
    public var message: String

    public init(path: String, operation: FileOperation, error: SystemError, message: String) {
      self.path = path
      self.operation = operation
      self.error = error
      self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
  }

  /// `operation` on the file at `path` failed with `error`; `message` says so.
  public static func ioFailure(_ message: String, file path: String, _ operation: FileOperation,
                               _ error: SystemError) -> PopMixError {
    .io(IOFailure(path: path, operation: operation, error: error, message: message))
  }
}
