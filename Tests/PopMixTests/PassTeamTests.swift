import Foundation
import Testing
@testable import PopMix

/// The threads that share a kernel's passes.
@Suite struct PassTeamTests {
  /// Every member runs its share exactly once a pass, pass after pass, and
  /// the caller returns only when all have: each pass adds its number to
  /// every member's slot, so a missed, repeated or late share shows in the
  /// sums. Teams larger than the machine's processors take the path where
  /// helpers sleep at once; a team is also dropped and made anew, which
  /// must stop its helpers rather than hang.
  @Test(arguments: [2, 3, 8])
  func everyMemberRunsEachPassOnce(size: Int) {
    for _ in 0..<3 {
      let team = PassTeam(size: size)
      let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: size)
      defer { slots.deallocate() }
      slots.initialize(repeating: 0)
      let passes = 2_000
      for pass in 1...passes {
        team.run { member in slots[member] += pass }
        // Read after run returns: every share of this pass is done.
        #expect(slots.allSatisfy { $0 == pass * (pass + 1) / 2 }, "pass \(pass)")
        if slots[0] != pass * (pass + 1) / 2 { break }
      }
    }
  }

  /// Blocks run on a team give the serial result, and each block once.
  @Test func runPassesCoversEveryBlockOnce() {
    let team = PassTeam(size: 2)
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 7)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0)
    let blocks = UnsafeMutableBufferPointer<Int>.allocate(capacity: 7)
    defer { blocks.deallocate() }
    for b in 0..<7 { blocks[b] = b }
    for _ in 0..<100 { runPasses(blocks, team: team) { counts[$0] += 1 } }
    #expect(Array(counts) == Array(repeating: 100, count: 7))
  }
}
