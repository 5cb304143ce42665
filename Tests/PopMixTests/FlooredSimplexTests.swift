import Foundation
import Testing
@testable import PopMix

/// Q's M-step under the bound q_k ≥ ε.
@Suite struct FlooredSimplexTests {
  /// The maximiser of Σ N_k log q_k on {q_k ≥ ε, Σ q = 1}, found another
  /// way: q_k = max(ε, N_k / λ) and Σ_k q_k falls as λ grows, so λ is
  /// bisected until the sum is one.
  static func reference(_ weights: [Double], floor: Double) -> [Double] {
    func sum(_ lambda: Double) -> Double { weights.reduce(0) { $0 + max(floor, $1 / lambda) } }
    var low = 1e-300, high = weights.reduce(0, +) / (1 - Double(weights.count) * floor) * 2
    for _ in 0..<2_000 {
      let middle = (low + high) / 2
      if sum(middle) > 1 { low = middle } else { high = middle }
    }
    return weights.map { max(floor, $0 / high) }
  }

  /// Random weights, some of them tiny or zero, against the reference: the
  /// result is on the simplex, never below ε, and equal to the bisection's
  /// to rounding (1e-12).
  @Test(arguments: [2, 3, 5, 10], [1e-5, 0.02, 0.09])
  func agreesWithTheReference(count K: Int, floor: Double) {
    guard Double(K) * floor < 1 else { return }
    let random = RandomSource(seed: UInt64(K) * 31 + UInt64(floor * 1e5))
    for _ in 0..<200 {
      var weights = (0..<K).map { _ in random.uniform() }
      // Some entries far below the floor's share.
      for k in 0..<K where random.uniform() < 0.4 { weights[k] *= random.uniform() < 0.5 ? 0 : 1e-4 }
      if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
      let expected = Self.reference(weights, floor: floor)
      var values = weights
      values.withUnsafeMutableBufferPointer {
        FlooredSimplex.maximise($0.baseAddress!, count: K, stride: 1, floor: floor)
      }
      #expect(abs(values.reduce(0, +) - 1) < 1e-12)
      #expect(values.allSatisfy { $0 >= floor })
      for (x, y) in zip(values, expected) { #expect(abs(x - y) < 1e-12, "\(weights): \(values) against \(expected)") }
    }
  }

  /// Flooring N / Σ N and renormalising leaves entries below ε: weights
  /// (1, 0, 0) at ε = 0.1 gave (0.833, 0.083, 0.083); the maximiser is
  /// (0.8, 0.1, 0.1). Strided storage (Q is stored by population) is read
  /// at its stride.
  @Test func floorIsKeptExactly() {
    var values: [Double] = [1, -7, 0, -7, 0, -7]
    values.withUnsafeMutableBufferPointer {
      FlooredSimplex.maximise($0.baseAddress!, count: 3, stride: 2, floor: 0.1)
    }
    #expect(abs(values[0] - 0.8) < 1e-15 && values[2] == 0.1 && values[4] == 0.1)
    #expect(values[1] == -7 && values[3] == -7 && values[5] == -7)
  }
}
