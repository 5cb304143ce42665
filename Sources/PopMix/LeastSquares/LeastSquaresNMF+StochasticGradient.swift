extension LeastSquaresNMF.Run {
  /// The most times SGD halves its step (to η / 1024, where a pass moves
  /// the factors a thousandth as far as at η); the next stall ends the run.
  static let stepHalvings = 10

  /// Epochs in a row without progress that make a stall. One epoch is not
  /// enough: on small tables a single epoch's noise often hides the
  /// progress, and halving then came too early (on seed 002's example, a
  /// patience of 1 or 20 epochs ended 13 % or 1.4 % above the optimum, 50
  /// within 0.4 %).
  static let patience = 50

  /// Stochastic gradient descent: each epoch visits every observed entry
  /// once, in a new random order, and steps W's row and H's column at that
  /// entry down the gradient of its share of
  /// Σ (V − W H)² + λ (‖W‖² + ‖H‖²), then back to 0 where they went below.
  ///
  /// The entry (i, j) carries e² + λ (‖w_i‖² / m_i + ‖h_j‖² / n_j), where
  /// m_i and n_j are the observed entries of row i and column j, so that
  /// the shares add up to the whole objective. The data are divided by
  /// their root mean square s while descending (so one η suits any scale;
  /// λ applies to the scaled data) and the factors multiplied by √s after.
  ///
  /// The step stays η until ``patience`` epochs in a row fail to take the
  /// objective more than the tolerance (relative) below its value at the
  /// last such fall,
  /// then it is halved (a fixed step leaves the point wandering around
  /// the optimum at a distance that shrinks with the step). The run stops
  /// at the stall after the ``stepHalvings``-th halving, or after the
  /// epochs, and keeps the epoch with the lowest objective.
  ///
  /// - Complexity: O(epochs × observed entries × r), the objective after
  ///   each epoch included.
  mutating func descend() {
    let r = options.populations, m = problem.columns, l2 = l2
    let scale = problem.rootMeanSquare
    let root = scale.squareRoot()
    var wt = w.map { $0 / root }
    // H transposed, m × r, so that an entry's r values sit together.
    var ht = [Double](repeating: 0, count: m * r)
    for k in 0..<r { for j in 0..<m { ht[j * r + k] = h[k * m + j] / root } }
    let missing = Set(problem.missing)
    // Each observed entry as row << 32 | column: no division per visit.
    var order = (0..<problem.rows * m).filter { !missing.contains($0) }.map { UInt64($0 / m) << 32 | UInt64($0 % m) }
    let lambdaW = problem.rowObserved.map { options.penalty / Double(max($0, 1)) }
    let lambdaH = problem.columnObserved.map { options.penalty / Double(max($0, 1)) }
    let scaled = problem.values.map { $0 / scale }
    squaredError = problem.squaredError(w: w, h: h, r: r)
    objective = LeastSquaresProblem.objective(squaredError: squaredError, w: w, h: h, l2: l2)
    var best = (objective: objective, squaredError: squaredError, w: w, h: h)
    // The objective that progress is measured from: it moves only on a fall of more than the tolerance.
    var mark = objective
    var step = options.learningRate, halvings = 0, stalled = 0
    stop = .epochs
    for epoch in 0..<options.epochs {
      random.shuffle(&order)
      let rate = 2 * step
      wt.withUnsafeMutableBufferPointer { wt in
        ht.withUnsafeMutableBufferPointer { ht in
          for entry in order {
            let i = Int(entry >> 32), j = Int(entry & 0xFFFF_FFFF)
            let w = wt.baseAddress! + i * r, h = ht.baseAddress! + j * r
            var e = scaled[i * m + j]
            for k in 0..<r { e -= w[k] * h[k] }
            for k in 0..<r {
              let wk = w[k], hk = h[k]
              w[k] = max(0, wk + rate * (e * hk - lambdaW[i] * wk))
              h[k] = max(0, hk + rate * (e * wk - lambdaH[j] * hk))
            }
          }
        }
      }
      iterations = epoch + 1
      w = wt.map { $0 * root }
      for k in 0..<r { for j in 0..<m { h[k * m + j] = ht[j * r + k] * root } }
      squaredError = problem.squaredError(w: w, h: h, r: r)
      objective = LeastSquaresProblem.objective(squaredError: squaredError, w: w, h: h, l2: l2)
      // A diverged run is reported as it is (the caller refuses it).
      guard objective.isFinite else { return }
      record()
      if objective < mark * (1 - options.tolerance) {
        mark = objective
        stalled = 0
      } else {
        stalled += 1
      }
      if objective < best.objective { best = (objective, squaredError, w, h) }
      if stalled == Self.patience {
        stalled = 0
        halvings += 1
        if halvings > Self.stepHalvings {
          stop = .converged
          break
        }
        step /= 2
      }
    }
    (objective, squaredError, w, h) = (best.objective, best.squaredError, best.w, best.h)
  }
}
