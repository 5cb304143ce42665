/// Rows of `paddedIndividuals` doubles (Q by population, or a pass's sums
/// by row), read and added to four individuals at a time: group g of row r
/// is the vector at r × paddedIndividuals / 4 + g.
///
/// The rows come from ``AlignedBuffer``s with a whole number of vectors per
/// row, so every vector is 32-byte aligned and is read as one: typed vector
/// access, which the optimiser keeps inline in the unrolled passes.
struct VectorRows: @unchecked Sendable {
  typealias V = SIMD4<Double>
  private let base: UnsafeMutablePointer<V>
  private let vectorsPerRow: Int

  /// Rows starting at `rows`, each `paddedIndividuals` long.
  ///
  /// - Precondition: `rows` is 32-byte aligned and `paddedIndividuals` is a
  ///   multiple of four.
  init(_ rows: UnsafeMutablePointer<Double>, paddedIndividuals: Int) {
    precondition(Int(bitPattern: rows) % MemoryLayout<V>.stride == 0 && paddedIndividuals % V.scalarCount == 0,
                 "Vector rows must start on a vector boundary and hold whole vectors")
    base = UnsafeMutableRawPointer(rows).assumingMemoryBound(to: V.self)
    vectorsPerRow = paddedIndividuals / V.scalarCount
  }

  /// Rows only read.
  init(_ rows: UnsafePointer<Double>, paddedIndividuals: Int) {
    self.init(UnsafeMutablePointer(mutating: rows), paddedIndividuals: paddedIndividuals)
  }

  /// The four entries of group `group` in row `row`.
  @inline(__always)
  subscript(row: Int, group: Int) -> V {
    base[row &* vectorsPerRow &+ group]
  }

  /// Adds `value` to the four entries of group `group` in row `row`.
  @inline(__always)
  func add(_ value: V, row: Int, group: Int) {
    base[row &* vectorsPerRow &+ group] = base[row &* vectorsPerRow &+ group].plus(value)
  }

  /// Σ_k p_k Q_k for the four individuals of `group`, Q being these K rows:
  /// the expected frequency h of their calls at a SNP with frequencies `p`.
  @inline(__always)
  func frequency(_ p: UnsafePointer<Double>, populations K: Int, group: Int) -> V {
    var frequency = V()
    for k in 0..<K { frequency = frequency.plusProduct(V(repeating: p[k]), self[k, group]) }
    return frequency
  }
}
