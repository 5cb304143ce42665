/// Iterates an ``EMProblem`` from a start, by plain EM or SQUAREM, until one
/// update gains less than `tolerance` × |l| or the pass cap is reached.
///
/// `current` ends as the last accepted point whose log-likelihood was
/// computed, so the reported value is exact for the returned parameters.
/// The trace holds the accepted log-likelihoods in order; it never decreases.
struct EMDriver<Problem: EMProblem> {
  let problem: Problem
  let tolerance: Double
  let maxPasses: Int
  let recordTrace: Bool
  let restart: Int
  let observer: FitObserver?
  /// When the restart began and the passes its start took, so that the
  /// trace counts time and work from there, not from this driver's first pass.
  let began: ContinuousClock.Instant
  let passesBefore: Int
  /// The accepted point whose log-likelihood is `currentLogLikelihood`.
  var current: Problem.State
  var currentLogLikelihood = -Double.infinity
  /// False while `current` is a point whose log-likelihood is not yet known.
  var currentIsEvaluated = false
  var passes = 0
  /// Why the run stopped: the pass cap until it converges or sees a fall.
  var stop = FitStop.iterationLimit
  var trace: [FitProgress] = []
  var next: Problem.State
  var second: Problem.State
  var trial: Problem.State
  /// How ``runQuasiNewton()`` steps: the model's (``FitModel/quasiNewtonScheme``).
  var scheme = QuasiNewtonScheme.classic
  /// SQUAREM's largest step |α|: starts at 1 (the plain double update) and
  /// grows fourfold each time a step at the limit is accepted (Varadhan and
  /// Roland's adaptive scheme), so that early wild steps cannot overflow.
  private var maxStep = 1.0

  init(problem: Problem, start: Problem.State, tolerance: Double, maxPasses: Int, recordTrace: Bool,
       restart: Int, observer: FitObserver?, began: ContinuousClock.Instant = .now, passesBefore: Int = 0) {
    self.problem = problem
    self.began = began
    self.passesBefore = passesBefore
    self.tolerance = tolerance
    self.maxPasses = maxPasses
    self.recordTrace = recordTrace
    self.restart = restart
    self.observer = observer
    current = start
    next = start
    second = start
    trial = start
  }

  /// Runs `algorithm` to convergence or the pass cap, then makes sure the
  /// final point's log-likelihood is known.
  mutating func run(_ algorithm: FitAlgorithm) {
    switch algorithm {
    case .mu: runMultiplicative()
    case .accelerated: runAccelerated()
    case .newton: if problem.quasiNewtonHelps { runQuasiNewton() } else { runEvaluatedSteps() }
    }
    evaluateCurrentIfNeeded()
  }

  /// Records an evaluated log-likelihood of the iteration's path and judges
  /// it against the previous one, `passesApart` passes earlier.
  ///
  /// - Returns: `.converged` when the gain is below the tolerance per pass,
  ///   `.likelihoodFell` when the value fell by more than rounding explains
  ///   (``FitStop/roundingSlack(at:)``), nil to go on.
  mutating func accept(_ logLikelihood: Double, passesApart: Int = 1) -> FitStop? {
    if recordTrace || observer != nil {
      let elapsed = ContinuousClock.now - began
      let progress = FitProgress(restart: restart, pass: passesBefore + passes, seconds: elapsed.seconds,
                                 logLikelihood: logLikelihood)
      if recordTrace { trace.append(progress) }
      observer?(progress)
    }
    let previous = currentLogLikelihood
    currentLogLikelihood = logLikelihood
    currentIsEvaluated = true
    guard previous.isFinite else { return nil }
    let gain = logLikelihood - previous
    // Written so that a NaN counts as a fall.
    guard gain >= -FitStop.roundingSlack(at: abs(previous) + problem.logLikelihoodMagnitude) else {
      return .likelihoodFell(by: previous - logLikelihood, pass: passesBefore + passes)
    }
    return gain <= tolerance * Double(passesApart) * abs(logLikelihood) ? .converged : nil
  }

  /// Records a log-likelihood whose gain does not decide convergence;
  /// true (and the run stops) when it fell.
  mutating func acceptCheckingFall(_ logLikelihood: Double) -> Bool {
    guard let verdict = accept(logLikelihood), case .likelihoodFell = verdict else { return false }
    stop = verdict
    return true
  }

  /// Passes between evaluations of plain EM: the log-likelihood's
  /// logarithms cost the count kernel more than a plain pass, and
  /// an EM step never lowers it, so it is computed every tenth pass, as
  /// scikit-learn checks its multiplicative updates.
  static var evaluationInterval: Int { 10 }

  /// A check of plain EM is skipped while the problem's lower bound on the
  /// last pass's gain exceeds this many times the gain per pass at which
  /// the fit converges (``EMProblem/stepBoundingGain(_:)``).
  ///
  /// The Poisson model's bound (EM's own, from W's half of the update) is
  /// a fraction of the true gain, so checks resume while the gain is still
  /// several times the tolerance, in time for the check that would have
  /// stopped the fit with no skipping (docs/benchmarks.md).
  static var skipFactor: Double { 4 }

  /// The most passes between two evaluations even while the bound says
  /// they cannot converge: the trace and the progress line still hear of
  /// the fit every so often.
  static var maximumSkippedPasses: Int { 100 }

  /// Plain EM (multiplicative) updates, the log-likelihood computed every
  /// ``evaluationInterval`` passes and converged when its gain per pass
  /// since the last evaluation falls below the tolerance.
  ///
  /// The pass before each check asks the problem for a lower bound on its
  /// gain; when even that is ``skipFactor`` times the converging gain, the
  /// check could not stop the fit and is skipped (at most
  /// ``maximumSkippedPasses`` passes in a row). Most evaluations are saved
  /// and the fit stops at the same pass.
  private mutating func runMultiplicative() {
    let interval = Self.evaluationInterval
    var sinceEvaluation = 0
    var skipCheck = false
    while passes < maxPasses {
      // The last pass the cap allows is evaluated, so the point returned
      // has a known log-likelihood without a pass over the cap.
      let atCheck = sinceEvaluation % interval == 0
      let evaluate = passes == maxPasses - 1 || (atCheck && !skipCheck)
      guard evaluate else {
        // Nothing is learnt about `current` that convergence could return
        // to, so it is updated in place, without a copy of the state.
        // A skip holds for one check only.
        if atCheck { skipCheck = false }
        let beforeCheck = (sinceEvaluation + 1) % interval == 0
        if beforeCheck && sinceEvaluation + 1 < Self.maximumSkippedPasses {
          // l only rises, so |l| at the last evaluation bounds the
          // converging gain from above while l < 0; for l ≥ 0 the factor
          // covers the difference.
          let bound = problem.stepBoundingGain(&current)
          skipCheck = bound.map { $0 > Self.skipFactor * tolerance * abs(currentLogLikelihood) } ?? false
        } else {
          _ = problem.step(&current, evaluate: false)
        }
        passes += 1
        sinceEvaluation += 1
        currentIsEvaluated = false
        continue
      }
      next.assign(current)
      let l = problem.step(&next, evaluate: true)   // l = l(current); next = F(current)
      passes += 1
      if let verdict = accept(l, passesApart: Swift.max(sinceEvaluation, 1)) { stop = verdict; return }
      sinceEvaluation = 1
      guard passes < maxPasses else { return }
      swap(&current, &next)
      currentIsEvaluated = false
    }
  }

  /// Plain steps, each one's log-likelihood evaluated (a Newton sweep
  /// computes it anyway), converged when one step gains less than the
  /// tolerance.
  private mutating func runEvaluatedSteps() {
    while passes < maxPasses {
      next.assign(current)
      let l = problem.step(&next, evaluate: true)   // l = l(current); next = F(current)
      passes += 1
      if let verdict = accept(l) { stop = verdict; return }
      guard passes < maxPasses else { return }
      swap(&current, &next)
      currentIsEvaluated = false
    }
  }

  /// SQUAREM: θ1 = F(θ0), θ2 = F(θ1), r = θ1 − θ0, v = θ2 − θ1 − r,
  /// α = −|r|²/|r·v| (or the problem's rule), θ' = θ0 − 2αr + α²v; keep
  /// F(θ') when l(θ') is at least the last evaluated log-likelihood on the
  /// path (l(θ1)), otherwise halve the step towards α = −1, which is θ2.
  /// The accepted values never decrease.
  ///
  /// The problem's ``EMProblem/evaluatesEveryPass`` sets when the cycle
  /// evaluates:
  /// - false (the log-likelihood costs much beside the update): only θ' is
  ///   evaluated. The path's last value is a lower bound on l(θ0), since
  ///   each EM step and each accepted extrapolation only raises it, so θ' is
  ///   compared with that, and convergence is judged on each accepted value.
  ///   Once within half a step of α = −1, θ2 itself is taken, evaluated.
  /// - true: θ0 and θ1 are evaluated too, θ' is compared with l(θ1), and
  ///   convergence is judged once per cycle, on the gain from one cycle's
  ///   start to the next (right after an extrapolation a single update can
  ///   gain little while the fit is still far from the optimum). When every
  ///   extrapolation fails, θ2 is taken unevaluated; the next cycle's first
  ///   pass evaluates it.
  mutating func runAccelerated() {
    let everyPass = Problem.evaluatesEveryPass
    // Evaluating only θ' may leave `current` unevaluated: keep a pass for that.
    let reserve = everyPass ? 0 : 1
    // The first cycle needs a value to compare θ' with: its start's.
    var evaluateStart = true
    var cycleStart = -Double.infinity
    while passes < maxPasses - reserve {
      // θ1 = F(θ0), with l(θ0) when asked for.
      next.assign(current)
      let evaluate = everyPass || evaluateStart
      let l0 = problem.step(&next, evaluate: evaluate)
      passes += 1
      if evaluate {
        if acceptCheckingFall(l0) { return }
        evaluateStart = false
      }
      if everyPass {
        if cycleStart.isFinite && l0 - cycleStart <= tolerance * abs(l0) { stop = .converged; return }
        cycleStart = l0
      }
      guard passes < maxPasses - reserve else { return }
      // θ2 = F(θ1), with l(θ1) when every pass is evaluated.
      second.assign(next)
      let l1 = problem.step(&second, evaluate: everyPass)
      passes += 1
      swap(&current, &next)             // current = θ1, next = θ0
      currentIsEvaluated = false
      if everyPass && acceptCheckingFall(l1) { return }
      // Moving on leaves `current` unevaluated, which needs one pass in
      // reserve for the final evaluation.
      guard passes < maxPasses - 1 else { return }
      let reference = currentLogLikelihood
      let ratio = stepRatio(from: next, current, second)
      let firstAlpha = -Swift.min(maxStep, Swift.max(1, ratio))
      var alpha = firstAlpha
      var accepted = false
      while passes < maxPasses - 1 && (alpha < -1 || !everyPass) {
        if alpha < -1 {
          problem.extrapolate(into: &trial, from: next, current, second, alpha: alpha)
        } else {
          trial.assign(second)
        }
        let l = problem.step(&trial, evaluate: true)   // l = l(θ'); trial = F(θ')
        passes += 1
        // θ2 is an EM iterate of the last evaluated point, so it is never
        // worse in exact arithmetic: take it even when rounding says a hair
        // less, which is convergence.
        if alpha >= -1 || (l.isFinite && l >= reference) {
          let verdict = accept(l)
          swap(&current, &trial)
          currentIsEvaluated = false
          accepted = true
          if !everyPass, let verdict { stop = verdict; return }
          break
        }
        alpha = (alpha - 1) / 2
        // Within half a step of −1, θ2 itself, so that a cycle spends at
        // most a few passes on failed steps.
        if !everyPass && alpha > -1.5 { alpha = -1 }
      }
      // A step at the limit that was taken as proposed (even α = −1, which
      // is θ2) lets the next cycle try one four times longer.
      if ratio >= maxStep && alpha == firstAlpha && (accepted || firstAlpha == -1) { maxStep *= 4 }
      // Step-back all the way: θ2 = F(θ1), which is no worse than θ1.
      if everyPass && !accepted {
        swap(&current, &second)
        currentIsEvaluated = false
      }
    }
  }

  /// When the pass cap stopped the iteration at a point not yet evaluated,
  /// or convergence left the last update unevaluated, one more pass
  /// computes its log-likelihood (the update is discarded).
  private mutating func evaluateCurrentIfNeeded() {
    guard !currentIsEvaluated else { return }
    next.assign(current)
    let l = problem.step(&next, evaluate: true)
    passes += 1
    _ = acceptCheckingFall(l)
  }

  /// The run's outcome, with the final point turned into a model.
  func singleRun<Model>(_ model: (Problem.State) -> Model) -> SingleRun<Model> {
    SingleRun(model: model(current), logLikelihood: currentLogLikelihood, iterations: passes,
              stop: stop, trace: trace)
  }

  /// SQUAREM's step length |α| before limits, by the problem's rule; 0
  /// when the update has stopped moving.
  private func stepRatio(from theta0: Problem.State, _ theta1: Problem.State, _ theta2: Problem.State) -> Double {
    let products = problem.stepProducts(theta0, theta1, theta2)
    guard products.rr > 0 else { return 0 }
    switch Problem.stepRule {
    case .s2: return products.rv != 0 ? products.rr / abs(products.rv) : 0
    case .s3: return products.vv > 0 ? (products.rr / products.vv).squareRoot() : 0
    }
  }
}
