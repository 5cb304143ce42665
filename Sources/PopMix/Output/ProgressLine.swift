import Foundation
import Synchronization

/// A one-line progress display on standard error for long work: shown only
/// after `delay` seconds, redrawn at most every `interval` seconds, cleared
/// when done. Safe to update from several threads.
public final class ProgressLine: Sendable {
  private struct State {
    var lastDraw: ContinuousClock.Instant? = nil
    var shown = false
  }

  private let start = ContinuousClock.now
  private let delay: Duration
  private let interval: Duration
  private let state = Mutex(State())

  /// - Parameters:
  ///   - delay: how long work must run before the line appears.
  ///   - interval: the least time between redraws.
  public init(delay: Duration = .seconds(1), interval: Duration = .milliseconds(200)) {
    self.delay = delay
    self.interval = interval
  }

  /// Seconds since the line was created.
  public var elapsed: Double { (ContinuousClock.now - start).seconds }

  /// Redraws the line with `text` if it is due.
  public func update(_ text: @autoclosure () -> String) {
    let now = ContinuousClock.now
    let draw: Bool = state.withLock { state in
      guard now - start >= delay else { return false }
      if let last = state.lastDraw, now - last < interval { return false }
      state.lastDraw = now
      state.shown = true
      return true
    }
    // A progress line that cannot be drawn is not worth stopping for.
    if draw { try? StandardStream.error.write("\r\u{1B}[K\(text())") }
  }

  /// Clears the line if it was shown.
  public func finish() {
    let shown = state.withLock { $0.shown }
    if shown { try? StandardStream.error.write("\r\u{1B}[K") }
  }

  /// An observer that shows a fit's progress on this line.
  public func fitObserver(restarts: Int) -> FitObserver {
    { progress in
      self.update("fit: restart \(progress.restart + 1)/\(restarts)  pass \(progress.pass)  log-likelihood \(Format.fixed(progress.logLikelihood, 3))  \(Format.fixed(self.elapsed, 1)) s")
    }
  }
}
