extension UnsafeMutableBufferPointer where Element == Double {
  /// The alignment of the kernels' buffers: a cache line of x86-64
  /// processors. Lines of 128 bytes (some arm64 ones) are whole multiples
  /// of it, so no aligned 32-byte vector straddles one there either.
  static var _cacheLineBytes: Int { 64 }

  /// Room for `count` doubles that starts on a cache line, not initialised;
  /// free it with ``_deallocateCacheAligned()``.
  ///
  /// The kernels read and write their buffers four lanes (32 bytes) at a
  /// time. `allocate(capacity:)` aligns doubles to 16 bytes, so a buffer
  /// could start 16 bytes into a line, and then every other vector
  /// straddled two lines, an access that costs two. Which buffers did
  /// changed with the addresses `malloc` returned from run to run. Aligned,
  /// a plain MU pass on 180 × 2,000 took 0.1185 ms instead of 0.1332 ms on
  /// two threads and 0.2316 ms instead of 0.2601 ms on one (medians of
  /// alternated runs of each build).
  ///
  /// - Precondition: `count >= 0`.
  static func _allocateCacheAligned(count: Int) -> Self {
    precondition(count >= 0, "A buffer holds zero or more doubles, not \(count)")
    // One double at least: an aligned allocation of nothing may come back empty.
    let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Double>.stride,
                                               alignment: _cacheLineBytes)
    return Self(start: raw.bindMemory(to: Double.self, capacity: count), count: count)
  }

  /// Frees a buffer from ``_allocateCacheAligned(count:)``.
  func _deallocateCacheAligned() {
    guard let base = baseAddress else { return }
    UnsafeMutableRawPointer(base).deallocate()
  }
}
