import Foundation

/// The files a fuzz target hands to popmix's readers: one folder per
/// process, the same few paths on every input (so that a run of millions of
/// inputs does not fill the temporary folder), removed when the process exits.
public enum FuzzScratch {
  /// The folder, created on first use.
  public static let folder: String = {
    let path = NSTemporaryDirectory() + "popmix-fuzz-\(getpid())"
    mkdir(path, 0o700)
    atexit { FuzzScratch.removeFolder() }
    return path
  }()

  /// The path of `name` inside ``folder``.
  public static func path(_ name: String) -> String { folder + "/" + name }

  /// Replaces the file at `path` with `bytes`.
  ///
  /// POSIX calls rather than Foundation's: they cost a few system calls per
  /// input, which matters at thousands of inputs a second.
  public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { fatalError("cannot create \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let written = Foundation.write(descriptor, base + done, bytes.count - done)
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
      done += written
    }
  }

  /// Removes the file at `path` if there is one.
  public static func remove(_ path: String) { unlink(path) }

  private static func removeFolder() { try? FileManager.default.removeItem(atPath: folder) }
}
