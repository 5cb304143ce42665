import Dispatch

/// The data of one least-squares fit, laid out for its products: V dense
/// and row-major, with its missing entries filled in by the current fit
/// before each iteration (``impute(w:h:r:)``).
///
/// Filling the missing entries with W H makes the loss on the filled
/// matrix an upper bound of the loss on the observed entries that touches
/// it at the current point, so any step that lowers the first lowers the
/// second (docs/model.md): the solvers work on dense products whatever is
/// missing.
struct LeastSquaresProblem {
  /// Rows (individuals), n.
  let rows: Int
  /// Columns (loci), m.
  let columns: Int
  /// V, n × m row-major; missing entries hold the last imputed value.
  private(set) var values: [Double]
  /// The row-major indices of the missing entries.
  let missing: [Int]
  /// Σ V² over the observed entries.
  let observedSquares: Double
  /// Observed entries per row and per column (SGD's penalty shares).
  let rowObserved: [Int]
  let columnObserved: [Int]
  /// Threads for the products.
  let threads: Int

  /// - Precondition: `values` has no negative or infinite entry (NaN marks missing).
  init(_ values: Matrix, threads: Int) {
    rows = values.rows
    columns = values.columns
    self.threads = threads
    var filled = values.elements
    var missing: [Int] = []
    var squares = 0.0
    var rowObserved = [Int](repeating: 0, count: values.rows)
    var columnObserved = [Int](repeating: 0, count: values.columns)
    for index in filled.indices {
      let v = filled[index]
      if v.isNaN {
        missing.append(index)
        filled[index] = 0
      } else {
        precondition(v >= 0 && v.isFinite, "Least squares needs finite values of 0 or more")
        squares += v * v
        rowObserved[index / values.columns] += 1
        columnObserved[index % values.columns] += 1
      }
    }
    self.values = filled
    self.missing = missing
    self.observedSquares = squares
    self.rowObserved = rowObserved
    self.columnObserved = columnObserved
  }

  /// The number of observed entries.
  var observedCount: Int { rows * columns - missing.count }

  /// Sets each missing entry to (W H) there.
  ///
  /// - Returns: Σ V² over the whole filled matrix.
  /// - Complexity: O(missing × r).
  mutating func impute(w: [Double], h: [Double], r: Int) -> Double {
    var squares = observedSquares
    for index in missing {
      let value = Self.product(w, h, r: r, columns: columns, at: index)
      values[index] = value
      squares += value * value
    }
    return squares
  }

  /// Σ (V − W H)² over the missing entries' filled values: what the
  /// filled matrix's loss counts beyond the observed entries'.
  func imputedExcess(w: [Double], h: [Double], r: Int) -> Double {
    missing.reduce(0) { total, index in
      let e = values[index] - Self.product(w, h, r: r, columns: columns, at: index)
      return total + e * e
    }
  }

  /// Σ (V − W H)² over the observed entries, computed entry by entry.
  ///
  /// - Complexity: O(n m r).
  func squaredError(w: [Double], h: [Double], r: Int) -> Double {
    var total = 0.0
    var next = 0
    for i in 0..<rows {
      for j in 0..<columns {
        let index = i * columns + j
        if next < missing.count && missing[next] == index {
          next += 1
          continue
        }
        let e = values[index] - Self.product(w, h, r: r, columns: columns, at: index)
        total += e * e
      }
    }
    return total
  }

  /// (W H) at a row-major index, W n × r and H r × m row-major.
  static func product(_ w: [Double], _ h: [Double], r: Int, columns: Int, at index: Int) -> Double {
    let i = index / columns, j = index % columns
    var sum = 0.0
    for k in 0..<r { sum += w[i * r + k] * h[k * columns + j] }
    return sum
  }

  /// V Hᵀ, n × r row-major, for H r × m row-major.
  ///
  /// The columns go in fixed blocks, so that a block of H stays in cache
  /// while every row of V passes over it; each entry adds its blocks'
  /// sums in the same order whatever the threads.
  ///
  /// - Complexity: O(n m r), split by rows among the threads.
  func timesTransposed(_ h: [Double], r: Int) -> [Double] {
    let n = rows, m = columns
    var a = [Double](repeating: 0, count: n * r)
    let width = 2048
    values.withUnsafeBufferPointer { v in
      h.withUnsafeBufferPointer { h in
        a.withUnsafeMutableBufferPointer { a in
          let (v, h, a) = (v.baseAddress!, h.baseAddress!, a.baseAddress!)
          Self.forEachBlock(n, threads: threads, work: m * r) { block in
            for start in stride(from: 0, to: m, by: width) {
              let count = min(width, m - start)
              for i in block {
                var k = 0
                while k < r {
                  let used = min(4, r - k)
                  // Unused lanes repeat the first row of the group; their sums are dropped.
                  let sums = Self.dots(v + i * m + start, h + k * m + start, h + (k + min(1, used - 1)) * m + start,
                                       h + (k + min(2, used - 1)) * m + start, h + (k + min(3, used - 1)) * m + start,
                                       count: count)
                  for lane in 0..<used { a[i * r + k + lane] += sums[lane] }
                  k += used
                }
              }
            }
          }
        }
      }
    }
    return a
  }

  /// Wᵀ V, r × m row-major, for W n × r row-major.
  ///
  /// - Complexity: O(n m r), split by blocks of columns among the threads.
  func transposedTimes(_ w: [Double], r: Int) -> [Double] {
    let n = rows, m = columns
    var c = [Double](repeating: 0, count: r * m)
    let width = 256
    let blocks = (m + width - 1) / width
    values.withUnsafeBufferPointer { v in
      w.withUnsafeBufferPointer { w in
        c.withUnsafeMutableBufferPointer { c in
          let (v, w, c) = (v.baseAddress!, w.baseAddress!, c.baseAddress!)
          Self.forEachBlock(blocks, threads: threads, work: n * width * r) { range in
            for block in range {
              let start = block * width, count = min(width, m - start)
              for i in 0..<n {
                for k in 0..<r {
                  let weight = w[i * r + k]
                  if weight != 0 { Self.addScaled(weight, v + i * m + start, to: c + k * m + start, count: count) }
                }
              }
            }
          }
        }
      }
    }
    return c
  }

  /// Four dot products of `x` with `a`, `b`, `c`, `d`, over `count` entries.
  private static func dots(_ x: UnsafePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                           _ c: UnsafePointer<Double>, _ d: UnsafePointer<Double>, count: Int) -> SIMD4<Double> {
    var sa = SIMD4<Double>(), sb = SIMD4<Double>(), sc = SIMD4<Double>(), sd = SIMD4<Double>()
    var j = 0
    while j + 4 <= count {
      let xv = load(x + j)
      sa += xv * load(a + j)
      sb += xv * load(b + j)
      sc += xv * load(c + j)
      sd += xv * load(d + j)
      j += 4
    }
    var tail = SIMD4<Double>(sa.sum(), sb.sum(), sc.sum(), sd.sum())
    while j < count {
      tail += x[j] * SIMD4(a[j], b[j], c[j], d[j])
      j += 1
    }
    return tail
  }

  /// y += s x over `count` entries.
  private static func addScaled(_ s: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>,
                                count: Int) {
    var j = 0
    while j + 4 <= count {
      UnsafeMutableRawPointer(y + j).storeBytes(of: load(UnsafePointer(y + j)) + s * load(x + j),
                                                as: SIMD4<Double>.self)
      j += 4
    }
    while j < count {
      y[j] += s * x[j]
      j += 1
    }
  }

  private static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
  }

  /// Runs `body` over `0..<count` in contiguous blocks, on up to `threads`
  /// threads when the work (multiply-adds per index × count) is worth it.
  /// Each index's result must not depend on the split, so results do not
  /// depend on `threads`.
  private static func forEachBlock(_ count: Int, threads: Int, work: Int, _ body: (Range<Int>) -> Void) {
    // Below about a million multiply-adds a thread's start-up costs more than it saves.
    let parts = min(threads, count, max(1, count * work / 1_000_000))
    if parts <= 1 {
      body(0..<count)
      return
    }
    let pieces = min(count, parts * 4)
    // The pieces write disjoint parts of the result (the callers' contract).
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: pieces) { piece in
      body(piece * count / pieces ..< (piece + 1) * count / pieces)
    }
  }
}
