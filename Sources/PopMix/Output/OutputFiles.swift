import Foundation

/// A set of output files written all-or-nothing.
///
/// Contents are staged in memory; ``commit()`` writes each to a temporary
/// file beside its destination and then renames them into place, so a run
/// that fails or is interrupted never leaves a half-written output file.
public struct OutputFiles {
  private var staged: [(path: String, contents: Data)] = []

  public init() {}

  /// The paths staged so far, in order.
  public var paths: [String] { staged.map(\.path) }

  /// Stages `contents` for `path`.
  public mutating func add(_ path: String, _ contents: String) {
    staged.append((path, Data(contents.utf8)))
  }

  /// Stages binary `contents` (a `.bed` file) for `path`.
  public mutating func add(_ path: String, bytes contents: [UInt8]) {
    staged.append((path, Data(contents)))
  }

  /// Writes every staged file, all or nothing.
  ///
  /// Each file is written to a temporary file beside its destination; then
  /// existing destinations are hard-linked to backups and the temporaries
  /// renamed into place. If any step fails, the files already moved are
  /// put back from the backups, so the destinations are as they were.
  ///
  /// - Throws: ``InputError`` naming the first file that could not be
  ///   written or moved; no temporary or backup file is left behind.
  public func commit() throws {
    var temporaries: [String] = []
    defer { for temporary in temporaries { try? FileManager.default.removeItem(atPath: temporary) } }
    for (path, contents) in staged {
      let temporary = Self.sidePath(for: path, tag: "tmp")
      temporaries.append(temporary)
      guard FileManager.default.createFile(atPath: temporary, contents: contents) else {
        throw InputError("cannot write the file (does its folder exist, and may it be written?)", file: path)
      }
    }
    // Back up what is there now (a hard link costs no copy).
    var backups: [String?] = []
    defer { for case let backup? in backups { try? FileManager.default.removeItem(atPath: backup) } }
    for (path, _) in staged {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        if isDirectory.boolValue { throw InputError("cannot replace the output: a folder has its name", file: path) }
        let backup = Self.sidePath(for: path, tag: "old")
        guard link(path, backup) == 0 else {
          throw InputError("cannot replace the output: \(String(cString: strerror(errno)))", file: path)
        }
        backups.append(backup)
      } else {
        backups.append(nil)
      }
    }
    for (index, (path, _)) in staged.enumerated() where rename(temporaries[index], path) != 0 {
      let reason = String(cString: strerror(errno))
      // Undo the moves already made.
      for undo in 0..<index {
        let destination = staged[undo].path
        if let backup = backups[undo] { rename(backup, destination) } else { unlink(destination) }
      }
      throw InputError("cannot move the finished file into place: \(reason)", file: path)
    }
  }

  private static func sidePath(for path: String, tag: String) -> String {
    let url = URL(fileURLWithPath: path)
    let name = ".\(url.lastPathComponent).\(getpid()).\(tag)"
    return url.deletingLastPathComponent().appendingPathComponent(name).path
  }
}
