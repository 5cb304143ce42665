extension CountKernel {
  /// W̃'s column sums and, for the gain bound, its parts, as
  /// ``updateRowsOfFour(w:ratioW:rows:populations:gSum:boundingGain:)``
  /// leaves them; lanes past r are 0.
  struct RowsOfFourUpdate {
    /// Σ_i W̃_ia, the sums that normalise W̃.
    var wSum = SIMD4<Double>()
    /// N_a = Σ_i N_ia (with `boundingGain`).
    var expectedSum = SIMD4<Double>()
    /// Σ_ia N_ia log(W̃_ia / W_ia) (with `boundingGain`).
    var weightedLogRatio = 0.0
  }

  /// Step 3 of the update for rows of four lanes (r = 3 or 4) with nothing
  /// hidden, a row of W a vector: W̃_ia = max(W_ia Σ_μ (V/λ) G_aμ /
  /// Σ_μ G_aμ, floor). A lane past r keeps its value.
  ///
  /// The same values as the scalar loop, bit for bit (the same operations
  /// lane by lane, the column sums added in the same order). This runs on
  /// one thread between two passes while the others wait, so it is made a
  /// vector loop. With `boundingGain`, the bound's logarithms are the
  /// kernel's vector ones, summed four lanes apart (a bound within rounding
  /// of the scalar one), rather than n r calls of `log`.
  ///
  /// - Parameters:
  ///   - w: W, n rows of four lanes; replaced by W̃.
  ///   - ratioW: Σ_μ (V/λ) G_aμ, n rows of four lanes.
  ///   - gSum: Σ_μ G_aμ, r values.
  /// - Precondition: 3 ≤ r ≤ 4.
  /// - Complexity: O(n), n vector divisions (and n vector logarithms with
  ///   `boundingGain`).
  static func updateRowsOfFour(w: UnsafeMutablePointer<Double>, ratioW: UnsafePointer<Double>, rows n: Int,
                               populations r: Int, gSum: UnsafePointer<Double>, boundingGain: Bool)
    -> RowsOfFourUpdate {
    precondition((3...4).contains(r), "Rows of four lanes hold 3 or 4 populations, not \(r)")
    let padding = SIMD4<Int64>(0, 1, 2, 3) .>= SIMD4(repeating: Int64(r))
    let floor = Vector(repeating: parameterFloor)
    var denominator = Vector(repeating: 1)
    for a in 0..<r { denominator[a] = Swift.max(gSum[a], parameterFloor) }
    let rows = UnsafeMutableRawPointer(w), ratios = UnsafeRawPointer(ratioW)
    let constants = _LogarithmConstants.vectors
    var result = RowsOfFourUpdate()
    var logRatio = Vector()
    for i in 0..<n {
      let offset = 32 &* i
      let old = rows.loadUnaligned(fromByteOffset: offset, as: Vector.self)
      let expected = old * ratios.loadUnaligned(fromByteOffset: offset, as: Vector.self)
      var updated = pointwiseMax(expected / denominator, floor)
      updated.replace(with: old, where: padding)
      if boundingGain {
        // N_ia log(W̃_ia / W_ia) where N_ia > 0 (then W_ia > 0 too).
        let counted = (expected .> 0) .& .!padding
        let weight = Vector().replacing(with: expected, where: counted)
        let ratio = Vector(repeating: 1).replacing(with: updated / old, where: counted)
        logRatio = logRatio._addingProduct(weight, Vector._logarithm(ratio, constants: constants))
        result.expectedSum += weight
      }
      rows.storeBytes(of: updated, toByteOffset: offset, as: Vector.self)
      result.wSum += updated
    }
    result.weightedLogRatio = logRatio.sum()
    result.wSum.replace(with: 0, where: padding)
    return result
  }

  /// W's normalisation for rows of four lanes (r = 3 or 4): W_ia /= wSum_a,
  /// a row a vector division, the same values as the scalar loop. A lane
  /// past r keeps its value.
  ///
  /// - Parameters:
  ///   - w: W̃, n rows of four lanes; replaced by W.
  ///   - wSum: Σ_i W̃_ia, r values.
  /// - Precondition: 3 ≤ r ≤ 4.
  /// - Complexity: O(n), n vector divisions.
  static func divideRowsOfFour(w: UnsafeMutablePointer<Double>, rows n: Int, populations r: Int,
                               by wSum: UnsafePointer<Double>) {
    precondition((3...4).contains(r), "Rows of four lanes hold 3 or 4 populations, not \(r)")
    var divisor = Vector(repeating: 1)
    for a in 0..<r { divisor[a] = wSum[a] }
    let rows = UnsafeMutableRawPointer(w)
    for i in 0..<n {
      let offset = 32 &* i
      rows.storeBytes(of: rows.loadUnaligned(fromByteOffset: offset, as: Vector.self) / divisor,
                      toByteOffset: offset, as: Vector.self)
    }
  }

  private typealias Vector = SIMD4<Double>

}
