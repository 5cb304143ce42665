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
