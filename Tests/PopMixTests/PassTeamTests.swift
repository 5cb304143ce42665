import Foundation
import Testing
@testable import PopMix

/// The threads that share a kernel's passes.
@Suite struct PassTeamTests {
  /// Every task of a pass runs exactly once, pass after pass, and the
  /// caller returns only when all have: pass p adds p to the slot of each
  /// of its tasks (p mod 11 of them, none to ten, so more tasks than
  /// members and fewer), so a missed, repeated or late task shows in the
  /// sums. Teams larger than the machine's processors take the path where
  /// helpers sleep at once; a team is also dropped and made anew, which
  /// must stop its helpers rather than hang.
  @Test(arguments: [2, 3, 8])
  func everyTaskRunsOncePerPass(size: Int) {
    for _ in 0..<3 {
      let team = PassTeam(size: size)
      let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: 10)
      defer { slots.deallocate() }
      slots.initialize(repeating: 0)
      var expected = [Int](repeating: 0, count: 10)
      for pass in 1...2_000 {
        let tasks = pass % 11
        team.run(tasks: tasks) { slots[$0] += pass }
        for k in 0..<tasks { expected[k] += pass }
        // Read after run returns: every task of this pass is done.
        #expect(Array(slots) == expected, "pass \(pass)")
        if Array(slots) != expected { break }
      }
    }
  }

  /// The tasks are shared: with tasks of about 20 µs each, the helper
  /// claims some of them. Alone it runs about half; with two busy processes
  /// holding both of this machine's processors it still ran 169 of 1,600,
  /// and the other tests of a `make test` run compete like that, so the bar
  /// is 1%: a helper that never claims fails it. (On a single processor a
  /// helper may never run before the caller has done every task, so this is
  /// checked only where there are two or more.)
  @Test func helpersClaimTasks() {
    guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return }
    let team = PassTeam(size: 2)
    let caller = pthread_self()
    let byHelper = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 8)
    defer { byHelper.deallocate() }
    var helperTasks = 0
    for _ in 0..<200 {
      byHelper.initialize(repeating: false)
      team.run(tasks: 8) { index in
        let until = DispatchTime.now().uptimeNanoseconds + 20_000
        while DispatchTime.now().uptimeNanoseconds < until {}
        byHelper[index] = pthread_equal(pthread_self(), caller) == 0
      }
      helperTasks += byHelper.filter { $0 }.count
    }
    #expect(helperTasks >= 16, "the helper ran \(helperTasks) of 1,600 tasks")
  }

  /// Blocks run on a team give the serial result, and each block once.
  @Test func runPassesCoversEveryBlockOnce() {
    let team = PassTeam(size: 2)
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 7)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0)
    let blocks = Array(0..<7)
    for _ in 0..<100 { runPasses(blocks, team: team) { counts[$0] += 1 } }
    #expect(Array(counts) == Array(repeating: 100, count: 7))
  }
}
