import Dispatch
import Synchronization

/// Runs `body` for each index in `0..<count` on up to `threads` threads and
/// returns the results in index order.
///
/// Each call of `body` must be independent of the others, so the result
/// does not depend on `threads` or on scheduling. Indices are handed out one
/// at a time, so one long job does not hold up a thread's fixed share.
///
/// - Precondition: `count >= 0` and `threads >= 1`.
func parallelMap<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
  precondition(count >= 0 && threads >= 1, "parallelMap needs count >= 0 and threads >= 1")
  if threads == 1 || count <= 1 { return try (0..<count).map(body) }
  let state = ParallelMapState<T>(count: count)
  DispatchQueue.concurrentPerform(iterations: Swift.min(threads, count)) { _ in
    while let index = state.nextIndex() {
      state.store(index, Result { try body(index) })
    }
  }
  return try state.results().map { try $0.get() }
}

/// The shared state of one ``parallelMap(_:threads:_:)`` call.
private final class ParallelMapState<T: Sendable>: Sendable {
  private let next = Mutex(0)
  private let slots: Mutex<[Result<T, any Error>?]>
  private let count: Int

  init(count: Int) {
    self.count = count
    self.slots = Mutex(Array(repeating: nil, count: count))
  }

  func nextIndex() -> Int? {
    next.withLock { value in
      guard value < count else { return nil }
      defer { value += 1 }
      return value
    }
  }

  func store(_ index: Int, _ result: Result<T, any Error>) {
    slots.withLock { $0[index] = result }
  }

  func results() -> [Result<T, any Error>] {
    slots.withLock { $0.map { $0! } }
  }
}
