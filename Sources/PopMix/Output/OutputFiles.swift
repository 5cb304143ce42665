import Foundation

/// A set of output files written all-or-nothing.
///
/// Contents are staged in memory; ``commit()`` writes each to a temporary
/// file beside its destination and then renames them into place, so a run
/// that fails or is interrupted never leaves a half-written output file.
public struct OutputFiles {
  private var staged: [(path: String, contents: String)] = []

  public init() {}

  /// The paths staged so far, in order.
  public var paths: [String] { staged.map(\.path) }

  /// Stages `contents` for `path`.
  public mutating func add(_ path: String, _ contents: String) {
    staged.append((path, contents))
  }

  /// Writes every staged file.
  ///
  /// - Throws: ``InputError`` naming the first file that could not be
  ///   written; then no destination has been touched and no temporary file
  ///   is left behind.
  public func commit() throws {
    var temporaries: [String] = []
    do {
      for (path, contents) in staged {
        let temporary = Self.temporaryPath(for: path)
        temporaries.append(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(contents.utf8)) else {
          throw InputError("cannot write the file (does its folder exist, and may it be written?)", file: path)
        }
      }
    } catch {
      for temporary in temporaries { try? FileManager.default.removeItem(atPath: temporary) }
      throw error
    }
    for (index, (path, _)) in staged.enumerated() {
      if rename(temporaries[index], path) != 0 {
        let reason = String(cString: strerror(errno))
        for temporary in temporaries[index...] { try? FileManager.default.removeItem(atPath: temporary) }
        throw InputError("cannot move the finished file into place: \(reason)", file: path)
      }
    }
  }

  private static func temporaryPath(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let name = ".\(url.lastPathComponent).\(getpid()).tmp"
    return url.deletingLastPathComponent().appendingPathComponent(name).path
  }
}
