import CProcessor
import Foundation
import Synchronization

/// Threads kept for one kernel's passes, so that a pass of a fraction of a
/// millisecond does not wait for a sleeping thread to wake.
///
/// A fit runs thousands of passes in a row. Handed to Dispatch each time,
/// a pass on a small table (180 × 2,000) took a quarter longer on two
/// threads than the work itself needs: the helper had gone to sleep
/// between passes. Here helpers spin for a while (about a pass's length)
/// after their share of a pass before they sleep, and the caller works as
/// one of the team.
///
/// The caller of ``run(_:)`` is member 0; members 1 ..< `size` are the
/// helpers. Which member runs which share is the caller's split, so results
/// do not depend on timing.
final class PassTeam: @unchecked Sendable {
  /// Threads in the team, the caller included.
  let size: Int
  private let crew: Crew

  /// Starts `size − 1` helper threads.
  ///
  /// - Precondition: `size >= 2` (a team of one is just the caller).
  init(size: Int) {
    precondition(size >= 2, "A pass team needs at least two threads")
    self.size = size
    // More threads than processors: a spinning helper would hold a
    // processor another member needs, so helpers sleep at once.
    crew = Crew(helpers: size - 1,
                spinsBeforeSleep: size <= ProcessInfo.processInfo.activeProcessorCount ? Crew.spinsBeforeSleep : 0)
    for member in 1..<size {
      let crew = self.crew
      let thread = Thread { crew.serve(member: member) }
      thread.name = "popmix pass \(member)"
      thread.start()
    }
  }

  deinit { crew.stop() }

  /// The team for passes split into `blocks` blocks on up to `threads`
  /// threads: at most one thread per block, and none (nil) when that
  /// leaves one, which runs the blocks itself.
  static func forPasses(threads: Int, blocks: Int) -> PassTeam? {
    let size = Swift.min(threads, blocks)
    return size > 1 ? PassTeam(size: size) : nil
  }

  /// Runs `share(member)` for every member 0 ..< ``size`` at once, member 0
  /// on the calling thread, and returns when all have finished.
  ///
  /// - Complexity: the shares' work, plus a few atomic operations; a
  ///   sleeping helper adds a wake-up.
  func run(_ share: (Int) -> Void) {
    withoutActuallyEscaping(share) { share in crew.run(share) }
  }
}

/// The team's shared state; the helper threads hold it, not the team, so
/// the team can be released and stop them.
fileprivate final class Crew: @unchecked Sendable {
  let helpers: Int
  /// Bumped for each pass (and to stop): helpers wait for it to change.
  let generation = Atomic<Int>(0)
  /// Helpers done with the current pass.
  let finished = Atomic<Int>(0)
  /// Helpers asleep on `bell`, or about to be.
  let sleepers = Atomic<Int>(0)
  let bell = NSCondition()
  let exited = DispatchSemaphore(value: 0)
  /// Written before `generation` is bumped, read after it is seen.
  var share: ((Int) -> Void)?
  var stopping = false

  /// Spins a helper makes between passes before it sleeps: about 60 µs on
  /// a 3 GHz x86-64, longer than the serial work between two passes.
  static let spinsBeforeSleep = 3_000
  let spinsBeforeSleep: Int

  init(helpers: Int, spinsBeforeSleep: Int) {
    self.helpers = helpers
    self.spinsBeforeSleep = spinsBeforeSleep
  }

  func run(_ share: @escaping (Int) -> Void) {
    self.share = share
    publish()
    share(0)
    // The shares are even, so the helpers finish about when the caller
    // does; should one have lost its processor, yield to it.
    var spins = 0
    while finished.load(ordering: .acquiring) < helpers {
      spins += 1
      if spins < spinsBeforeSleep { popmix_spin_hint() } else { sched_yield() }
    }
    finished.store(0, ordering: .relaxed)
    self.share = nil
  }

  func stop() {
    stopping = true
    publish()
    for _ in 0..<helpers { exited.wait() }
  }

  /// Bumps the generation and wakes the helpers that went to sleep.
  private func publish() {
    generation.add(1, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      bell.lock()
      bell.broadcast()
      bell.unlock()
    }
  }

  /// A helper's life: wait for a generation, run its share, report.
  func serve(member: Int) {
    var seen = 0
    while true {
      seen = awaitGeneration(after: seen)
      if stopping { exited.signal(); return }
      share!(member)
      finished.add(1, ordering: .releasing)
    }
  }

  /// Spins, then sleeps, until the generation is past `seen`; returns it.
  private func awaitGeneration(after seen: Int) -> Int {
    var spins = 0
    while true {
      let current = generation.load(ordering: .sequentiallyConsistent)
      if current != seen { return current }
      if spins < spinsBeforeSleep {
        spins += 1
        popmix_spin_hint()
        continue
      }
      // Counted as asleep before it looks once more, under the bell's
      // lock: a publisher that bumps the generation after the look sees
      // the count, and its broadcast waits for the lock, so it comes
      // after this helper is waiting.
      bell.lock()
      sleepers.add(1, ordering: .sequentiallyConsistent)
      while generation.load(ordering: .sequentiallyConsistent) == seen { bell.wait() }
      sleepers.subtract(1, ordering: .sequentiallyConsistent)
      bell.unlock()
    }
  }
}
