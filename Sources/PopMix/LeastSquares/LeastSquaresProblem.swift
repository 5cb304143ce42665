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

  /// Σ (V − W H)² over the observed entries, summed entry by entry (no
  /// cancellation, unlike the products' form the solvers track).
  ///
  /// Each row's sum is made whole, then the rows are added in order, so
  /// the result does not depend on the threads.
  ///
  /// - Complexity: O(n m r), split by rows among the threads.
  func squaredError(w: [Double], h: [Double], r: Int) -> Double {
    let n = rows, m = columns
    var sums = [Double](repeating: 0, count: n)
    values.withUnsafeBufferPointer { v in
      h.withUnsafeBufferPointer { h in
        sums.withUnsafeMutableBufferPointer { sums in
          let (v, h, sums) = (v.baseAddress!, h.baseAddress!, sums.baseAddress!)
          Self.forEachBlock(n, threads: threads, work: m * r) { block in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: m) { fitted in
              let fitted = fitted.baseAddress!
              // The missing entries are sorted: start at the first one in the block's rows.
              var next = 0, high = missing.count
              while next < high {
                let middle = (next + high) / 2
                if missing[middle] < block.lowerBound * m { next = middle + 1 } else { high = middle }
              }
              for i in block {
                fitted.initialize(repeating: 0, count: m)
                for k in 0..<r where w[i * r + k] != 0 { Self.addScaled(w[i * r + k], h + k * m, to: fitted, count: m) }
                // A missing entry counts nothing: its fitted value is set to the row's value there.
                while next < missing.count && missing[next] < (i + 1) * m {
                  fitted[missing[next] - i * m] = v[missing[next]]
                  next += 1
                }
                sums[i] = Self.squaredDistance(v + i * m, UnsafePointer(fitted), count: m)
              }
            }
          }
        }
      }
    }
    return sums.reduce(0, +)
  }

  /// The penalised objective S + λ (‖W‖² + ‖H‖²) that the solvers lower,
  /// for λ in the data's units (``LeastSquaresOptions/penalty`` × ``rootMeanSquare``).
  ///
  /// - Complexity: O((n + m) r), given S.
  static func objective(squaredError: Double, w: [Double], h: [Double], l2: Double) -> Double {
    guard l2 > 0 else { return squaredError }
    return squaredError + l2 * (w.reduce(0) { $0 + $1 * $1 } + h.reduce(0) { $0 + $1 * $1 })
  }

  /// The root mean square of the observed values: the scale `--l2` and
  /// SGD's step are given on.
  var rootMeanSquare: Double { (observedSquares / Double(max(observedCount, 1))).squareRoot() }

  /// Σ (x − y)² over `count` entries.
  private static func squaredDistance(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
    var sum = SIMD4<Double>()
    var j = 0
    while j + 4 <= count {
      let d = load(x + j) - load(y + j)
      sum += d * d
      j += 4
    }
    var total = sum.sum()
    while j < count {
      total += (x[j] - y[j]) * (x[j] - y[j])
      j += 1
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

  /// One pass over V for an iteration's two products: for each block of
  /// columns b, C_b = Wᵀ V_b, then `updateColumns` moves H's columns in b
  /// (they depend on C_b alone), then V_b H_bᵀ and H_b H_bᵀ of the moved
  /// columns are added up. The block is read twice while it is in cache,
  /// so V streams from memory once per iteration instead of twice.
  ///
  /// The blocks go to a fixed number of groups, each summing its own
  /// V Hᵀ and H Hᵀ; the groups' sums are then added in order, so the
  /// result does not depend on the threads.
  ///
  /// - Parameters:
  ///   - w: W, n × r row-major.
  ///   - h: H, r × m row-major; its columns are moved in place.
  ///   - updateColumns: moves the r × c block of H (row-major, stride c)
  ///     given its numerator C_b, same layout; called from several threads.
  /// - Returns: V Hᵀ (n × r) and H Hᵀ (r × r) of the moved H.
  /// - Complexity: O(n m r) for the products, split by groups of column
  ///   blocks among the threads.
  func columnPass(w: [Double], h: inout [Double], r: Int,
                  updateColumns: @Sendable (_ block: inout [Double], _ numerator: [Double]) -> Void)
    -> (a: [Double], hh: [Double]) {
    let n = rows, m = columns
    // A block of columns of V stays within about 512 KiB (a core's L2) between its two reads.
    let width = Swift.max(4, Swift.min(256, 65_536 / Swift.max(n, 1) / 4 * 4))
    let blocks = (m + width - 1) / width
    let groups = Swift.min(16, blocks)
    var partsA = [Double](repeating: 0, count: groups * n * r)
    var partsH = [Double](repeating: 0, count: groups * r * r)
    values.withUnsafeBufferPointer { v in
      w.withUnsafeBufferPointer { w in
        h.withUnsafeMutableBufferPointer { h in
          partsA.withUnsafeMutableBufferPointer { partsA in
            partsH.withUnsafeMutableBufferPointer { partsH in
              // Each group writes its own columns of H and its own sums.
              nonisolated(unsafe) let (v, w, h) = (v.baseAddress!, w.baseAddress!, h.baseAddress!)
              nonisolated(unsafe) let (partsA, partsH) = (partsA.baseAddress!, partsH.baseAddress!)
              Self.forEachBlock(groups, threads: threads, work: n * m * r / groups) { range in
                for group in range {
                  let a = partsA + group * n * r, hh = partsH + group * r * r
                  for block in group * blocks / groups ..< (group + 1) * blocks / groups {
                    let start = block * width, count = Swift.min(width, m - start)
                    var numerator = [Double](repeating: 0, count: r * count)
                    numerator.withUnsafeMutableBufferPointer { c in
                      // Four rows at a time: each entry of C is loaded and stored once per four rows.
                      var i = 0
                      while i + 4 <= n {
                        let rows = v + i * m + start
                        for k in 0..<r {
                          let weights = SIMD4(w[i * r + k], w[(i + 1) * r + k], w[(i + 2) * r + k], w[(i + 3) * r + k])
                          Self.addScaled(weights, rows, stride: m, to: c.baseAddress! + k * count, count: count)
                        }
                        i += 4
                      }
                      for i in i..<n {
                        for k in 0..<r where w[i * r + k] != 0 {
                          Self.addScaled(w[i * r + k], v + i * m + start, to: c.baseAddress! + k * count, count: count)
                        }
                      }
                    }
                    var moved = [Double](repeating: 0, count: r * count)
                    for k in 0..<r { for j in 0..<count { moved[k * count + j] = h[k * m + start + j] } }
                    updateColumns(&moved, numerator)
                    moved.withUnsafeBufferPointer { moved in
                      let b = moved.baseAddress!
                      for k in 0..<r {
                        for j in 0..<count { h[k * m + start + j] = b[k * count + j] }
                        for l in k..<r {
                          var sum = 0.0
                          for j in 0..<count { sum += b[k * count + j] * b[l * count + j] }
                          hh[k * r + l] += sum
                        }
                      }
                      for i in 0..<n {
                        var k = 0
                        while k < r {
                          let used = Swift.min(4, r - k)
                          // Unused lanes repeat the group's first row; their sums are dropped.
                          let sums = Self.dots(v + i * m + start, b + k * count, b + (k + Swift.min(1, used - 1)) * count,
                                               b + (k + Swift.min(2, used - 1)) * count,
                                               b + (k + Swift.min(3, used - 1)) * count, count: count)
                          for lane in 0..<used { a[i * r + k + lane] += sums[lane] }
                          k += used
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    var a = [Double](repeating: 0, count: n * r), hh = [Double](repeating: 0, count: r * r)
    for group in 0..<groups {
      for index in a.indices { a[index] += partsA[group * n * r + index] }
      for k in 0..<r { for l in k..<r { hh[k * r + l] += partsH[group * r * r + k * r + l] } }
    }
    for k in 0..<r { for l in 0..<k { hh[k * r + l] = hh[l * r + k] } }
    return (a, hh)
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

  /// y += Σ_t s_t x_t over `count` entries, x_t the four rows from `x`,
  /// `stride` apart.
  private static func addScaled(_ s: SIMD4<Double>, _ x: UnsafePointer<Double>, stride: Int,
                                to y: UnsafeMutablePointer<Double>, count: Int) {
    let (x0, x1, x2, x3) = (x, x + stride, x + 2 * stride, x + 3 * stride)
    var j = 0
    while j + 4 <= count {
      var sum: SIMD4<Double> = s[0] * load(x0 + j)
      sum += s[1] * load(x1 + j)
      sum += s[2] * load(x2 + j)
      sum += s[3] * load(x3 + j)
      UnsafeMutableRawPointer(y + j).storeBytes(of: load(UnsafePointer(y + j)) + sum, as: SIMD4<Double>.self)
      j += 4
    }
    while j < count {
      var sum: Double = s[0] * x0[j]
      sum += s[1] * x1[j]
      sum += s[2] * x2[j]
      sum += s[3] * x3[j]
      y[j] += sum
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
