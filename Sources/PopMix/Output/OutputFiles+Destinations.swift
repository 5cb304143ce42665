import Foundation

extension OutputFiles {
  /// Checks, before any work, that files can be written at `path`: its
  /// folder exists, is a folder and may be written in, and the longest
  /// name to be written there fits the system's limit.
  ///
  /// A job calls this on its output prefix (and trace file) before reading
  /// its data, so that a long fit does not end in "cannot write".
  ///
  /// - Parameters:
  ///   - path: an output file, or an output prefix, as the user gave it.
  ///   - longestSuffix: what is appended to `path` for its longest output
  ///     file name (".summary.json" for a fit's prefix; "" for a file).
  /// - Throws: ``PopMixError/io(_:)`` naming `path`, e.g. "out/x: the folder out
  ///   does not exist".
  public static func checkDestination(_ path: String, longestSuffix: String = "") throws {
    let folder = Self.folder(of: path)
    var status = stat()
    if stat(folder, &status) != 0 {
      let error = SystemError.current
      if error.code == ENOENT { throw PopMixError.ioFailure("the folder \(folder) does not exist", file: path, .checkDestination, error) }
      throw PopMixError.ioFailure("cannot use the folder \(folder): \(error)", file: path, .checkDestination, error)
    }
    if status.st_mode & S_IFMT != S_IFDIR {
      throw PopMixError.ioFailure("\(folder) is not a folder", file: path, .checkDestination, SystemError(code: ENOTDIR))
    }
    if access(folder, W_OK | X_OK) != 0 {
      let error = SystemError.current
      throw PopMixError.ioFailure("cannot write in the folder \(folder): \(error)", file: path, .checkDestination, error)
    }
    let name = String(path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...]) + longestSuffix
    if name.utf8.count > 255 {
      throw PopMixError.ioFailure("the file name \(name.prefix(20))… is too long (\(name.utf8.count) bytes, at most 255)",
                                  file: path, .checkDestination, SystemError(code: ENAMETOOLONG))
    }
  }

  /// The folder part of `path` as given: "out" for "out/x" and "out/",
  /// "." for "x", "/" for "/x".
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }
}
