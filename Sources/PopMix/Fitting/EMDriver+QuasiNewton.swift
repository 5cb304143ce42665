extension EMDriver {
  /// Quasi-Newton acceleration of the problem's steps (Zhou, Alexander and
  /// Lange) by ``scheme``: x1 = F(x0), x2 = F(x1), the pair (x1 − x0,
  /// x2 − x1) joins ``SecantHistory``, and the quasi-Newton point x'
  /// (projected onto the parameter space) is kept, as F(x'), when l(x') is
  /// at least the cycle's last evaluated value; otherwise the fit moves to
  /// x2 (no worse) and the history is cleared.
  ///
  /// With ``QuasiNewtonScheme/chainsAcceptedPoints``, a cycle after an
  /// accepted x' takes x0 = F(x') and x1 = F(x0) and the pair of x', x0, x1,
  /// so it spends one plain sweep instead of two, and x' is compared with
  /// l(x0). With ``QuasiNewtonScheme/halvings``, a rejected point is tried
  /// again halfway to its base.
  ///
  /// Every point on the path is evaluated, and convergence is judged once
  /// per cycle, on the gain from one cycle's start to the next. A problem
  /// without a flat form (``EMProblem/flatCount`` 0) is run by SQUAREM.
  mutating func runQuasiNewton() {
    let size = problem.flatCount
    guard size > 0 else { return runAccelerated() }
    var history = SecantHistory(size: size, capacity: scheme.pairs, largestCoefficient: scheme.largestCoefficient)
    var x0 = [Double](repeating: 0, count: size), x1 = x0, x2 = x0, accepted = x0, point = x0
    // Whether `current` is F(x') for the last accepted x' (kept in `accepted`).
    var chained = false
    var stepLength = 1.0
    var cycleStart = -Double.infinity
    while passes < maxPasses {
      next.assign(current)
      let l0 = problem.step(&next, evaluate: true)          // l(x0); next = x1
      passes += 1
      if acceptCheckingFall(l0) { return }
      if cycleStart.isFinite && l0 - cycleStart <= tolerance * abs(l0) { stop = .converged; return }
      cycleStart = l0
      guard passes < maxPasses else { return }
      let reference: Double
      if chained {
        // The quasi-Newton point needs a pass, and moving to x1 leaves
        // `current` unevaluated: one pass stays in reserve.
        guard passes < maxPasses - 1 else { return }
        problem.flatten(current, into: &x0)
        problem.flatten(next, into: &x1)
        history.add(accepted, x0, x1)
        swap(&current, &next)                               // current = x1, unevaluated
        currentIsEvaluated = false
        reference = l0
      } else {
        second.assign(next)
        let l1 = problem.step(&second, evaluate: true)      // l(x1); second = x2
        passes += 1
        swap(&current, &next)                               // current = x1, next = x0
        currentIsEvaluated = false
        if acceptCheckingFall(l1) { return }
        guard passes < maxPasses - 1 else { return }
        problem.flatten(next, into: &x0)
        problem.flatten(current, into: &x1)
        problem.flatten(second, into: &x2)
        history.add(x0, x1, x2)
        if scheme.chainsAcceptedPoints {
          swap(&x1, &x2)                                    // extrapolate from the newest point
          swap(&current, &second)                           // current = x2, unevaluated
        }
        reference = l1
      }
      chained = false
      // x1 is the base: a chained cycle's newest point, the classic cycle's middle one.
      if let full = history.step(from: x1) {
        var length = scheme.halvings > 0 ? stepLength : 1
        var tries = 0
        var taken = false
        while true {
          if length == 1 {
            problem.assign(full, to: &trial)
          } else {
            for index in 0..<size { point[index] = x1[index] + length * (full[index] - x1[index]) }
            problem.assign(point, to: &trial)
          }
          if scheme.chainsAcceptedPoints { problem.flatten(trial, into: &accepted) }
          let l = problem.step(&trial, evaluate: true)      // l(x'); trial = F(x')
          passes += 1
          if l.isFinite && l >= reference {
            _ = accept(l)
            swap(&current, &trial)
            currentIsEvaluated = false
            chained = scheme.chainsAcceptedPoints
            taken = true
            stepLength = Swift.min(2 * length, 1)
            break
          }
          tries += 1
          guard tries <= scheme.halvings && passes < maxPasses - 1 else { break }
          length /= 2
        }
        if taken { continue }
        if scheme.halvings > 0 { stepLength = Swift.max(length, QuasiNewtonScheme.shortestStep) }
        history.clear()
        guard passes < maxPasses - 1 else { return }
      }
      if !scheme.chainsAcceptedPoints {
        swap(&current, &second)                             // x2
        currentIsEvaluated = false
      }
    }
  }
}
