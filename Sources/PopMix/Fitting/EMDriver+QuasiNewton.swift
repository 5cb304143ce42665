extension EMDriver {
  /// Secant pairs quasi-Newton keeps: ZAL's own choice for ADMIXTURE; more
  /// pairs reach further back, where F's slow directions have changed.
  static var secantPairs: Int { 3 }

  /// Quasi-Newton acceleration of the problem's steps (Zhou, Alexander and
  /// Lange): x1 = F(x0), x2 = F(x1), the pair (x1 − x0, x2 − x1) joins
  /// ``SecantHistory``, and the quasi-Newton point x' (projected onto the
  /// parameter space) is kept, as F(x'), when l(x') ≥ l(x1); otherwise the
  /// fit moves to x2, which is no worse, and the history is cleared.
  ///
  /// Every point on the path is evaluated, and convergence is judged once
  /// per cycle, on the gain from one cycle's start to the next. A problem
  /// without a flat form (``EMProblem/flatCount`` 0) is run by SQUAREM.
  mutating func runQuasiNewton() {
    let size = problem.flatCount
    guard size > 0 else { return runAccelerated() }
    var history = SecantHistory(size: size, capacity: Self.secantPairs)
    var x0 = [Double](repeating: 0, count: size), x1 = x0, x2 = x0
    var cycleStart = -Double.infinity
    while passes < maxPasses {
      next.assign(current)
      let l0 = problem.step(&next, evaluate: true)          // l(x0); next = x1
      passes += 1
      if acceptCheckingFall(l0) { return }
      if cycleStart.isFinite && l0 - cycleStart <= tolerance * abs(l0) { stop = .converged; return }
      cycleStart = l0
      guard passes < maxPasses else { return }
      second.assign(next)
      let l1 = problem.step(&second, evaluate: true)        // l(x1); second = x2
      passes += 1
      swap(&current, &next)                                 // current = x1, next = x0
      currentIsEvaluated = false
      if acceptCheckingFall(l1) { return }
      // The quasi-Newton point needs a pass, and moving to x2 leaves
      // `current` unevaluated: one pass stays in reserve.
      guard passes < maxPasses - 1 else { return }
      problem.flatten(next, into: &x0)
      problem.flatten(current, into: &x1)
      problem.flatten(second, into: &x2)
      history.add(x0, x1, x2)
      if let point = history.step(from: x1) {
        problem.assign(point, to: &trial)
        let l = problem.step(&trial, evaluate: true)        // l(x'); trial = F(x')
        passes += 1
        if l.isFinite && l >= l1 {
          _ = accept(l)
          swap(&current, &trial)
          currentIsEvaluated = false
          continue
        }
        history.clear()
        guard passes < maxPasses - 1 else { return }
      }
      swap(&current, &second)
      currentIsEvaluated = false
    }
  }
}
