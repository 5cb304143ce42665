/// A place in a text file: 1-based line and column.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  /// The file's path as the user gave it.
  public var path: String
  /// The line, counting from 1.
  public var line: Int
  /// The column (byte offset in the line plus one).
  public var column: Int

  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  public var description: String { "\(path):\(line):\(column)" }
}

/// A problem with what the user gave popmix: a file, a table, an option.
///
/// It prints as one sentence, prefixed by `file:line:column` when the
/// problem has a place, or by the file's path when it concerns a whole file.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, as a sentence without a trailing period.
  public var message: String
  /// Where, when the problem is at one place in a file.
  public var location: SourceLocation?
  /// The file concerned, when the problem concerns a whole file.
  public var path: String?

  /// A problem at `location`.
  public init(_ message: String, at location: SourceLocation) {
    self.message = message
    self.location = location
    self.path = location.path
  }

  /// A problem with the file at `path` as a whole.
  public init(_ message: String, file path: String) {
    self.message = message
    self.location = nil
    self.path = path
  }

  /// A problem with no file, such as an option out of range.
  public init(_ message: String) {
    self.message = message
    self.location = nil
    self.path = nil
  }

  public var description: String {
    if let location { return "\(location): \(message)" }
    if let path { return "\(path): \(message)" }
    return message
  }
}
