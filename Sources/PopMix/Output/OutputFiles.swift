import Foundation

/// A set of output files written all-or-nothing.
///
/// Contents are staged in memory; ``commit()`` writes each to a temporary
/// file beside its destination and then renames them into place, so a run
/// that fails or is interrupted never leaves a half-written output file.
///
/// What can still happen: the renames are one per file, so a process killed
/// by SIGKILL, or a machine losing power, between two of them leaves some
/// outputs new and some old, plus hidden `.NAME.PID.tmp` or `.NAME.PID.old`
/// files beside them (the folder itself is not synced, so after a power
/// loss a rename may also be undone). SIGINT, SIGTERM and SIGHUP do not:
/// see ``commit()``.
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
  /// Each file is written to a temporary file beside its destination and
  /// flushed to disk; then existing destinations are hard-linked to backups
  /// and the temporaries renamed into place. If any step fails, the files
  /// already moved are put back from the backups, so the destinations are
  /// as they were. A SIGINT, SIGTERM or SIGHUP that arrives meanwhile is
  /// held: the commit undoes what it did in the same way (or, once every
  /// file is in place, finishes), removes its temporary and backup files,
  /// and then lets the signal end the process.
  ///
  /// - Throws: ``PopMixError/io(_:)`` naming the first file that could not
  ///   be written or moved and why (the system's `errno`), or
  ///   ``PopMixError/interrupted(signal:)`` if a signal did not end the
  ///   process; no temporary or backup file is left behind.
  public func commit() throws {
    let interruption = CommitInterruption()
    let temporaries = staged.enumerated().map { Self.sidePath(for: $1.path, tag: "tmp", index: $0) }
    var backups: [String?] = []
    var moved = 0
    do {
      for (index, (path, contents)) in staged.enumerated() {
        try Self.write(contents, to: temporaries[index], reportingAs: path, interruption: interruption)
      }
      Self.pauseForTests(at: "written", interruption)
      try interruption.check()
      // Back up what is there now (a hard link costs no copy).
      for (index, (path, _)) in staged.enumerated() {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
          if isDirectory.boolValue { throw PopMixError.ioFailure("cannot replace the output: a folder has its name", file: path, .replace, SystemError(code: EISDIR)) }
          let backup = Self.sidePath(for: path, tag: "old", index: index)
          unlink(backup)  // a leftover of a killed run with the same process id
          guard link(path, backup) == 0 else {
            let error = SystemError.current
            throw PopMixError.ioFailure("cannot replace the output: \(error)", file: path, .replace, error)
          }
          backups.append(backup)
        } else {
          backups.append(nil)
        }
      }
      for (index, (path, _)) in staged.enumerated() {
        try interruption.check()
        guard rename(temporaries[index], path) == 0 else {
          let error = SystemError.current
          throw PopMixError.ioFailure("cannot move the finished file into place: \(error)", file: path, .moveIntoPlace, error)
        }
        moved += 1
        if moved == 1 { Self.pauseForTests(at: "renamed", interruption) }
      }
    } catch {
      // Undo the moves already made.
      for undo in 0..<moved {
        let destination = staged[undo].path
        if let backup = backups[undo] { rename(backup, destination) } else { unlink(destination) }
      }
      Self.removeAll(temporaries, backups)
      interruption.end()
      // Reached only if the signal, raised again, did not end the process.
      if let interrupted = error as? CommitInterruption.Interrupted {
        throw PopMixError.interrupted(signal: interrupted.signal)
      }
      throw error
    }
    Self.removeAll(temporaries, backups)
    interruption.end()
  }

  /// Writes `contents` to a new file at `path` and flushes it to disk.
  ///
  /// - Throws: ``PopMixError/io(_:)`` naming `destination` with the system's error,
  ///   or ``CommitInterruption/Interrupted``.
  private static func write(_ contents: Data, to path: String, reportingAs destination: String,
                            interruption: CommitInterruption) throws {
    // Not O_EXCL: a file of this name can only be a leftover of a killed run.
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      let error = SystemError.current
      throw PopMixError.ioFailure("cannot write the file: \(error)", file: destination, .write, error)
    }
    var failure: SystemError? = nil
    do {
      try contents.withUnsafeBytes { try writeAll($0, to: descriptor, checkpoint: { try interruption.check() }) }
      if fsync(descriptor) != 0 { failure = .current }
    } catch let error as SystemError {
      failure = error
    } catch {
      close(descriptor)
      throw error
    }
    // close can report a failed delayed write (NFS).
    if close(descriptor) != 0 && failure == nil { failure = .current }
    if let failure { throw PopMixError.ioFailure("cannot write the file: \(failure)", file: destination, .write, failure) }
  }

  private static func removeAll(_ temporaries: [String], _ backups: [String?]) {
    for temporary in temporaries { unlink(temporary) }
    for case let backup? in backups { unlink(backup) }
  }

  /// The hidden file `.NAME.PID.TAG` beside `path`; NAME is shortened when
  /// the whole would exceed the system's 255-byte limit on a file name (and
  /// then the file's place in the set tells it from its siblings).
  private static func sidePath(for path: String, tag: String, index: Int) -> String {
    let url = URL(fileURLWithPath: path)
    var name = url.lastPathComponent
    let suffix = ".\(getpid()).\(tag)"
    if 1 + name.utf8.count + suffix.utf8.count > 255 {
      let room = 255 - 1 - suffix.utf8.count - ".\(index)".utf8.count
      var short = ""
      for character in name {
        if short.utf8.count + character.utf8.count > room { break }
        short.append(character)
      }
      name = short + ".\(index)"
    }
    return url.deletingLastPathComponent().appendingPathComponent("." + name + suffix).path
  }

  /// Test hook: when the environment variable `POPMIX_TEST_PAUSE_COMMIT`
  /// names `phase` ("written": every temporary written, nothing moved;
  /// "renamed": the first file moved into place), says so on standard
  /// error and waits (at most a minute) for a signal, so that end-to-end
  /// tests can interrupt a commit at a known point.
  private static func pauseForTests(at phase: String, _ interruption: CommitInterruption) {
    guard ProcessInfo.processInfo.environment["POPMIX_TEST_PAUSE_COMMIT"] == phase else { return }
    try? StandardStream.error.write("popmix: paused in commit (\(phase))\n")
    for _ in 0..<6000 where interruption.signal == nil { usleep(10_000) }
  }
}
