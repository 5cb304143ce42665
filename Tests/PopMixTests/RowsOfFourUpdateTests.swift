import Foundation
import Testing
@testable import PopMix

/// W's update a row at a time (``CountKernel/updateRowsOfFour(w:ratioW:rows:populations:gSum:boundingGain:)``,
/// ``CountKernel/divideRowsOfFour(w:rows:populations:by:)``)
/// against the scalar rule it replaces, and the cache-aligned buffers the
/// kernels use.
@Suite struct RowsOfFourUpdateTests {
  /// The scalar rule, as ``CountKernel`` applies it for other strides or with
  /// hidden entries: W̃ = max(W Σ(V/λ)G / max(Σ G, floor), floor), W = W̃ / Σ_i W̃.
  static func scalarUpdate(w: inout [Double], ratioW: [Double], rows n: Int, populations r: Int, gSum: [Double])
    -> (wSum: [Double], expectedSum: [Double], weightedLogRatio: Double, termSizes: Double) {
    let floor = CountKernel.parameterFloor
    var wSum = [Double](repeating: 0, count: r), expectedSum = wSum, weightedLogRatio = 0.0, termSizes = 0.0
    for i in 0..<n {
      for a in 0..<r {
        let old = w[i * 4 + a], expected = old * ratioW[i * 4 + a]
        let updated = Swift.max(expected / Swift.max(gSum[a], floor), floor)
        if expected > 0 {
          weightedLogRatio += expected * Foundation.log(updated / old)
          termSizes += abs(expected * Foundation.log(updated / old))
          expectedSum[a] += expected
        }
        w[i * 4 + a] = updated
        wSum[a] += updated
      }
    }
    for i in 0..<n { for a in 0..<r { w[i * 4 + a] /= wSum[a] } }
    return (wSum, expectedSum, weightedLogRatio, termSizes)
  }

  /// The same W and column sums bit for bit (the same operations lane by
  /// lane, added in the same order), the padding lane untouched, and the
  /// bound's log sum within rounding: the vector logarithm is within 2 ulp
  /// of `log` and the sum is taken in four lanes, so 1e-12 of the sum of
  /// the terms' sizes is allowed. Rows include zero ratio sums (W̃ at the
  /// floor, no term in the bound) and entries at the floor.
  @Test(arguments: [3, 4], [false, true])
  func matchesTheScalarRule(populations r: Int, boundingGain: Bool) {
    let n = 37
    let random = RandomSource(seed: UInt64(10 * r + (boundingGain ? 1 : 0)))
    var w = [Double](repeating: 0, count: n * 4), ratioW = w
    for i in 0..<n {
      for a in 0..<r {
        w[i * 4 + a] = i % 11 == 3 ? CountKernel.parameterFloor : random.uniform() / Double(n)
        ratioW[i * 4 + a] = i % 7 == 2 && a == 1 ? 0 : 0.2 + 2 * random.uniform()
      }
      // The padding lane of r = 3 holds its own value, which must stay.
      if r == 3 { w[i * 4 + 3] = 0.25 }
    }
    let gSum = (0..<r).map { a in a == 0 ? 0 : 0.5 + Double(a) }  // one at 0: its denominator is the floor
    var expectedW = w
    let expected = Self.scalarUpdate(w: &expectedW, ratioW: ratioW, rows: n, populations: r, gSum: gSum)
    let result = w.withUnsafeMutableBufferPointer { w in
      ratioW.withUnsafeBufferPointer { ratioW in
        gSum.withUnsafeBufferPointer { gSum in
          let update = CountKernel.updateRowsOfFour(w: w.baseAddress!, ratioW: ratioW.baseAddress!, rows: n,
                                                 populations: r, gSum: gSum.baseAddress!, boundingGain: boundingGain)
          let wSum = (0..<r).map { update.wSum[$0] }
          CountKernel.divideRowsOfFour(w: w.baseAddress!, rows: n, populations: r, by: wSum)
          return update
        }
      }
    }
    for i in 0..<n {
      for a in 0..<r { #expect(w[i * 4 + a] == expectedW[i * 4 + a], "W[\(i), \(a)]") }
      if r == 3 { #expect(w[i * 4 + 3] == 0.25, "padding of row \(i)") }
    }
    for a in 0..<4 {
      #expect(result.wSum[a] == (a < r ? expected.wSum[a] : 0), "Σ W̃ lane \(a)")
      #expect(result.expectedSum[a] == (a < r && boundingGain ? expected.expectedSum[a] : 0), "N lane \(a)")
    }
    if boundingGain {
      #expect(abs(result.weightedLogRatio - expected.weightedLogRatio) <= 1e-12 * expected.termSizes,
              "\(result.weightedLogRatio) against \(expected.weightedLogRatio)")
      #expect(expected.weightedLogRatio != 0)
    } else {
      #expect(result.weightedLogRatio == 0)
    }
  }
}
