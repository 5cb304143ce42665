import RealModule

/// The hot loop of an update: one pass over the non-zero observed counts
/// that accumulates the ratio sums Σ_μ (V/λ) G and Σ_i (V/λ) W and the
/// Σ V log λ term of the log-likelihood.
///
/// Rows of W and G are padded to a SIMD width with zero lanes, so λ is one
/// vector multiply and a horizontal sum, and an individual's ratio sum stays
/// in a register along its row.
struct CountPass: @unchecked Sendable {
  /// The rows this pass covers (one block of a threaded pass).
  let rows: Range<Int>
  let rowStart: UnsafePointer<Int>
  let column: UnsafePointer<Int32>
  let count: UnsafePointer<UInt16>
  let largeCounts: [Int: Double]
  let w: UnsafePointer<Double>
  let g: UnsafePointer<Double>
  let ratioW: UnsafeMutablePointer<Double>
  let ratioG: UnsafeMutablePointer<Double>
  let logProducts: UnsafeMutablePointer<Double>
  let logExponents: UnsafeMutablePointer<Int>
  /// Where the part of Σ V log λ taken directly goes; the grouped part is
  /// left in `logProducts` and `logExponents`.
  let directLog: UnsafeMutablePointer<Double>
  /// Whether to accumulate Σ V log λ at all.
  let evaluate: Bool

  /// Runs the pass with the SIMD width that holds `stride` lanes.
  func run(populations r: Int, stride: Int) {
    switch stride {
    case 2: directLog.pointee = run(SIMD2<Double>.self)
    case 4: directLog.pointee = run(SIMD4<Double>.self)
    case 8: directLog.pointee = run(SIMD8<Double>.self)
    default: directLog.pointee = runScalar(populations: r)
    }
  }

  /// Runs the pass with rows of `V.scalarCount` lanes.
  ///
  /// - Returns: the part of Σ V log λ taken directly (counts too large to
  ///   group, or λ too extreme); the grouped part is left in `logProducts`
  ///   and `logExponents`.
  @inline(__always)
  func run<V: SIMD>(_: V.Type) -> Double where V.Scalar == Double {
    let lanes = V.scalarCount
    var direct = 0.0
    for i in rows {
      let wi = UnsafeRawPointer(w + i * lanes).loadUnaligned(as: V.self)
      var ri = V()
      for k in rowStart[i]..<rowStart[i + 1] {
        let mu = Int(column[k])
        let gm = UnsafeRawPointer(g + mu * lanes).loadUnaligned(as: V.self)
        let lambda = Swift.max((wi * gm).sum(), .leastNormalMagnitude)
        let c = count[k]
        let v = c == .max ? largeCount(k) : Double(c)
        if evaluate { direct += addLog(count: c, value: v, lambda: lambda, bank: k & 3) }
        let rho = v / lambda
        ri += rho * gm
        let target = UnsafeMutableRawPointer(ratioG + mu * lanes)
        target.storeBytes(of: target.loadUnaligned(as: V.self) + rho * wi, as: V.self)
      }
      UnsafeMutableRawPointer(ratioW + i * lanes).storeBytes(of: ri, as: V.self)
    }
    return direct
  }

  /// The same pass for any number of populations (rows of `r` lanes).
  func runScalar(populations r: Int) -> Double {
    var direct = 0.0
    for i in rows {
      let wi = w + i * r
      let ri = ratioW + i * r
      // Each pass starts its rows' sums afresh (the SIMD path stores them).
      for a in 0..<r { ri[a] = 0 }
      for k in rowStart[i]..<rowStart[i + 1] {
        let mu = Int(column[k])
        let gm = g + mu * r
        var lambda = 0.0
        for a in 0..<r { lambda += wi[a] * gm[a] }
        lambda = Swift.max(lambda, .leastNormalMagnitude)
        let c = count[k]
        let v = c == .max ? largeCount(k) : Double(c)
        if evaluate { direct += addLog(count: c, value: v, lambda: lambda, bank: k & 3) }
        let rho = v / lambda
        let rg = ratioG + mu * r
        for a in 0..<r {
          ri[a] += rho * gm[a]
          rg[a] += rho * wi[a]
        }
      }
    }
    return direct
  }

  /// A count of `UInt16.max` or more, out of line so that the hot loop
  /// carries no dictionary.
  @inline(never)
  private func largeCount(_ k: Int) -> Double { largeCounts[k]! }

  /// Adds v log λ: for a small count c, multiplies λ into the running
  /// product for c (Σ v log λ = Σ_c c · log Π λ), moving its binary exponent
  /// out whenever it leaves [2⁻⁴⁰⁰, 2⁴⁰⁰] so that it never overflows; one
  /// `log` per distinct count per pass instead of one per entry. Four banks
  /// of products take turns, so that runs of equal counts do not chain
  /// every multiply through memory. Returns the term when it must be taken
  /// directly, else 0.
  @inline(__always)
  private func addLog(count c: UInt16, value v: Double, lambda: Double, bank: Int) -> Double {
    guard c < CountKernel.groupedCountLimit && lambda > 0x1p-300 && lambda < 0x1p300 else {
      return v * .log(lambda)
    }
    let index = bank * CountKernel.groupedCountLimit + Int(c)
    var product = logProducts[index] * lambda
    if !(product > 0x1p-400 && product < 0x1p400) {
      logExponents[index] += Int(product.exponent)
      product = product.significand
    }
    logProducts[index] = product
    return 0
  }
}
