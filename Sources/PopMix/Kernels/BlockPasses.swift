/// Runs `run` on each of `passes`, on the members of `team` (or on the
/// calling thread alone when there is none), each pass on exactly one
/// thread, whichever claims it first.
///
/// The passes write disjoint memory (their own blocks' sums), so no lock is
/// taken; the split is fixed, so which thread runs a pass changes nothing.
func runPasses<Pass>(_ passes: [Pass], team: PassTeam?, _ run: (Pass) -> Void) {
  let count = passes.count
  guard let team, count > 1 else {
    for b in 0..<count { run(passes[b]) }
    return
  }
  team.run(tasks: count) { run(passes[$0]) }
}
