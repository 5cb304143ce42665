/// The last few secant pairs of a fixed-point map F, for Zhou, Alexander
/// and Lange's quasi-Newton acceleration (Statistics and Computing, 2011):
/// u = F(x) − x and v = F(F(x)) − F(x), parameters laid end to end.
///
/// With U and V the pairs as columns, the secant approximation of F's
/// Jacobian is M = V (UᵀU)⁻¹ Uᵀ, and the Newton step for x = F(x) becomes
///
///     x' = F(x) + V (UᵀU − UᵀV)⁻¹ Uᵀ u          (u the newest pair's)
///
/// which is exact for a linear F once the pairs span its slow directions.
struct SecantHistory {
  /// The pairs kept (the oldest is replaced).
  let capacity: Int
  /// The parameters' length.
  let size: Int
  private var u: [[Double]] = []
  private var v: [[Double]] = []
  /// Where the next pair goes once the history is full.
  private var slot = 0
  /// The index of the newest pair.
  private var newest = 0

  /// The largest coefficient a step may take: beyond it the system is
  /// near singular and the step a leap, not a refinement.
  let largestCoefficient: Double

  /// - Parameters:
  ///   - size: the parameters' length.
  ///   - capacity: the pairs kept.
  ///   - largestCoefficient: the largest |c| a step may take. A slow mode
  ///     that shrinks by ρ a step needs c near 1/(1 − ρ).
  /// - Precondition: `capacity >= 1`, `size >= 0`, `largestCoefficient > 0`.
  init(size: Int, capacity: Int, largestCoefficient: Double = 100) {
    precondition(capacity >= 1 && size >= 0, "A secant history holds at least one pair")
    precondition(largestCoefficient > 0, "The coefficients' cap must be positive")
    self.size = size
    self.capacity = capacity
    self.largestCoefficient = largestCoefficient
  }

  /// Forgets every pair (after a step that failed: the directions are stale).
  mutating func clear() {
    u.removeAll(keepingCapacity: true)
    v.removeAll(keepingCapacity: true)
    slot = 0
  }

  /// Adds the pair of x0, x1 = F(x0), x2 = F(x1).
  mutating func add(_ x0: [Double], _ x1: [Double], _ x2: [Double]) {
    precondition(x0.count == size && x1.count == size && x2.count == size, "Secants need points of one size")
    var first = [Double](repeating: 0, count: size), second = first
    for index in 0..<size {
      first[index] = x1[index] - x0[index]
      second[index] = x2[index] - x1[index]
    }
    if u.count < capacity {
      u.append(first)
      v.append(second)
      newest = u.count - 1
    } else {
      u[slot] = first
      v[slot] = second
      newest = slot
      slot = (slot + 1) % capacity
    }
  }

  /// The quasi-Newton point x1 + V c, c = (UᵀU − UᵀV)⁻¹ Uᵀ u, or nil when
  /// the system is singular or its solution too large.
  ///
  /// - Complexity: O(q² size) for the products, q the pairs held.
  func step(from x1: [Double]) -> [Double]? {
    let q = u.count
    guard q > 0 else { return nil }
    var a = [Double](repeating: 0, count: q * q), b = [Double](repeating: 0, count: q)
    for i in 0..<q {
      b[i] = Self.dot(u[i], u[newest])
      for j in 0..<q { a[i * q + j] = Self.dot(u[i], u[j]) - Self.dot(u[i], v[j]) }
    }
    guard let c = Self.solve(a, b, q), c.allSatisfy({ $0.isFinite && abs($0) <= largestCoefficient }) else {
      return nil
    }
    var point = x1
    for i in 0..<q {
      let coefficient = c[i], column = v[i]
      for index in 0..<size { point[index] += coefficient * column[index] }
    }
    return point
  }

  private static func dot(_ x: [Double], _ y: [Double]) -> Double {
    var sum = 0.0
    for index in x.indices { sum += x[index] * y[index] }
    return sum
  }

  /// Solves the q × q system by elimination with partial pivoting, with a
  /// ridge of 10⁻¹⁰ of the mean diagonal; nil when a pivot vanishes.
  private static func solve(_ a: [Double], _ b: [Double], _ q: Int) -> [Double]? {
    var a = a, b = b
    var trace = 0.0
    for i in 0..<q { trace += abs(a[i * q + i]) }
    let ridge = 1e-10 * trace / Double(q)
    for i in 0..<q { a[i * q + i] += ridge }
    for column in 0..<q {
      var pivot = column
      for row in column..<q where abs(a[row * q + column]) > abs(a[pivot * q + column]) { pivot = row }
      guard abs(a[pivot * q + column]) > 1e-300 else { return nil }
      if pivot != column {
        for k in 0..<q { a.swapAt(pivot * q + k, column * q + k) }
        b.swapAt(pivot, column)
      }
      for row in (column + 1)..<q {
        let factor = a[row * q + column] / a[column * q + column]
        for k in column..<q { a[row * q + k] -= factor * a[column * q + k] }
        b[row] -= factor * b[column]
      }
    }
    var x = [Double](repeating: 0, count: q)
    for row in stride(from: q - 1, through: 0, by: -1) {
      var value = b[row]
      for k in (row + 1)..<q { value -= a[row * q + k] * x[k] }
      x[row] = value / a[row * q + row]
    }
    return x
  }
}
