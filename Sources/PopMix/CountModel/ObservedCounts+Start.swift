extension ObservedCounts {
  /// Σ_i V_iμ W_ia / Σ_b W_ib for every locus μ and population a: the
  /// counts shared out by each individual's proportions. Normalised over a,
  /// they are H after one EM step from uniform given W.
  ///
  /// - Parameter W: n × r weights (rows with no weight are skipped).
  /// - Returns: m × r sums, locus by locus.
  /// - Complexity: O(nnz × r), one pass over the non-zero observed counts.
  func ancestrySums(weights W: Matrix) -> [Double] {
    precondition(W.rows == rows, "W must have one row per individual")
    let n = rows, m = columns, r = W.columns
    var sums = AlignedBuffer<Double>(repeating: 0, count: m * r)
    let weights = AlignedBuffer(W.elements)
    let target = sums.mutablePointer, w = weights.pointer
    let (rowStart, column, count) = (self.rowStart.pointer, self.column.pointer, self.count.pointer)
    @inline(__always) func accumulate(populations r: Int) {
      for i in 0..<n {
        var total = 0.0
        for a in 0..<r { total += w[i * r + a] }
        guard total > 0 else { continue }
        let row = w + i * r, scale = 1 / total
        for k in rowStart[i]..<rowStart[i + 1] {
          let v = value(stored: count[k], at: k) * scale
          let sum = target + Int(column[k]) &* r
          for a in 0..<r { sum[a] += v * row[a] }
        }
      }
    }
    // A constant r unrolls the loop over populations, entered once per count.
    switch r {
    case 1: accumulate(populations: 1)
    case 2: accumulate(populations: 2)
    case 3: accumulate(populations: 3)
    case 4: accumulate(populations: 4)
    default: accumulate(populations: r)
    }
    extendLifetime(weights)
    return Array(sums)
  }
}
