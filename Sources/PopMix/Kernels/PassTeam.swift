import CProcessor
import Foundation
import Synchronization

/// Threads kept for one kernel's passes, so that a pass of a fraction of a
/// millisecond does not wait for a sleeping thread to wake.
///
/// A fit runs thousands of passes in a row. Handed to Dispatch each time,
/// a short pass waited for a helper that had gone to sleep between passes.
/// Here helpers spin for a while (about a pass's length) after a pass
/// before they sleep, and the caller works as one of the team.
///
/// A pass is a number of tasks that the members claim one at a time until
/// none is left, so a thread that loses its processor for a while (a
/// virtual machine's vCPU often does) leaves its share to the others
/// instead of holding the pass up. Each member claims from its own share
/// of the tasks first, so from pass to pass the same thread tends to run
/// the same tasks and finds their data in its cache. Which task does what
/// is the caller's split, so results do not depend on timing or on which
/// thread ran what.
final class PassTeam: @unchecked Sendable {
  private let crew: Crew

  /// Starts `size − 1` helper threads.
  ///
  /// - Precondition: `size >= 2` (a team of one is just the caller).
  init(size: Int) {
    precondition(size >= 2, "A pass team needs at least two threads")
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
  /// The current pass: its number in the high 32 bits and its number of
  /// tasks in the low ones. Helpers wait for it to change, and bound their
  /// claims by the count of the pass they saw: a helper still claiming for
  /// an earlier pass must not read the next pass's count (with a larger
  /// one it would claim, under the earlier pass, a task that pass never
  /// had; the tests caught that).
  let ticket = Atomic<Int>(0)
  /// Member m's share of a pass's tasks, m · count / size ..< (m + 1) ·
  /// count / size, as the pass's number in the high 32 bits and the share's
  /// next unclaimed task in the low ones. A member claims from its own
  /// share first, so that from pass to pass the same thread tends to run
  /// the same tasks (their data stays in its cache), then from the others'.
  /// A task is claimed by a compare-and-exchange that checks both halves, so
  /// a helper that saw an earlier pass can never claim a task of a later one.
  let shares: UnsafeMutablePointer<Atomic<Int>>
  static let indexLimit = 1 << 32
  /// Pass numbers wrap here (they are only compared for equality).
  static let passLimit = 1 << 30
  /// Tasks of the current pass that have finished.
  let completed = Atomic<Int>(0)
  /// Helpers asleep on `bell`, or about to be.
  let sleepers = Atomic<Int>(0)
  let bell = NSCondition()
  let exited = DispatchSemaphore(value: 0)
  /// The current pass's work, read only by a member holding one of its
  /// tasks, so it cannot change under that member.
  var task: ((Int) -> Void)?
  var stopping = false

  /// Spins a helper makes between passes before it sleeps: longer than the
  /// serial work between two passes.
  static let spinsBeforeSleep = 3_000
  let spinsBeforeSleep: Int

  init(helpers: Int, spinsBeforeSleep: Int) {
    self.helpers = helpers
    self.spinsBeforeSleep = spinsBeforeSleep
    shares = .allocate(capacity: helpers + 1)
    for member in 0...helpers { (shares + member).initialize(to: Atomic(0)) }
  }

  deinit {
    shares.deinitialize(count: helpers + 1)
    shares.deallocate()
  }

  func run(count: Int, _ task: @escaping (Int) -> Void) {
    self.task = task
    runClaimedTasks(member: 0, ticket: publish(count: count))
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
    publish(count: 0)
    for _ in 0..<helpers { exited.wait() }
  }

  /// Opens the next pass, of `count` tasks (each share at its first task),
  /// wakes the helpers that went to sleep, and returns the pass's ticket.
  @discardableResult
  private func publish(count: Int) -> Int {
    let pass = (ticket.load(ordering: .relaxed) / Self.indexLimit + 1) % Self.passLimit
    let members = helpers + 1
    for member in 0..<members {
      shares[member].store(pass * Self.indexLimit + count * member / members, ordering: .relaxed)
    }
    let ticket = pass * Self.indexLimit + count
    self.ticket.store(ticket, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      bell.lock()
      bell.broadcast()
      bell.unlock()
    }
    return ticket
  }

  /// The index of an unclaimed task of the pass whose ticket is `ticket`,
  /// from `member`'s share first, or nil when its tasks are all claimed or
  /// a later pass has begun.
  private func claim(member: Int, ticket: Int) -> Int? {
    let pass = ticket / Self.indexLimit, count = ticket % Self.indexLimit, members = helpers + 1
    for offset in 0..<members {
      let share = (member + offset) % members
      let end = count * (share + 1) / members
      var current = shares[share].load(ordering: .acquiring)
      while current / Self.indexLimit == pass && current % Self.indexLimit < end {
        let (exchanged, original) = shares[share].compareExchange(
          expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
        if exchanged { return current % Self.indexLimit }
        current = original
      }
      if current / Self.indexLimit != pass { return nil }
    }
    return nil
  }

  /// A helper's life: wait for a pass, claim its tasks while any are left.
  func serve(member: Int) {
    var seen = 0
    while true {
      seen = awaitPass(after: seen)
      if stopping { exited.signal(); return }
      runClaimedTasks(member: member, ticket: seen)
    }
  }

  /// Runs tasks of the pass whose ticket is `ticket` as `member` claims
  /// them, counting each as completed, until none is left to claim.
  private func runClaimedTasks(member: Int, ticket: Int) {
    // `task` is read only once a task is held: the pass cannot end, and
    // the caller cannot replace it, before that task is counted.
    while let index = claim(member: member, ticket: ticket) {
      task!(index)
      completed.add(1, ordering: .releasing)
    }
  }

  /// Spins, then sleeps, until a pass after the one of ticket `seen` is
  /// published; returns its ticket. (Two passes in a row differ in number,
  /// so comparing whole tickets compares passes.)
  private func awaitPass(after seen: Int) -> Int {
    var spins = 0
    while true {
      let current = ticket.load(ordering: .sequentiallyConsistent)
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
      while ticket.load(ordering: .sequentiallyConsistent) == seen { bell.wait() }
      sleepers.subtract(1, ordering: .sequentiallyConsistent)
      bell.unlock()
    }
  }
}
