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
    // Each observed entry as row << 32 | column: no division per visit.
    var order = (0..<problem.rows * m).filter { !missing.contains($0) }.map { UInt64($0 / m) << 32 | UInt64($0 % m) }
    let lambdaW = problem.rowObserved.map { options.l2 / Double(max($0, 1)) }
    let lambdaH = problem.columnObserved.map { options.l2 / Double(max($0, 1)) }
    let scaled = problem.values.map { $0 / scale }
    for epoch in 0..<options.epochs {
      random.shuffle(&order)
      let step = 2 * options.learningRate / (1 + Double(epoch) / 10)
      wt.withUnsafeMutableBufferPointer { wt in
        ht.withUnsafeMutableBufferPointer { ht in
          for entry in order {
            let i = Int(entry >> 32), j = Int(entry & 0xFFFF_FFFF)
            let w = wt.baseAddress! + i * r, h = ht.baseAddress! + j * r
            var e = scaled[i * m + j]
            for k in 0..<r { e -= w[k] * h[k] }
            for k in 0..<r {
              let wk = w[k], hk = h[k]
              w[k] = max(0, wk + step * (e * hk - lambdaW[i] * wk))
              h[k] = max(0, hk + step * (e * wk - lambdaH[j] * hk))
            }
          }
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
