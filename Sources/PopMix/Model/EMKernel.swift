import RealModule

/// One pass over the data: the log-likelihood of a state and its EM (or,
/// with hidden entries, ECM) update, computed together.
///
/// Holds every scratch buffer, so iterating allocates nothing.
final class EMKernel {
  let data: ObservedCounts
  let populations: Int
  /// Lanes per row of W and G (see ``FitState``).
  let stride: Int
  private var ratioW: [Double]     // n × r: Σ_μ (V/λ) G_aμ
  private var ratioG: [Double]     // m × r: Σ_i (V/λ) W_ia
  private var hiddenG: [Double]    // n × r: Σ over row i's hidden loci of G
  private var hiddenW: [Double]    // m × r: Σ over locus μ's hidden rows of W̃
  private var gSum: [Double]       // r
  private var wSum: [Double]       // r
  private var logProducts: [Double]   // per small count v: Π λ (mantissa part)
  private var logExponents: [Int]     // per small count v: the powers of two taken out

  /// The smallest value a parameter of W or G may take. Products of two
  /// stay normal numbers (≥ 1e-300): denormal arithmetic is many times slower,
  /// and a value this small changes no λ that matters.
  static let parameterFloor = 1e-150

  /// Counts below this share one running product of λ (one `log` per count
  /// value per pass instead of one per entry); larger counts take a `log` each.
  static let groupedCountLimit = 256
  /// Interleaved banks of the grouped products (see ``CountPass``).
  static let logBanks = 4

  init(data: ObservedCounts, populations r: Int) {
    self.data = data
    self.populations = r
    let p = FitState.stride(for: r)
    stride = p
    ratioW = [Double](repeating: 0, count: data.rows * p)
    ratioG = [Double](repeating: 0, count: data.columns * p)
    hiddenG = [Double](repeating: 0, count: data.rows * p)
    hiddenW = [Double](repeating: 0, count: data.columns * p)
    gSum = [Double](repeating: 0, count: r)
    wSum = [Double](repeating: 0, count: r)
    logProducts = [Double](repeating: 1, count: Self.groupedCountLimit * Self.logBanks)
    logExponents = [Int](repeating: 0, count: Self.groupedCountLimit * Self.logBanks)
  }

  /// Returns the log-likelihood of `state` and replaces it by its update.
  ///
  /// - Precondition: W's columns in `state` sum to one.
  /// - Complexity: O((nnz + hidden) r + (n + m) r).
  func step(_ state: inout FitState) -> Double {
    let n = data.rows, m = data.columns, r = populations, p = stride
    let hasHidden = !data.hiddenColumn.isEmpty
    var logTerm = 0.0
    var expectedTotal = 0.0

    data.rowStart.withUnsafeBufferPointer { rowStart in
    data.column.withUnsafeBufferPointer { column in
    data.value.withUnsafeBufferPointer { value in
    data.count.withUnsafeBufferPointer { count in
    data.hiddenStart.withUnsafeBufferPointer { hiddenStart in
    data.hiddenColumn.withUnsafeBufferPointer { hiddenColumn in
    state.w.withUnsafeMutableBufferPointer { w in
    state.g.withUnsafeMutableBufferPointer { g in
    ratioW.withUnsafeMutableBufferPointer { ratioW in
    ratioG.withUnsafeMutableBufferPointer { ratioG in
    hiddenG.withUnsafeMutableBufferPointer { hiddenG in
    hiddenW.withUnsafeMutableBufferPointer { hiddenW in
    gSum.withUnsafeMutableBufferPointer { gSum in
    wSum.withUnsafeMutableBufferPointer { wSum in
    logProducts.withUnsafeMutableBufferPointer { logProducts in
    logExponents.withUnsafeMutableBufferPointer { logExponents in
      // 1. One pass over the non-zero observed counts: Σ V log λ and the
      //    two ratio sums of the update.
      ratioW.update(repeating: 0)
      ratioG.update(repeating: 0)
      logProducts.update(repeating: 1)
      logExponents.update(repeating: 0)
      let pass = CountPass(rowStart: rowStart, column: column, value: value, count: count,
                           w: UnsafePointer(w.baseAddress!), g: UnsafePointer(g.baseAddress!),
                           ratioW: ratioW.baseAddress!, ratioG: ratioG.baseAddress!,
                           logProducts: logProducts.baseAddress!, logExponents: logExponents.baseAddress!)
      switch p {
      case 2: logTerm = pass.run(SIMD2<Double>.self)
      case 4: logTerm = pass.run(SIMD4<Double>.self)
      case 8: logTerm = pass.run(SIMD8<Double>.self)
      default: logTerm = pass.runScalar(populations: r)
      }
      for index in 0..<(Self.groupedCountLimit * Self.logBanks)
      where logProducts[index] != 1 || logExponents[index] != 0 {
        let c = Double(index % Self.groupedCountLimit)
        logTerm += c * (.log(logProducts[index]) + Double(logExponents[index]) * 0.693_147_180_559_945_3)
      }

      // 2. Σ λ over observed entries in closed form: W's columns sum to
      //    one, so Σ_all λ = Σ_a Σ_μ G_aμ; subtract the hidden entries.
      gSum.update(repeating: 0)
      for mu in 0..<m { for a in 0..<r { gSum[a] += g[mu * p + a] } }
      expectedTotal = 0
      for a in 0..<r { expectedTotal += gSum[a] }
      if hasHidden {
        hiddenG.update(repeating: 0)
        for i in 0..<n {
          for k in hiddenStart[i]..<hiddenStart[i + 1] {
            let mu = Int(hiddenColumn[k])
            var lambda = 0.0
            for a in 0..<r {
              lambda += w[i * p + a] * g[mu * p + a]
              hiddenG[i * p + a] += g[mu * p + a]
            }
            expectedTotal -= lambda
          }
        }
      }

      // 3. W̃_ia = W_ia Σ_μ (V/λ) G_aμ / Σ_{observed μ} G_aμ.
      wSum.update(repeating: 0)
      for i in 0..<n {
        for a in 0..<r {
          let denominator = Swift.max(gSum[a] - (hasHidden ? hiddenG[i * p + a] : 0), Self.parameterFloor)
          let updated = Swift.max(w[i * p + a] * ratioW[i * p + a] / denominator, Self.parameterFloor)
          w[i * p + a] = updated
          wSum[a] += updated
        }
      }
      // 4. G_aμ ← G_aμ Σ_i (V/λ) W_ia / Σ_{observed i} W̃_ia, then move W̃'s
      //    column scale into G so that W's columns sum to one (λ unchanged).
      if hasHidden {
        hiddenW.update(repeating: 0)
        for i in 0..<n {
          for k in hiddenStart[i]..<hiddenStart[i + 1] {
            let mu = Int(hiddenColumn[k])
            for a in 0..<r { hiddenW[mu * p + a] += w[i * p + a] }
          }
        }
      }
      for mu in 0..<m {
        for a in 0..<r {
          let scale = hasHidden ? wSum[a] / Swift.max(wSum[a] - hiddenW[mu * p + a], Self.parameterFloor) : 1
          g[mu * p + a] = Swift.max(g[mu * p + a] * ratioG[mu * p + a] * scale, Self.parameterFloor)
        }
      }
      for i in 0..<n { for a in 0..<r { w[i * p + a] /= wSum[a] } }
    }}}}}}}}}}}}}}}}
    return logTerm - expectedTotal - data.logFactorialSum
  }
}
