import Dispatch

/// Runs `run` on each of `passes`, on up to `threads` threads, each pass on
/// exactly one thread: thread t takes passes t, t + threads, ….
///
/// The passes write disjoint memory (their own blocks' sums), so no lock is
/// taken; the split is fixed, so which thread runs a pass changes nothing.
///
/// - Precondition: `threads >= 1`.
func runPasses<Pass>(_ passes: UnsafeMutableBufferPointer<Pass>, threads: Int, _ run: (Pass) -> Void) {
  precondition(threads >= 1, "runPasses needs at least one thread")
  let count = passes.count
  if threads == 1 || count <= 1 {
    for b in 0..<count { run(passes[b]) }
    return
  }
  withoutActuallyEscaping(run) { run in
    let shared = UncheckedSendable((passes, run))
    DispatchQueue.concurrentPerform(iterations: Swift.min(threads, count)) { worker in
      let (passes, run) = shared.value
      for b in Swift.stride(from: worker, to: count, by: threads) { run(passes[b]) }
    }
  }
}

/// Hands a value that is safe to share (by the caller's argument) across threads.
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
