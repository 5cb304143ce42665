import Testing
@testable import PopMix

@Suite struct BoundedQuadraticProgramTests {
  /// A random positive definite H = A Aᵀ + 0.1 I, a gradient and a point.
  static func problem(_ K: Int, seed: UInt64, simplex: Bool) -> (h: [Double], g: [Double], x: [Double]) {
    let random = RandomSource(seed: seed)
    var a = [Double](repeating: 0, count: K * K)
    for index in a.indices { a[index] = random.uniform() * 2 - 1 }
    var h = [Double](repeating: 0, count: K * K)
    for k in 0..<K { for l in 0..<K {
      for c in 0..<K { h[k * K + l] += a[k * K + c] * a[l * K + c] }
      if k == l { h[k * K + l] += 0.1 }
    } }
    // Gradients large beside H, so that the unconstrained step leaves the
    // feasible set and bounds must be held and released.
    let g = (0..<K).map { _ in (random.uniform() * 2 - 1) * 3 }
    var x = (0..<K).map { _ in 0.05 + 0.9 * random.uniform() }
    if simplex {
      let sum = x.reduce(0, +)
      x = x.map { $0 / sum }
    }
    return (h, g, x)
  }

  static func solve(_ h: [Double], _ g: [Double], _ x: [Double], lower: Double, upper: Double,
                    simplex: Bool) -> [Double]? {
    var d = [Double](repeating: 0, count: x.count)
    let solved = d.withUnsafeMutableBufferPointer { d in
      BoundedQuadraticProgram.solve(hessian: h, gradient: g, point: x, count: x.count, lower: lower, upper: upper,
                                    sumZero: simplex, step: d.baseAddress!)
    }
    return solved ? d : nil
  }

  /// The solution meets the optimality (KKT) conditions of the program: x + d
  /// feasible; at the free variables the residual g − H d is level (−μ on
  /// the simplex, 0 in the box); a variable held at its lower bound has a
  /// residual at most that level, at its upper bound at least. Tolerances
  /// are rounding on values of order 1–10.
  @Test(arguments: [1, 2, 3, 5, 8, 12], [false, true])
  func solutionMeetsTheOptimalityConditions(count K: Int, simplex: Bool) throws {
    guard !(simplex && K == 1) else { return }
    let (lower, upper) = simplex ? (1e-5, 1.0) : (1e-5, 1 - 1e-5)
    var held = 0
    for seed in 1...40 as ClosedRange<UInt64> {
      let (h, g, x) = Self.problem(K, seed: seed &* 7 &+ UInt64(K), simplex: simplex)
      let d = try #require(Self.solve(h, g, x, lower: lower, upper: upper, simplex: simplex))
      let y = zip(x, d).map { $0 + $1 }
      for value in y { #expect(value >= lower - 1e-12 && value <= upper + 1e-12) }
      if simplex { #expect(abs(d.reduce(0, +)) <= 1e-12) }
      let residual = (0..<K).map { k in g[k] - (0..<K).reduce(0) { $0 + h[k * K + $1] * d[$1] } }
      let free = (0..<K).filter { y[$0] > lower + 1e-12 && y[$0] < upper - 1e-12 }
      let level = simplex ? (free.isEmpty ? 0 : free.map { residual[$0] }.reduce(0, +) / Double(free.count)) : 0
      for k in free { #expect(abs(residual[k] - level) <= 1e-9, "seed \(seed) free \(k)") }
      for k in 0..<K where !free.contains(k) {
        held += 1
        if y[k] <= lower + 1e-12 { #expect(residual[k] <= level + 1e-9, "seed \(seed) low \(k)") }
        else { #expect(residual[k] >= level - 1e-9, "seed \(seed) high \(k)") }
      }
    }
    // The problems are built to hold bounds; a test that never held one
    // would not check the active set.
    if K > 1 { #expect(held > 0) }
  }

  /// The objective at the solution is no worse than at 2,000 random
  /// feasible points (a check of optimality independent of the conditions).
  @Test(arguments: [3, 6], [false, true])
  func noFeasiblePointIsBetter(count K: Int, simplex: Bool) throws {
    let (lower, upper) = simplex ? (1e-5, 1.0) : (1e-5, 1 - 1e-5)
    let (h, g, x) = Self.problem(K, seed: 99, simplex: simplex)
    func objective(_ d: [Double]) -> Double {
      var value = 0.0
      for k in 0..<K {
        value -= g[k] * d[k]
        for l in 0..<K { value += 0.5 * d[k] * h[k * K + l] * d[l] }
      }
      return value
    }
    let best = objective(try #require(Self.solve(h, g, x, lower: lower, upper: upper, simplex: simplex)))
    let random = RandomSource(seed: 5)
    for _ in 0..<2_000 {
      var y = (0..<K).map { _ in lower + random.uniform() * (upper - lower) }
      if simplex {
        let sum = y.reduce(0, +)
        y = y.map { lower + ($0 - lower) * (1 - Double(K) * lower) / (sum - Double(K) * lower) }
      }
      #expect(objective(zip(y, x).map { $0 - $1 }) >= best - 1e-12)
    }
  }

  /// No curvature (H = 0) is reported, not answered with a step.
  @Test func zeroCurvatureIsReported() {
    #expect(Self.solve([0, 0, 0, 0], [1, -1], [0.5, 0.5], lower: 1e-5, upper: 1, simplex: true) == nil)
  }
}
