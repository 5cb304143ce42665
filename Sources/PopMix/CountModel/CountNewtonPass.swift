import RealModule

/// One half of a count Newton sweep over a block of lines (individuals with
/// G fixed, or loci with W fixed): each line's parameters x (r values, stored
/// in rows of p lanes) maximise the concave
///
///     f(x) = Σ_k v_k log(x · F_k) − x · s
///
/// over x ≥ floor, where k runs over the line's non-zero observed counts,
/// F_k is the other factor's row for entry k and s is the sum of the other
/// factor's rows over the line's observed entries (docs/model.md §11).
/// With ρ_k = v_k / λ_k and λ_k = x · F_k,
///
///     gradient_a = Σ_k ρ_k F_ka − s_a,   curvature_ab = Σ_k (ρ_k / λ_k) F_ka F_kb
///
/// (−curvature is the Hessian). The line takes the bounded Newton step
/// (``BoundedQuadraticProgram``), each entry cut at most to
/// ``CountKernel/shrinkLimit`` of its value, when f rises at it (the
/// quadratic model knows nothing of log λ's fall towards zero: an entry
/// sent to the floor where a count needs it takes hundreds of sweeps to
/// come back), otherwise EM's update
/// x_a Σ_k ρ_k F_ka / s_a, which never lowers f; then the scale t x that
/// maximises f along the ray, t = Σ_k v_k / (x · s). The line is updated in
/// place: it reads only its own x.
struct CountNewtonPass: @unchecked Sendable {
  /// The lines of this block.
  let lines: Range<Int>
  /// Line ℓ's entries are `start[ℓ]..<start[ℓ + 1]`.
  let start: UnsafePointer<Int>
  /// The other factor's row of each entry.
  let index: UnsafePointer<Int32>
  /// Each entry's count, `UInt16.max` meaning "in `largeCounts`".
  let count: UnsafePointer<UInt16>
  let largeCounts: [Int: Double]
  /// The other factor, rows of p lanes.
  let factor: UnsafePointer<Double>
  /// This side's parameters, rows of p lanes, replaced by their update.
  let x: UnsafeMutablePointer<Double>
  /// s: one row of p lanes per line, or one row shared by all lines when
  /// `linearStride` is 0 (nothing hidden).
  let linear: UnsafePointer<Double>
  let linearStride: Int
  /// Each line's observed total Σ_k v_k.
  let totals: UnsafePointer<Double>
  /// The parameters' lower bound.
  let floor: Double
  /// Whether to compute f at the old x (its logarithms), and where the
  /// block's Σ f goes (0 when not evaluated).
  let evaluate: Bool
  let logLikelihood: UnsafeMutablePointer<Double>
  /// Where the block's count of lines that kept their Newton step goes.
  let newtonLines: UnsafeMutablePointer<Int>

  /// Runs the block.
  ///
  /// - Complexity: O(entries r² + lines r⁴).
  func run(populations r: Int, stride p: Int) {
    var total = 0.0
    var kept = 0
    let shrink = CountKernel.shrinkLimit
    withUnsafeTemporaryAllocation(of: Double.self, capacity: r * r + 5 * r) { work in
      let gradient = work.baseAddress!, hessian = gradient + r, ratio = hessian + r * r
      let step = ratio + r, candidate = step + r, lower = candidate + r
      for line in lines {
        let xl = x + line * p, s = linear + line * linearStride
        total += derivatives(line, r: r, p: p, at: xl, s: s, ratio: ratio, hessian: hessian)
        for a in 0..<r {
          gradient[a] = ratio[a] - s[a]
          lower[a] = Swift.max(shrink * xl[a], floor)
        }
        var accepted = false
        if BoundedQuadraticProgram.solve(hessian: hessian, gradient: gradient, point: xl, count: r, lower: lower,
                                         upper: .infinity, step: step) {
          for a in 0..<r { candidate[a] = Swift.max(xl[a] + step[a], lower[a]) }
          let rise = gain(line, r: r, p: p, at: candidate, from: xl, s: s)
          if rise.isFinite && rise >= 0 {
            for a in 0..<r { xl[a] = candidate[a] }
            accepted = true
            kept += 1
          }
        }
        if !accepted {
          for a in 0..<r where s[a] > 0 { xl[a] = Swift.max(xl[a] * ratio[a] / s[a], floor) }
        }
        var expected = 0.0
        for a in 0..<r { expected += xl[a] * s[a] }
        if expected > 0 && totals[line] > 0 {
          let scale = totals[line] / expected
          for a in 0..<r { xl[a] = Swift.max(xl[a] * scale, floor) }
        }
      }
    }
    logLikelihood.pointee = total
    newtonLines.pointee = kept
  }

  /// f at the line's x (its log part only when evaluating), with Σ_k ρ_k F_k into `ratio` and the curvature
  /// (r × r, full) into `hessian`.
  @inline(__always)
  func derivatives(_ line: Int, r: Int, p: Int, at xl: UnsafePointer<Double>, s: UnsafePointer<Double>,
                           ratio: UnsafeMutablePointer<Double>, hessian: UnsafeMutablePointer<Double>) -> Double {
    ratio.update(repeating: 0, count: r)
    hessian.update(repeating: 0, count: r * r)
    var logTerm = 0.0
    for k in start[line]..<start[line + 1] {
      let v = count[k] == .max ? largeCounts[k]! : Double(count[k])
      let f = factor + Int(index[k]) * p
      var lambda = 0.0
      for a in 0..<r { lambda += xl[a] * f[a] }
      let rho = v / lambda, weight = rho / lambda
      if evaluate { logTerm += v * .log(lambda) }
      for a in 0..<r {
        ratio[a] += rho * f[a]
        let wa = weight * f[a]
        for b in a..<r { hessian[a * r + b] += wa * f[b] }
      }
    }
    for a in 0..<r { for b in 0..<a { hessian[a * r + b] = hessian[b * r + a] } }
    var expected = 0.0
    for a in 0..<r { expected += xl[a] * s[a] }
    return logTerm - expected
  }

  /// f(point) − f(x), summed as Σ_k v_k log(λ'_k / λ_k) − (point − x) · s,
  /// so that a gain far below f's rounding still has its sign.
  @inline(__always)
  private func gain(_ line: Int, r: Int, p: Int, at point: UnsafePointer<Double>, from xl: UnsafePointer<Double>,
                    s: UnsafePointer<Double>) -> Double {
    var logTerm = 0.0
    for k in start[line]..<start[line + 1] {
      let v = count[k] == .max ? largeCounts[k]! : Double(count[k])
      let f = factor + Int(index[k]) * p
      var lambda = 0.0, updated = 0.0
      for a in 0..<r {
        lambda += xl[a] * f[a]
        updated += point[a] * f[a]
      }
      logTerm += v * .log(updated / lambda)
    }
    var expected = 0.0
    for a in 0..<r { expected += (point[a] - xl[a]) * s[a] }
    return logTerm - expected
  }
}
