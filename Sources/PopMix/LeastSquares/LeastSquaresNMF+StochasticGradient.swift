extension LeastSquaresNMF.Run {
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
  /// The step at epoch e is η / (1 + e / 10): a fixed step would leave the
  /// point wandering around the optimum.
  ///
  /// - Complexity: O(epochs × observed entries × r).
  mutating func descend() {
    let r = options.populations, m = problem.columns
    let scale = (problem.observedSquares / Double(problem.observedCount)).squareRoot()
    let root = scale.squareRoot()
    var wt = w.map { $0 / root }
    // H transposed, m × r, so that an entry's r values sit together.
    var ht = [Double](repeating: 0, count: m * r)
    for k in 0..<r { for j in 0..<m { ht[j * r + k] = h[k * m + j] / root } }
    let missing = Set(problem.missing)
    var order = (0..<problem.rows * m).filter { !missing.contains($0) }
    let lambda = options.l2
    for epoch in 0..<options.epochs {
      random.shuffle(&order)
      let step = 2 * options.learningRate / (1 + Double(epoch) / 10)
      for index in order {
        let i = index / m, j = index % m
        var e = problem.values[index] / scale
        for k in 0..<r { e -= wt[i * r + k] * ht[j * r + k] }
        let lambdaW = lambda / Double(problem.rowObserved[i])
        let lambdaH = lambda / Double(problem.columnObserved[j])
        for k in 0..<r {
          let wk = wt[i * r + k], hk = ht[j * r + k]
          wt[i * r + k] = max(0, wk + step * (e * hk - lambdaW * wk))
          ht[j * r + k] = max(0, hk + step * (e * wk - lambdaH * hk))
        }
      }
      iterations = epoch + 1
      if options.recordTrace || observer != nil || epoch == options.epochs - 1 {
        w = wt.map { $0 * root }
        for k in 0..<r { for j in 0..<m { h[k * m + j] = ht[j * r + k] * root } }
        squaredError = problem.squaredError(w: w, h: h, r: r)
        record()
      }
    }
    stop = .epochs
  }
}
