import Testing
@testable import PopMix

@Suite struct MatrixTests {
  let m = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])

  @Test func elementsAreRowMajor() {
    #expect(m[0, 2] == 3)
    #expect(m[1, 0] == 4)
    #expect(Array(m.row(1)) == [4, 5, 6])
  }

  @Test func transposeSwapsIndices() {
    let t = m.transposed()
    #expect(t.rows == 3 && t.columns == 2)
    for i in 0..<2 { for j in 0..<3 { #expect(t[j, i] == m[i, j]) } }
  }

  @Test func normalisationsSumToOne() {
    #expect(m.rowNormalized().rowSums().allSatisfy { abs($0 - 1) < 1e-15 })
    #expect(m.columnNormalized().columnSums().allSatisfy { abs($0 - 1) < 1e-15 })
    #expect(m.columnSums() == [5, 7, 9])
    #expect(m.rowSums() == [6, 15])
  }

  @Test func aZeroRowStaysZeroWhenNormalised() {
    let z = Matrix(rows: 2, columns: 2, elements: [0, 0, 1, 3])
    #expect(Array(z.rowNormalized().row(0)) == [0, 0])
    #expect(Array(z.rowNormalized().row(1)) == [0.25, 0.75])
  }

  @Test func selectingReorders() {
    #expect(m.selectingColumns([2, 0]).elements == [3, 1, 6, 4])
    #expect(m.selectingRows([1, 0]).elements == [4, 5, 6, 1, 2, 3])
  }
}
