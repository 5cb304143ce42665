import Foundation
import Synchronization

/// The signal that arrived while a commit was in progress (0: none). Set
/// by the handler, which may run on any thread; an atomic store is
/// async-signal-safe.
private let pendingSignal = Atomic<Int32>(0)

/// Catches SIGINT, SIGTERM and SIGHUP while ``OutputFiles`` commits, so
/// that an interrupted commit can clean up before the process ends.
///
/// The handler only records the signal; the commit checks it between steps
/// (``check()``), undoes its work, and ``end()`` then restores the previous
/// handling and raises the signal again, so that the process ends as the
/// signal would have ended it. Signals that were ignored, or had a handler
/// of their own, are left alone, and so is a signal mask inherited from the
/// parent (a blocked signal stays pending until popmix ends). Commits are
/// meant to run one at a time in a process: the flag is shared.
struct CommitInterruption {
  /// The signals caught.
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Thrown by ``check()`` when a signal has arrived.
  struct Interrupted: Error {
    var signal: Int32
  }

  /// The signals whose handler was installed, with the action it replaced.
  private var replaced: [(signal: Int32, action: sigaction)] = []

  /// Installs the handler for every signal still at its default action.
  init() {
    // Touch the flag before any handler can run: a global's first access
    // initialises it lazily, which is not async-signal-safe.
    pendingSignal.store(0, ordering: .sequentiallyConsistent)
    for signal in Self.signals {
      var current = sigaction()
      guard sigaction(signal, nil, &current) == 0, Self.isDefault(current) else { continue }
      var action = sigaction()
      Self.setHandler(&action)
      sigemptyset(&action.sa_mask)
      action.sa_flags = SA_RESTART
      if sigaction(signal, &action, nil) == 0 { replaced.append((signal, current)) }
    }
  }

  /// The signal received so far, if any.
  var signal: Int32? {
    let value = pendingSignal.load(ordering: .sequentiallyConsistent)
    return value == 0 ? nil : value
  }

  /// - Throws: ``Interrupted`` once a signal has arrived.
  func check() throws {
    if let signal { throw Interrupted(signal: signal) }
  }

  /// Restores the signals' previous actions; if one arrived meanwhile,
  /// raises it again, which ends the process.
  func end() {
    for (signal, action) in replaced {
      var action = action
      sigaction(signal, &action, nil)
    }
    if let signal = self.signal {
      raise(signal)
    }
  }

  private static func isDefault(_ action: sigaction) -> Bool {
    #if canImport(Glibc)
    return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 0
    #else
    return unsafeBitCast(action.__sigaction_u.__sa_handler, to: Int.self) == 0
    #endif
  }

  private static func setHandler(_ action: inout sigaction) {
    let handler: @convention(c) (Int32) -> Void = { signal in
      pendingSignal.store(signal, ordering: .sequentiallyConsistent)
    }
    #if canImport(Glibc)
    action.__sigaction_handler.sa_handler = handler
    #else
    action.__sigaction_u.__sa_handler = handler
    #endif
  }
}
