/// The Newton step of one row of parameters under bounds: the d that
/// minimises ½ dᵀ H d − gᵀ d subject to lower ≤ x_k + d_k ≤ upper, and
/// Σ_k d_k = 0 when the row lies on a simplex.
///
/// A primal active-set method (Nocedal and Wright, §16.5): from d = 0, which
/// is feasible, solve the problem with the working set's bounds held as
/// equalities, walk towards that solution until a bound blocks, add it, and
/// when the walk is complete release the bound whose multiplier has the
/// wrong sign. K is small (the populations), so each reduced system is
/// solved afresh by Cholesky.
enum BoundedQuadraticProgram {
  /// The most rounds of the active-set loop per K: each adds or releases a
  /// bound, and the objective falls with each release, so a cycle is
  /// impossible in exact arithmetic; the cap only stops rounding loops.
  static let roundsPerVariable = 4

  /// Solves the program for one row.
  ///
  /// - Parameters:
  ///   - hessian: H, K × K row-major, symmetric positive semi-definite (a
  ///     ridge of 10⁻¹² of its largest diagonal is added).
  ///   - gradient: g (the log-likelihood's gradient at x).
  ///   - point: x, with lower ≤ x_k ≤ upper (and Σ x = 1 on a simplex).
  ///   - count: K.
  ///   - lower, upper: the bounds of every x_k + d_k.
  ///   - sumZero: whether the step keeps Σ_k x_k.
  ///   - step: where d goes (K entries).
  /// - Returns: false when H has no usable curvature (d is then 0): the
  ///   caller takes another update.
  /// - Complexity: O(K⁴) at worst (O(K) rounds of an O(K³) solve); K ≤ a
  ///   few dozen.
  static func solve(hessian: UnsafePointer<Double>, gradient: UnsafePointer<Double>,
                    point: UnsafePointer<Double>, count K: Int, lower: Double, upper: Double,
                    sumZero: Bool, step: UnsafeMutablePointer<Double>) -> Bool {
    solve(hessian: hessian, gradient: gradient, point: point, count: K, lower: lower, lowerBounds: nil,
          upper: upper, sumZero: sumZero, step: step)
  }

  /// Solves the program for one row whose variables have lower bounds of
  /// their own, `lower[k]` ≤ x_k + d_k ≤ `upper` (no sum).
  ///
  /// - Parameters: as ``solve(hessian:gradient:point:count:lower:upper:sumZero:step:)``,
  ///   with `lower` K bounds, lower[k] ≤ x_k.
  /// - Returns: false when H has no usable curvature (d is then 0).
  /// - Complexity: that of the scalar-bounded solve.
  static func solve(hessian: UnsafePointer<Double>, gradient: UnsafePointer<Double>,
                    point: UnsafePointer<Double>, count K: Int, lower: UnsafePointer<Double>, upper: Double,
                    step: UnsafeMutablePointer<Double>) -> Bool {
    solve(hessian: hessian, gradient: gradient, point: point, count: K, lower: 0, lowerBounds: lower,
          upper: upper, sumZero: false, step: step)
  }

  private static func solve(hessian: UnsafePointer<Double>, gradient: UnsafePointer<Double>,
                            point: UnsafePointer<Double>, count K: Int, lower: Double,
                            lowerBounds: UnsafePointer<Double>?, upper: Double, sumZero: Bool,
                            step: UnsafeMutablePointer<Double>) -> Bool {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: K * K + 3 * K) { work in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * K) { indices in
        var solver = Solver(hessian: hessian, gradient: gradient, point: point, count: K, lower: lower,
                            lowerBounds: lowerBounds, upper: upper, sumZero: sumZero, step: step,
                            work: work.baseAddress!, indices: indices.baseAddress!)
        return solver.run()
      }
    }
  }
}

/// One solve's state: the step, the working set and the scratch of the
/// reduced systems.
private struct Solver {
  let hessian: UnsafePointer<Double>
  let gradient: UnsafePointer<Double>
  let point: UnsafePointer<Double>
  let count: Int
  let lower: Double
  /// Per-variable lower bounds, which replace `lower` when given.
  let lowerBounds: UnsafePointer<Double>?
  let upper: Double
  let sumZero: Bool
  let step: UnsafeMutablePointer<Double>
  /// The reduced matrix's Cholesky factor (K × K).
  let factor: UnsafeMutablePointer<Double>
  /// The residual r = g − H d, and two solutions of the reduced system.
  let residual: UnsafeMutablePointer<Double>
  let solution: UnsafeMutablePointer<Double>
  let ones: UnsafeMutablePointer<Double>
  /// The free variables' indices, in order.
  let free: UnsafeMutablePointer<Int>
  /// Per variable: 0 free, −1 held at the lower bound, +1 at the upper.
  let bound: UnsafeMutablePointer<Int>
  let ridge: Double

  init(hessian: UnsafePointer<Double>, gradient: UnsafePointer<Double>, point: UnsafePointer<Double>, count K: Int,
       lower: Double, lowerBounds: UnsafePointer<Double>?, upper: Double, sumZero: Bool,
       step: UnsafeMutablePointer<Double>,
       work: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>) {
    self.hessian = hessian
    self.gradient = gradient
    self.point = point
    count = K
    self.lower = lower
    self.lowerBounds = lowerBounds
    self.upper = upper
    self.sumZero = sumZero
    self.step = step
    factor = work
    residual = work + K * K
    solution = residual + K
    ones = solution + K
    free = indices
    bound = indices + K
    var largest = 0.0
    for k in 0..<K { largest = Swift.max(largest, hessian[k * K + k]) }
    ridge = 1e-12 * largest
  }

  /// Variable k's lower bound.
  @inline(__always)
  private func lowerBound(_ k: Int) -> Double { lowerBounds?[k] ?? lower }

  mutating func run() -> Bool {
    let K = count
    for k in 0..<K {
      step[k] = 0
      // A variable at a bound starts held there; the first complete walk
      // releases it if its multiplier says so.
      bound[k] = point[k] <= lowerBound(k) ? -1 : point[k] >= upper ? 1 : 0
    }
    guard ridge > 0, ridge.isFinite else { return false }
    for _ in 0..<(BoundedQuadraticProgram.roundsPerVariable * K + 4) {
      for k in 0..<K {
        var r = gradient[k]
        for l in 0..<K { r -= hessian[k * K + l] * step[l] }
        residual[k] = r
      }
      var freeCount = 0
      for k in 0..<K where bound[k] == 0 { free[freeCount] = k; freeCount += 1 }
      // With one free variable on a simplex, Σ d = 0 pins it: nothing moves.
      let moves = freeCount > (sumZero ? 1 : 0)
      var moved = false
      if moves {
        guard factorise(freeCount) else { return false }
        // p_F = H_FF⁻¹ (r_F + μ 1), μ chosen so that Σ p_F = 0 on a simplex.
        for a in 0..<freeCount { solution[a] = residual[free[a]] }
        substitute(solution, freeCount)
        if sumZero {
          for a in 0..<freeCount { ones[a] = 1 }
          substitute(ones, freeCount)
          var sumSolution = 0.0, sumOnes = 0.0
          for a in 0..<freeCount { sumSolution += solution[a]; sumOnes += ones[a] }
          let mu = -sumSolution / sumOnes
          for a in 0..<freeCount { solution[a] += mu * ones[a] }
        }
        var largest = 0.0
        for a in 0..<freeCount { largest = Swift.max(largest, abs(solution[a])) }
        if largest > 1e-15 {
          moved = true
          walk(freeCount)
        }
      }
      guard !moved else { continue }
      // The walk is complete: release the bound whose multiplier is most negative.
      guard let release = worstMultiplier(freeCount) else { return true }
      bound[release] = 0
    }
    return true
  }

  /// Moves d towards d + p (p in `solution`, over the free variables) until
  /// a bound blocks; the blocking variable joins the working set.
  private mutating func walk(_ freeCount: Int) {
    var length = 1.0
    var blocking = -1
    var blockingSide = 0
    for a in 0..<freeCount {
      let k = free[a], p = solution[a]
      let position = point[k] + step[k]
      if p < 0 {
        let limit = (lowerBound(k) - position) / p
        if limit < length { length = Swift.max(limit, 0); blocking = k; blockingSide = -1 }
      } else if p > 0 {
        let limit = (upper - position) / p
        if limit < length { length = Swift.max(limit, 0); blocking = k; blockingSide = 1 }
      }
    }
    for a in 0..<freeCount { step[free[a]] += length * solution[a] }
    if blocking >= 0 {
      step[blocking] = (blockingSide < 0 ? lowerBound(blocking) : upper) - point[blocking]
      bound[blocking] = blockingSide
    }
  }

  /// The held variable whose multiplier most wants it released, or nil
  /// when every multiplier has the right sign (d is optimal).
  ///
  /// At a complete walk the free variables' residuals are equal (to −μ on a
  /// simplex, to 0 in a box); a variable held low wants to rise when its
  /// residual exceeds that level, one held high when it is below.
  private func worstMultiplier(_ freeCount: Int) -> Int? {
    let K = count
    var level = 0.0
    if sumZero {
      if freeCount > 0 {
        for a in 0..<freeCount { level += residual[free[a]] }
        level /= Double(freeCount)
      } else {
        // Every variable held: the level that leaves the fewest wanting out
        // is between them; the mean serves.
        for k in 0..<K { level += residual[k] }
        level /= Double(K)
      }
    }
    var scale = 0.0
    for k in 0..<K { scale = Swift.max(scale, abs(residual[k])) }
    let tolerance = 1e-12 * Swift.max(scale, 1e-300)
    var worst = -1
    var worstValue = tolerance
    for k in 0..<K where bound[k] != 0 {
      let want = bound[k] < 0 ? residual[k] - level : level - residual[k]
      if want > worstValue { worstValue = want; worst = k }
    }
    return worst >= 0 ? worst : nil
  }

  /// The Cholesky factor of H_FF + ridge·I into `factor`; false when the
  /// matrix is not positive definite even so.
  private func factorise(_ n: Int) -> Bool {
    let K = count
    for a in 0..<n {
      let ka = free[a]
      for b in 0...a {
        let kb = free[b]
        var value = hessian[ka * K + kb] + (a == b ? ridge : 0)
        for c in 0..<b { value -= factor[a * K + c] * factor[b * K + c] }
        if a == b {
          guard value > 0, value.isFinite else { return false }
          factor[a * K + a] = value.squareRoot()
        } else {
          factor[a * K + b] = value / factor[b * K + b]
        }
      }
    }
    return true
  }

  /// Solves (L Lᵀ) y = y in place with the factor of the last ``factorise(_:)``.
  private func substitute(_ y: UnsafeMutablePointer<Double>, _ n: Int) {
    let K = count
    for a in 0..<n {
      var value = y[a]
      for c in 0..<a { value -= factor[a * K + c] * y[c] }
      y[a] = value / factor[a * K + a]
    }
    for a in stride(from: n - 1, through: 0, by: -1) {
      var value = y[a]
      for c in (a + 1)..<n { value -= factor[c * K + a] * y[c] }
      y[a] = value / factor[a * K + a]
    }
  }
}
