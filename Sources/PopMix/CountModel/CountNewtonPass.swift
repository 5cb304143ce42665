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
/// ``CountKernel/shrinkLimit`` of its value, when f rises at it (certified
/// from the derivatives alone where it can be, ``verdict(step:gradient:hessian:ratio:at:s:r:)``;
/// otherwise measured over the line's entries) (the
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
  /// The lines' counts in the dense layout (``CountNewtonDenseLines``), or
  /// nil to read the sparse one above; a dense line has `denseLength`
  /// entries, and the other factor is read from `factorRows` (four rows of
  /// `denseLength`) instead of `factor`.
  var denseCounts: UnsafePointer<UInt16>? = nil
  var denseLength = 0
  var factorRows: UnsafePointer<Double>? = nil

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
        total += denseCounts != nil ? denseDerivatives(line, r: r, at: xl, s: s, ratio: ratio, hessian: hessian)
          : p == 4 ? derivativesOfFour(line, r: r, at: xl, s: s, ratio: ratio, hessian: hessian)
          : derivatives(line, r: r, p: p, at: xl, s: s, ratio: ratio, hessian: hessian)
        for a in 0..<r {
          gradient[a] = ratio[a] - s[a]
          lower[a] = Swift.max(shrink * xl[a], floor)
        }
        var accepted = false
        if BoundedQuadraticProgram.solve(hessian: hessian, gradient: gradient, point: xl, count: r, lower: lower,
                                         upper: .infinity, step: step) {
          for a in 0..<r {
            candidate[a] = Swift.max(xl[a] + step[a], lower[a])
            step[a] = candidate[a] - xl[a]
          }
          let rise: Double
          switch verdict(step: step, gradient: gradient, hessian: hessian, ratio: ratio, at: xl, s: s, r: r) {
          case .rises: rise = 0
          case .negligible: rise = -.infinity
          case .unsettled:
            // A step that cuts an entry by more than half leaves the bound
            // weak (φ(−τ) is −3.7 at τ = 0.99): the line takes the step with
            // its cuts held to half, often certified, else checked entry by
            // entry (docs/model.md §11).
            if halvedCuts(candidate, of: xl, r: r, step: step)
                && verdict(step: step, gradient: gradient, hessian: hessian, ratio: ratio, at: xl, s: s, r: r)
                == .rises {
              rise = 0
            } else {
              rise = denseCounts != nil ? denseGain(line, r: r, at: candidate, from: xl, s: s)
                : p == 4 ? gainOfFour(line, r: r, at: candidate, from: xl, s: s)
                : gain(line, r: r, p: p, at: candidate, from: xl, s: s)
            }
          }
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

  /// Holds `candidate`'s cuts to half of x's entries, its step into
  /// `step`; false (and nothing changed) when no entry is cut by more.
  @inline(__always)
  private func halvedCuts(_ candidate: UnsafeMutablePointer<Double>, of xl: UnsafePointer<Double>, r: Int,
                          step: UnsafeMutablePointer<Double>) -> Bool {
    var deep = false
    for a in 0..<r where candidate[a] < 0.5 * xl[a] { deep = true }
    guard deep else { return false }
    for a in 0..<r {
      candidate[a] = Swift.max(candidate[a], 0.5 * xl[a])
      step[a] = candidate[a] - xl[a]
    }
    return true
  }

  /// What a line's derivatives at x say of its step d.
  enum StepVerdict {
    /// f(x + d) > f(x), certified.
    case rises
    /// The quadratic model's gain g · d − ½ dᵀCd is within the rounding
    /// of g · d: the line is at its optimum to rounding, and a sum of its
    /// entries' logarithms could only measure noise; it takes EM's update.
    case negligible
    /// Neither: the gain is summed over the line's entries.
    case unsettled
  }

  /// Whether f(x + d) > f(x) follows from the line's derivatives at x
  /// alone, with no pass over its entries (docs/model.md §11). With
  /// t_k = (d · F_k) / λ_k, f(x + d) − f(x) = Σ_k v_k log(1 + t_k) − d · s,
  /// and log(1 + t) − t = −t² ∫₀¹ u / (1 + u t) du, so φ(t) = (log(1 + t) − t) / t²
  /// rises with t. Every t_k ≥ −τ, τ = max_a (−d_a / x_a) (F ≥ 0), hence
  ///
  ///     f(x + d) − f(x) ≥ g · d + φ(−τ) dᵀ C d,    φ(−τ) = (log(1 − τ) + τ) / τ²,
  ///
  /// C the curvature (Σ_k v_k t_k = d · Σ_k ρ_k F_k, Σ_k v_k t_k² = dᵀ C d).
  /// The bound must clear the rounding of g · d, a few ulps of
  /// Σ_a |d_a| (ratio_a + s_a), by a wide margin.
  ///
  /// - Complexity: O(r²) and one logarithm.
  @inline(__always)
  func verdict(step d: UnsafePointer<Double>, gradient: UnsafePointer<Double>, hessian: UnsafePointer<Double>,
               ratio: UnsafePointer<Double>, at xl: UnsafePointer<Double>, s: UnsafePointer<Double>,
               r: Int) -> StepVerdict {
    var linear = 0.0, quadratic = 0.0, tau = 0.0, magnitude = 0.0
    for a in 0..<r {
      linear += gradient[a] * d[a]
      tau = Swift.max(tau, -d[a] / xl[a])
      magnitude += abs(d[a]) * (ratio[a] + s[a])
      var row = 0.0
      for b in 0..<r { row += hessian[a * r + b] * d[b] }
      quadratic += d[a] * row
    }
    let margin = Self.certificateMargin * magnitude
    guard linear - 0.5 * quadratic > margin else { return .negligible }
    guard tau < 1 else { return .unsettled }
    // φ(−τ) = −Σ_n τⁿ / (n + 2); below 1e-4 its first terms and a bound on
    // the rest, where the difference of logarithms would lose digits.
    let phi = tau < 1e-4 ? -0.5 - tau / 3 - tau * tau / 2 : (Double.log(onePlus: -tau) + tau) / (tau * tau)
    return linear + phi * quadratic > margin ? .rises : .unsettled
  }

  /// The rounding margin of ``verdict(step:gradient:hessian:ratio:at:s:r:)``,
  /// relative to Σ_a |d_a| (ratio_a + s_a): far above the relative error of
  /// sums of some 10⁵ terms in double precision.
  static let certificateMargin = 1e-12

  /// f at the line's x (its log part only when evaluating), with Σ_k ρ_k F_k into `ratio` and the curvature
  /// (r × r, full) into `hessian`.
  @inline(__always)
  func derivatives(_ line: Int, r: Int, p: Int, at xl: UnsafePointer<Double>, s: UnsafePointer<Double>,
                           ratio: UnsafeMutablePointer<Double>, hessian: UnsafeMutablePointer<Double>) -> Double {
    ratio.update(repeating: 0, count: r)
    hessian.update(repeating: 0, count: r * r)
    var logTerm = 0.0
    for k in start[line]..<start[line + 1] {
      let v = value(at: k)
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
  func gain(_ line: Int, r: Int, p: Int, at point: UnsafePointer<Double>, from xl: UnsafePointer<Double>,
                    s: UnsafePointer<Double>) -> Double {
    var logTerm = 0.0
    for k in start[line]..<start[line + 1] {
      let v = value(at: k)
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

extension CountNewtonPass {
  typealias Vector = SIMD4<Double>

  /// ``derivatives(_:r:p:at:s:ratio:hessian:)`` for rows of four lanes
  /// (r ≤ 4, lanes past r zero): one vector per entry's factor row, and
  /// four entries' λ at a time through one division and one vector
  /// logarithm; the last entries, fewer than four, one by one.
  @inline(__always)
  func derivativesOfFour(_ line: Int, r: Int, at xl: UnsafePointer<Double>, s: UnsafePointer<Double>,
                         ratio: UnsafeMutablePointer<Double>, hessian: UnsafeMutablePointer<Double>) -> Double {
    let x = Vector(xl[0], xl[1], xl[2], xl[3])
    let constants = _LogarithmConstants.vectors
    var sums = Vector(), h0 = Vector(), h1 = Vector(), h2 = Vector(), h3 = Vector(), logSum = Vector()
    var tailLog = 0.0
    @inline(__always) func add(_ f: Vector, _ rho: Double, _ weight: Double) {
      let weighted = weight * f
      sums += rho * f
      h0 += weighted[0] * f
      h1 += weighted[1] * f
      h2 += weighted[2] * f
      h3 += weighted[3] * f
    }
    var k = start[line]
    let end = start[line + 1]
    while k + 4 <= end {
      let f0 = row(k), f1 = row(k + 1), f2 = row(k + 2), f3 = row(k + 3)
      let lambdas = Vector((x * f0).sum(), (x * f1).sum(), (x * f2).sum(), (x * f3).sum())
      let values = Vector(value(at: k), value(at: k + 1), value(at: k + 2), value(at: k + 3))
      let inverse = 1 / lambdas
      let rho = values * inverse, weight = rho * inverse
      if evaluate { logSum += values * Vector._logarithm(lambdas, constants: constants) }
      add(f0, rho[0], weight[0])
      add(f1, rho[1], weight[1])
      add(f2, rho[2], weight[2])
      add(f3, rho[3], weight[3])
      k += 4
    }
    while k < end {
      let f = row(k), lambda = (x * f).sum(), v = value(at: k)
      let rho = v / lambda
      if evaluate { tailLog += v * .log(lambda) }
      add(f, rho, rho / lambda)
      k += 1
    }
    for b in 0..<r {
      ratio[b] = sums[b]
      hessian[b] = h0[b]
      if r > 1 { hessian[r + b] = h1[b] }
      if r > 2 { hessian[2 * r + b] = h2[b] }
      if r > 3 { hessian[3 * r + b] = h3[b] }
    }
    var expected = 0.0
    for a in 0..<r { expected += xl[a] * s[a] }
    return logSum.sum() + tailLog - expected
  }

  /// ``gain(_:r:p:at:from:s:)`` for rows of four lanes, four entries'
  /// logarithms at a time.
  @inline(__always)
  func gainOfFour(_ line: Int, r: Int, at point: UnsafePointer<Double>, from xl: UnsafePointer<Double>,
                  s: UnsafePointer<Double>) -> Double {
    let x = Vector(xl[0], xl[1], xl[2], xl[3]), y = Vector(point[0], point[1], point[2], point[3])
    let constants = _LogarithmConstants.vectors
    var logSum = Vector(), tailLog = 0.0
    var k = start[line]
    let end = start[line + 1]
    while k + 4 <= end {
      let f0 = row(k), f1 = row(k + 1), f2 = row(k + 2), f3 = row(k + 3)
      let lambdas = Vector((x * f0).sum(), (x * f1).sum(), (x * f2).sum(), (x * f3).sum())
      let updated = Vector((y * f0).sum(), (y * f1).sum(), (y * f2).sum(), (y * f3).sum())
      let values = Vector(value(at: k), value(at: k + 1), value(at: k + 2), value(at: k + 3))
      logSum += values * Vector._logarithm(updated / lambdas, constants: constants)
      k += 4
    }
    while k < end {
      let f = row(k)
      tailLog += value(at: k) * .log((y * f).sum() / (x * f).sum())
      k += 1
    }
    var expected = 0.0
    for a in 0..<r { expected += (point[a] - xl[a]) * s[a] }
    return logSum.sum() + tailLog - expected
  }

  /// Entry k's factor row, four lanes.
  @inline(__always)
  private func row(_ k: Int) -> Vector {
    UnsafeRawPointer(factor + Int(index[k]) * 4).loadUnaligned(as: Vector.self)
  }

  /// Entry k's count.
  @inline(__always)
  func value(at k: Int) -> Double { count[k] == .max ? largeCounts[k]! : Double(count[k]) }
}
