/// Matching estimated populations to true ones.
///
/// A fit numbers its populations arbitrarily, so comparing it with the truth
/// first finds the one-to-one matching of columns with the least squared
/// difference.
public enum ColumnMatching {
  /// The order of `estimate`'s columns that best matches `truth`'s:
  /// column `k` of the truth pairs with column `order[k]` of the estimate.
  ///
  /// Exact (dynamic programming over subsets) up to 16 columns; greedy
  /// beyond, where the exact search would not fit in memory.
  ///
  /// - Precondition: both have the same shape.
  /// - Complexity: O(n r² + r² 2^r).
  public static func bestOrder(estimate: Matrix, truth: Matrix) -> [Int] {
    precondition(estimate.rows == truth.rows && estimate.columns == truth.columns,
                 "Matching needs matrices of one shape")
    let r = truth.columns
    var cost = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
    for k in 0..<r {
      for j in 0..<r {
        var sum = 0.0
        for i in 0..<truth.rows {
          let d = truth[i, k] - estimate[i, j]
          sum += d * d
        }
        cost[k][j] = sum
      }
    }
    return r <= 16 ? exactAssignment(cost) : greedyAssignment(cost)
  }

  /// The best matching and the errors left after it: the root mean squared
  /// difference over all entries and the largest absolute difference.
  public static func matchedErrors(estimate: Matrix, truth: Matrix) -> (order: [Int], rmse: Double, maxError: Double) {
    let order = bestOrder(estimate: estimate, truth: truth)
    let matched = estimate.selectingColumns(order)
    var sum = 0.0, largest = 0.0
    for (x, y) in zip(matched.elements, truth.elements) {
      sum += (x - y) * (x - y)
      largest = max(largest, abs(x - y))
    }
    return (order, (sum / Double(max(truth.elements.count, 1))).squareRoot(), largest)
  }

  /// Root mean squared difference over all entries after the best matching.
  public static func rmse(estimate: Matrix, truth: Matrix) -> Double {
    matchedErrors(estimate: estimate, truth: truth).rmse
  }

  private static func exactAssignment(_ cost: [[Double]]) -> [Int] {
    let r = cost.count
    let full = 1 << r
    // best[mask]: least cost of pairing truth columns 0..<popcount(mask)
    // with the estimate columns in mask.
    var best = [Double](repeating: .infinity, count: full)
    var choice = [Int](repeating: -1, count: full)
    best[0] = 0
    for mask in 0..<full where best[mask].isFinite {
      let k = mask.nonzeroBitCount
      guard k < r else { continue }
      for j in 0..<r where mask & (1 << j) == 0 {
        let next = mask | (1 << j)
        let value = best[mask] + cost[k][j]
        if value < best[next] { best[next] = value; choice[next] = j }
      }
    }
    var order = [Int](repeating: 0, count: r)
    var mask = full - 1
    for k in stride(from: r - 1, through: 0, by: -1) {
      let j = choice[mask]
      order[k] = j
      mask &= ~(1 << j)
    }
    return order
  }

  private static func greedyAssignment(_ cost: [[Double]]) -> [Int] {
    let r = cost.count
    var pairs: [(Double, Int, Int)] = []
    for k in 0..<r { for j in 0..<r { pairs.append((cost[k][j], k, j)) } }
    pairs.sort { $0.0 < $1.0 }
    var order = [Int](repeating: -1, count: r)
    var used = Set<Int>()
    for (_, k, j) in pairs where order[k] < 0 && !used.contains(j) {
      order[k] = j
      used.insert(j)
    }
    return order
  }
}
