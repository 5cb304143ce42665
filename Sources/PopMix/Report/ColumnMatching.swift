/// Matching the populations of one Q to those of another: a fit to the
/// truth (`compare`), or one panel of a bar plot to the next.
///
/// A fit numbers its populations arbitrarily, so comparing it with another
/// first finds the one-to-one matching of columns with the least squared
/// difference.
public enum ColumnMatching {
  /// The order of `estimate`'s columns that best matches `truth`'s:
  /// column `k` of the truth pairs with column `order[k]` of the estimate.
  ///
  /// - Precondition: both have the same shape.
  /// - Complexity: O(n r² + r³).
  public static func bestOrder(estimate: Matrix, truth: Matrix) -> [Int] {
    precondition(estimate.rows == truth.rows && estimate.columns == truth.columns,
                 "Matching needs matrices of one shape")
    return assignment(cost: squaredDistances(truth, estimate))
  }

  /// The summed squared differences between every column of `a` and every
  /// column of `b`: entry [k][j] compares `a`'s column k with `b`'s column j.
  ///
  /// - Precondition: both have the same rows (the same individuals).
  /// - Complexity: O(n × a.columns × b.columns).
  public static func squaredDistances(_ a: Matrix, _ b: Matrix) -> [[Double]] {
    precondition(a.rows == b.rows, "Columns can only be compared over the same rows")
    var cost = [[Double]](repeating: [Double](repeating: 0, count: b.columns), count: a.columns)
    for i in 0..<a.rows {
      for k in 0..<a.columns {
        let x = a[i, k]
        for j in 0..<b.columns {
          let d = x - b[i, j]
          cost[k][j] += d * d
        }
      }
    }
    return cost
  }

  /// The least-cost assignment of rows to distinct columns (the Hungarian
  /// method, with potentials): row `k` takes column `result[k]`.
  ///
  /// - Precondition: every row has the same number of entries, at least as
  ///   many as there are rows; the costs are finite.
  /// - Complexity: O(r² c) for r rows and c columns.
  public static func assignment(cost: [[Double]]) -> [Int] {
    let r = cost.count
    guard r > 0 else { return [] }
    let c = cost[0].count
    precondition(c >= r && cost.allSatisfy { $0.count == c }, "Assignment needs at least as many columns as rows")
    // Index 0 of the column arrays is a virtual column that holds the row
    // being added; owner[j] is the row (from 1) that column j holds.
    var rowPotential = [Double](repeating: 0, count: r + 1)
    var columnPotential = [Double](repeating: 0, count: c + 1)
    var owner = [Int](repeating: 0, count: c + 1)
    var previous = [Int](repeating: 0, count: c + 1)
    for row in 1...r {
      owner[0] = row
      var column = 0
      var slack = [Double](repeating: .infinity, count: c + 1)
      var visited = [Bool](repeating: false, count: c + 1)
      repeat {
        visited[column] = true
        let i = owner[column]
        var delta = Double.infinity, next = 0
        for j in 1...c where !visited[j] {
          let reduced = cost[i - 1][j - 1] - rowPotential[i] - columnPotential[j]
          if reduced < slack[j] { slack[j] = reduced; previous[j] = column }
          if slack[j] < delta { delta = slack[j]; next = j }
        }
        for j in 0...c {
          if visited[j] { rowPotential[owner[j]] += delta; columnPotential[j] -= delta } else { slack[j] -= delta }
        }
        column = next
      } while owner[column] != 0
      // Walk the augmenting path back to the virtual column.
      repeat {
        let before = previous[column]
        owner[column] = owner[before]
        column = before
      } while column != 0
    }
    var result = [Int](repeating: -1, count: r)
    for j in 1...c where owner[j] != 0 { result[owner[j] - 1] = j - 1 }
    return result
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
}
