import Foundation
import Testing
@testable import PopMix

@Suite struct TruncatedSVDTests {
  /// A 60 × 40 matrix U diag(s) Vᵀ with a gap after the fifth singular
  /// value (2 against 0.1), from random orthonormal U and V.
  static func gappedMatrix() -> Matrix {
    let random = RandomSource(seed: 21)
    let u = random.gaussianMatrix(rows: 60, columns: 40).orthonormalizedColumns()
    let v = random.gaussianMatrix(rows: 40, columns: 40).orthonormalizedColumns()
    let s = [10.0, 8, 6, 4, 2] + (0..<35).map { 0.1 * pow(0.9, Double($0)) }
    var us = u
    for i in 0..<60 { for c in 0..<40 { us[i, c] *= s[c] } }
    return us.multiply(v.transposed())
  }

  static func column(_ m: Matrix, _ c: Int) -> [Double] { (0..<m.rows).map { m[$0, c] } }
  static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

  @Test func matchesGSLsDenseSVDWhereTheSpectrumHasAGap() {
    let a = Self.gappedMatrix()
    let reference = a.thinSVD()
    let svd = TruncatedSVD(of: a, rank: 5, oversampling: 5, powerIterations: 2, random: RandomSource(seed: 1))
    #expect(svd.u.rows == 60 && svd.u.columns == 5 && svd.v.rows == 40 && svd.v.columns == 5)
    // With 10 vectors and 2 power iterations the error bound is of order
    // (σ₁₁/σ₅)^5 ≈ (0.035/2)^5 ≈ 2e-9 relative, so 1e-8 has room.
    for c in 0..<5 {
      #expect(abs(svd.singularValues[c] - reference.singularValues[c]) <= 1e-8 * reference.singularValues[c])
      #expect(abs(Self.dot(Self.column(svd.u, c), Self.column(reference.u, c))) >= 1 - 1e-8)
      #expect(abs(abs(Self.dot(Self.column(svd.v, c), Self.column(reference.v, c))) - 1) <= 1e-8)
    }
  }

  @Test func signsFollowTheLargestEntryAndResultsRepeat() {
    let a = Self.gappedMatrix()
    let first = TruncatedSVD(of: a, rank: 3, random: RandomSource(seed: 5))
    let again = TruncatedSVD(of: a, rank: 3, random: RandomSource(seed: 5))
    #expect(first.u == again.u && first.v == again.v)
    for c in 0..<3 {
      let u = Self.column(first.u, c)
      let largest = u.indices.max { abs(u[$0]) < abs(u[$1]) }!
      #expect(u[largest] > 0)
      // A v_c = σ_c u_c ties v's sign to u's.
      let av = a.multiply(first.v.selectingColumns([c]))
      #expect(Self.dot(Self.column(av, 0), u) > 0.99 * first.singularValues[c])
    }
  }
}
