/// A fixed number of elements stored from the start of a cache line, with
/// value semantics: copies share one storage until one of them is written,
/// which then takes a copy of its own (copy on write, as `Array` does).
///
/// The kernels' scratch, the data they read and the EM states keep their
/// numbers in these, so that a hot function takes a pointer to each buffer
/// once, at its top, and runs straight loops over it. The kernels read and
/// write four lanes (32 bytes) at a time: `Array`'s storage starts 16 bytes
/// into a line as often as not, and then every other vector straddles two
/// lines, an access that costs two.
///
/// A pointer from ``pointer`` or ``mutablePointer`` is valid while the
/// buffer it came from is alive and not reassigned (the storage never
/// moves otherwise); the caller keeps the buffer alive meanwhile, e.g. as a
/// stored property of an object or an `inout` argument.
struct AlignedBuffer<Element: BitwiseCopyable> {
  private var storage: Storage

  /// The alignment of every buffer: a cache line of x86-64 processors.
  /// Lines of 128 bytes (some arm64 ones) are whole multiples of it, so no
  /// aligned 32-byte vector straddles one there either.
  static var cacheLineBytes: Int { 64 }

  /// `count` copies of `value`.
  ///
  /// - Precondition: `count >= 0`.
  /// - Complexity: O(count).
  init(repeating value: Element, count: Int) {
    storage = Storage(count: count)
    storage.base.initialize(repeating: value, count: count)
  }

  /// The elements of `elements`, in order.
  ///
  /// - Complexity: O(n), one copy.
  init(_ elements: some Collection<Element>) {
    storage = Storage(count: elements.count)
    _ = UnsafeMutableBufferPointer(start: storage.base, count: elements.count).initialize(fromContentsOf: elements)
  }

  /// The number of elements.
  var count: Int { storage.count }

  /// The first element's address, for reading.
  var pointer: UnsafePointer<Element> { UnsafePointer(storage.base) }

  /// The first element's address, for writing: takes a copy of the
  /// storage first if another buffer shares it.
  ///
  /// - Complexity: O(1), or O(count) when the storage is shared.
  var mutablePointer: UnsafeMutablePointer<Element> {
    mutating get {
      makeUnique()
      return storage.base
    }
  }

  /// Sets every element to `value`.
  ///
  /// - Complexity: O(count).
  mutating func update(repeating value: Element) {
    mutablePointer.update(repeating: value, count: count)
  }

  /// Copies `other`'s elements into this buffer's storage: no allocation
  /// unless this storage is shared.
  ///
  /// - Precondition: `other.count == count`.
  /// - Complexity: O(count).
  mutating func assign(_ other: AlignedBuffer) {
    precondition(other.count == count, "Buffers of \(other.count) and \(count) elements cannot be assigned")
    guard other.storage !== storage else { return }
    mutablePointer.update(from: other.pointer, count: count)
  }

  private mutating func makeUnique() {
    guard !isKnownUniquelyReferenced(&storage) else { return }
    let copy = Storage(count: count)
    copy.base.initialize(from: storage.base, count: count)
    storage = copy
  }

  /// The memory: allocated on a cache line in `init`, freed in `deinit`.
  /// Elements are bitwise copyable, so none needs deinitialising.
  private final class Storage {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int) {
      precondition(count >= 0, "A buffer holds zero or more elements, not \(count)")
      // One element at least: an aligned allocation of nothing may come back empty.
      let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Element>.stride,
                                                 alignment: Swift.max(AlignedBuffer.cacheLineBytes,
                                                                      MemoryLayout<Element>.alignment))
      base = raw.bindMemory(to: Element.self, capacity: Swift.max(count, 1))
      self.count = count
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
  }
}

extension AlignedBuffer: RandomAccessCollection, MutableCollection {
  var startIndex: Int { 0 }
  var endIndex: Int { count }

  /// Element `index`, bounds-checked; hot loops use ``pointer`` instead.
  subscript(index: Int) -> Element {
    get {
      precondition(index >= 0 && index < count, "Index \(index) is outside 0..<\(count)")
      return storage.base[index]
    }
    set {
      precondition(index >= 0 && index < count, "Index \(index) is outside 0..<\(count)")
      mutablePointer[index] = newValue
    }
  }
}

extension AlignedBuffer: Equatable where Element: Equatable {
  static func == (lhs: AlignedBuffer, rhs: AlignedBuffer) -> Bool {
    lhs.storage === rhs.storage || lhs.elementsEqual(rhs)
  }
}

// A shared storage is never written (a writer copies it first), so copies
// may cross threads as `Array`s do.
extension AlignedBuffer: @unchecked Sendable where Element: Sendable {}
