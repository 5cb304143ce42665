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
/// after a pass before they sleep, and the caller works as one of the team.
///
/// A pass is a number of tasks that the members claim one at a time until
/// none is left, so a thread that loses its processor for a while (a
/// virtual machine's vCPU often does) leaves its share to the others
/// instead of holding the pass up. Which task does what is the caller's
/// split, so results do not depend on timing or on which thread ran what.
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
      let thread = Thread { crew.serve() }
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

  /// Runs `task(index)` for every index in 0 ..< `count`, each exactly once,
  /// on whichever members claim it (the caller among them), and returns
  /// when all have run.
  ///
  /// - Precondition: 0 ≤ `count` < 2³².
  /// - Complexity: the tasks' work, plus a few atomic operations per task;
  ///   a sleeping helper adds a wake-up.
  func run(tasks count: Int, _ task: (Int) -> Void) {
    precondition(count >= 0 && count < Crew.indexLimit, "A pass has 0 to 2³² − 1 tasks, not \(count)")
    withoutActuallyEscaping(task) { task in crew.run(count: count, task) }
  }
}

/// The team's shared state; the helper threads hold it, not the team, so
/// the team can be released and stop them.
fileprivate final class Crew: @unchecked Sendable {
  let helpers: Int
  /// The pass's number in the high 32 bits and its next unclaimed task in
  /// the low ones. A task is claimed by a compare-and-exchange that checks
  /// both, so a helper that saw an earlier pass can never claim a task of a
  /// later one under the earlier pass's assumptions.
  let ticket = Atomic<Int>(0)
  static let indexLimit = 1 << 32
  /// Pass numbers wrap here (they are only compared for equality).
  static let passLimit = 1 << 30
  /// Tasks of the current pass that have finished.
  let completed = Atomic<Int>(0)
  /// Helpers asleep on `bell`, or about to be.
  let sleepers = Atomic<Int>(0)
  let bell = NSCondition()
  let exited = DispatchSemaphore(value: 0)
  /// The current pass's number of tasks, written before its ticket is
  /// published (atomic because a helper that saw an earlier pass may read
  /// it while the next is being set up).
  let count = Atomic<Int>(0)
  /// The current pass's work, read only by a member holding one of its
  /// tasks, so it cannot change under that member.
  var task: ((Int) -> Void)?
  var stopping = false

  /// Spins a helper makes between passes before it sleeps: about 60 µs on
  /// a 3 GHz x86-64, longer than the serial work between two passes.
  static let spinsBeforeSleep = 3_000
  let spinsBeforeSleep: Int

  init(helpers: Int, spinsBeforeSleep: Int) {
    self.helpers = helpers
    self.spinsBeforeSleep = spinsBeforeSleep
  }

  func run(count: Int, _ task: @escaping (Int) -> Void) {
    self.count.store(count, ordering: .relaxed)
    self.task = task
    publish()
    while let index = claim() { task(index); completed.add(1, ordering: .releasing) }
    // The last tasks may be on helpers; should one have lost its
    // processor, yield to it.
    var spins = 0
    while completed.load(ordering: .acquiring) < count {
      spins += 1
      if spins < spinsBeforeSleep { popmix_spin_hint() } else { sched_yield() }
    }
    completed.store(0, ordering: .relaxed)
    self.task = nil
  }

  func stop() {
    stopping = true
    count.store(0, ordering: .relaxed)
    publish()
    for _ in 0..<helpers { exited.wait() }
  }

  /// Opens the next pass (its task 0 first) and wakes the helpers that went
  /// to sleep.
  private func publish() {
    let pass = (ticket.load(ordering: .relaxed) / Self.indexLimit + 1) % Self.passLimit
    ticket.store(pass * Self.indexLimit, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      bell.lock()
      bell.broadcast()
      bell.unlock()
    }
  }

  /// The index of a task of the pass `ticket` was last seen in, or nil
  /// when its tasks are all claimed or a later pass has begun.
  private func claim(pass: Int? = nil) -> Int? {
    var current = ticket.load(ordering: .acquiring)
    let pass = pass ?? current / Self.indexLimit
    let count = self.count.load(ordering: .relaxed)
    while current / Self.indexLimit == pass && current % Self.indexLimit < count {
      let (exchanged, original) = ticket.compareExchange(
        expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
      if exchanged { return current % Self.indexLimit }
      current = original
    }
    return nil
  }

  /// A helper's life: wait for a pass, claim its tasks while any are left.
  func serve() {
    var seen = 0
    while true {
      seen = awaitPass(after: seen)
      if stopping { exited.signal(); return }
      while let index = claim(pass: seen) {
        task!(index)
        completed.add(1, ordering: .releasing)
      }
    }
  }

  /// Spins, then sleeps, until a pass after `seen` is published; returns it.
  private func awaitPass(after seen: Int) -> Int {
    var spins = 0
    while true {
      let current = ticket.load(ordering: .sequentiallyConsistent) / Self.indexLimit
      if current != seen { return current }
      if spins < spinsBeforeSleep {
        spins += 1
        popmix_spin_hint()
        continue
      }
      // Counted as asleep before it looks once more, under the bell's
      // lock: a publisher that opens a pass after the look sees the count,
      // and its broadcast waits for the lock, so it comes after this
      // helper is waiting.
      bell.lock()
      sleepers.add(1, ordering: .sequentiallyConsistent)
      while ticket.load(ordering: .sequentiallyConsistent) / Self.indexLimit == seen { bell.wait() }
      sleepers.subtract(1, ordering: .sequentiallyConsistent)
      bell.unlock()
    }
  }
}
