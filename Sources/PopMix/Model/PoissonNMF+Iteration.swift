extension PoissonNMF {
  /// Iterates from `start` until one update gains less than `tolerance` ×
  /// |l| or `maxIterations` passes over the data have been made.
  ///
  /// Returns the last accepted parameters whose log-likelihood was computed,
  /// so the reported value is exact for the returned model. The trace holds
  /// the accepted log-likelihoods in order; it never decreases.
  static func iterate(_ data: ObservedCounts, from start: Factorization, algorithm: FitAlgorithm,
                      tolerance: Double, maxIterations: Int, recordTrace: Bool = false,
                      restart: Int = 0, observer: FitObserver? = nil, threads: Int = 1) -> SingleRun {
    var driver = Driver(data: data, start: start, tolerance: tolerance, maxPasses: maxIterations,
                        recordTrace: recordTrace, restart: restart, observer: observer, threads: threads)
    switch algorithm {
    case .mu: driver.runMultiplicative()
    case .accelerated: driver.runAccelerated()
    }
    driver.evaluateCurrentIfNeeded()
    let observedTotals = data.hiddenColumn.isEmpty ? data.columnTotals : nil
    return SingleRun(model: driver.current.model(individuals: data.rows, observedTotals: observedTotals),
                     logLikelihood: driver.currentLogLikelihood,
                     iterations: driver.passes, converged: driver.converged, trace: driver.trace)
  }
}

/// The iteration's state: the current point, scratch points for SQUAREM,
/// and the bookkeeping of passes, convergence and trace.
private struct Driver {
  let kernel: EMKernel
  let tolerance: Double
  let maxPasses: Int
  let recordTrace: Bool
  let restart: Int
  let observer: FitObserver?
  let clock = ContinuousClock.now
  /// The accepted point whose log-likelihood is `currentLogLikelihood`.
  var current: FitState
  var currentLogLikelihood = -Double.infinity
  /// False while `current` is a point whose log-likelihood is not yet known.
  private var currentIsEvaluated = false
  var passes = 0
  var converged = false
  var trace: [FitProgress] = []
  private var next: FitState
  private var second: FitState
  private var trial: FitState
  /// Per-entry weights of G in SQUAREM's step length: 1 / C_μ², so that G's
  /// entries count on the same scale as H's (probabilities), as W's do.
  private let gWeight: [Double]
  /// SQUAREM's largest step |α|: starts at 1 (the plain double update) and
  /// grows fourfold each time a step at the limit is accepted (Varadhan and
  /// Roland's adaptive scheme), so that early wild steps cannot overflow.
  private var maxStep = 1.0
  /// Column sums of W in the extrapolation (kept to avoid allocating).
  private var columnSum: [Double]
  /// An extrapolated entry may shrink to no less than this share of its
  /// value at θ2: an entry pushed to ~0 would take multiplicative updates
  /// hundreds of passes to revive, so a step may cut a value at most a
  /// hundredfold.
  private static let shrinkLimit = 0.01

  init(data: ObservedCounts, start: Factorization, tolerance: Double, maxPasses: Int, recordTrace: Bool,
       restart: Int, observer: FitObserver?, threads: Int) {
    kernel = EMKernel(data: data, populations: start.populations, threads: threads)
    self.tolerance = tolerance
    self.maxPasses = maxPasses
    self.recordTrace = recordTrace
    self.restart = restart
    self.observer = observer
    current = FitState(start)
    next = current
    second = current
    trial = current
    let r = start.populations, p = current.stride
    columnSum = [Double](repeating: 0, count: p)
    gWeight = (0..<(data.columns * p)).map { index in
      let total = data.columnTotals[index / p]
      return index % p < r && total > 0 ? 1 / (total * total) : 0
    }
  }

  /// Records an accepted log-likelihood; true when the gain since the
  /// previous one is below the tolerance (the fit has converged).
  private mutating func accept(_ logLikelihood: Double) -> Bool {
    if recordTrace || observer != nil {
      let elapsed = ContinuousClock.now - clock
      let progress = FitProgress(restart: restart, pass: passes, seconds: elapsed.seconds, logLikelihood: logLikelihood)
      if recordTrace { trace.append(progress) }
      observer?(progress)
    }
    let previous = currentLogLikelihood
    currentLogLikelihood = logLikelihood
    currentIsEvaluated = true
    return previous.isFinite && logLikelihood - previous <= tolerance * abs(logLikelihood)
  }

  /// Plain multiplicative updates.
  mutating func runMultiplicative() {
    while passes < maxPasses {
      next.assign(current)
      let l = kernel.step(&next)        // l = l(current); next = F(current)
      passes += 1
      if accept(l) { converged = true; return }
      guard passes < maxPasses else { return }
      swap(&current, &next)
    }
  }

  /// SQUAREM: θ1 = F(θ0), θ2 = F(θ1), r = θ1 − θ0, v = θ2 − θ1 − r,
  /// α = −r·r / r·v, θ' = θ0 − 2αr + α²v; keep F(θ') when l(θ') ≥ l(θ1),
  /// otherwise halve the step towards α = −1, which is θ2 itself.
  mutating func runAccelerated() {
    // Convergence is judged once per cycle, on the gain from one cycle's
    // start to the next: right after an extrapolation a single update can
    // gain little while the fit is still far from the optimum.
    var cycleStart = -Double.infinity
    while passes < maxPasses {
      // θ1 = F(θ0), with l(θ0).
      next.assign(current)
      let l0 = kernel.step(&next)
      passes += 1
      _ = accept(l0)
      if cycleStart.isFinite && l0 - cycleStart <= tolerance * abs(l0) { converged = true; return }
      cycleStart = l0
      guard passes < maxPasses else { return }
      // θ2 = F(θ1), with l(θ1).
      second.assign(next)
      let l1 = kernel.step(&second)
      passes += 1
      swap(&current, &next)             // current = θ1, next = θ0
      _ = accept(l1)
      // Moving on leaves `current` unevaluated, which needs one pass in
      // reserve for the final evaluation.
      guard passes < maxPasses - 1 else { return }
      let ratio = stepRatio(from: next, current, second)
      let firstAlpha = -Swift.min(maxStep, Swift.max(1, ratio))
      var alpha = firstAlpha
      var accepted = false
      while alpha < -1 && passes < maxPasses - 1 {
        extrapolate(from: next, current, second, alpha: alpha)
        let l = kernel.step(&trial)     // l = l(θ'); trial = F(θ')
        passes += 1
        if l.isFinite && l >= l1 {
          // Accept F(θ'): its log-likelihood is at least l(θ') and is
          // computed by the next cycle's first pass.
          _ = accept(l)
          swap(&current, &trial)
          currentIsEvaluated = false
          accepted = true
          break
        }
        alpha = (alpha - 1) / 2
      }
      // A step at the limit that was taken as proposed (even α = −1, which
      // is θ2) lets the next cycle try one four times longer.
      if ratio >= maxStep && (firstAlpha == -1 || (accepted && alpha == firstAlpha)) { maxStep *= 4 }
      // Step-back all the way: θ2 = F(θ1), which is no worse than θ1.
      if !accepted {
        swap(&current, &second)
        currentIsEvaluated = false
      }
    }
  }

  /// When the pass cap stopped the iteration at a point not yet evaluated,
  /// one more pass computes its log-likelihood (the update is discarded).
  mutating func evaluateCurrentIfNeeded() {
    guard !currentIsEvaluated else { return }
    next.assign(current)
    let l = kernel.step(&next)
    passes += 1
    _ = accept(l)
  }

  /// SQUAREM's step length before limits, −r·r / r·v for θ0, θ1, θ2 (the
  /// S2 rule of Varadhan and Roland; it takes about a quarter fewer passes
  /// than the S3 rule ‖r‖/‖v‖ here); 0 when the update has stopped moving.
  private func stepRatio(from theta0: FitState, _ theta1: FitState, _ theta2: FitState) -> Double {
    var rr = 0.0, rv = 0.0
    for k in theta0.w.indices {
      let r = theta1.w[k] - theta0.w[k]
      let v = theta2.w[k] - theta1.w[k] - r
      rr += r * r
      rv += r * v
    }
    for k in theta0.g.indices {
      let r = theta1.g[k] - theta0.g[k]
      let v = theta2.g[k] - theta1.g[k] - r
      rr += r * r * gWeight[k]
      rv += r * v * gWeight[k]
    }
    guard rv != 0 && rr > 0 else { return 0 }
    return rr / abs(rv)
  }

  /// trial = θ0 − 2α r + α² v, projected back onto the constraints: each
  /// entry at least ``shrinkLimit`` of its θ2 value, W's columns summing to
  /// one (their scale moved into G).
  private mutating func extrapolate(from theta0: FitState, _ theta1: FitState, _ theta2: FitState, alpha: Double) {
    let a0 = 1 + 2 * alpha + alpha * alpha, a1 = -2 * alpha - 2 * alpha * alpha, a2 = alpha * alpha
    let r = theta0.populations, p = theta0.stride
    let limit = Self.shrinkLimit
    for a in 0..<p { columnSum[a] = 0 }
    for row in 0..<(trial.w.count / p) {
      for a in 0..<r {
        let k = row * p + a
        let value = Swift.max(a0 * theta0.w[k] + a1 * theta1.w[k] + a2 * theta2.w[k], limit * theta2.w[k])
        trial.w[k] = value
        columnSum[a] += value
      }
    }
    for row in 0..<(trial.w.count / p) { for a in 0..<r { trial.w[row * p + a] /= columnSum[a] } }
    for row in 0..<(trial.g.count / p) {
      for a in 0..<r {
        let k = row * p + a
        trial.g[k] = Swift.max(a0 * theta0.g[k] + a1 * theta1.g[k] + a2 * theta2.g[k], limit * theta2.g[k])
          * columnSum[a]
      }
    }
  }
}
