/// Rows of `paddedIndividuals` doubles (Q by population, or a pass's sums
/// by row), read and added to four individuals at a time: group g of row r
/// is one vector at byte r × rowBytes + 32 g.
///
/// The rows need not be 32-byte aligned, so loads and stores are unaligned.
struct VectorRows: @unchecked Sendable {
  typealias V = SIMD4<Double>
  private let base: UnsafeMutableRawPointer
  private let rowBytes: Int

  /// Rows starting at `rows`, each `paddedIndividuals` long (a multiple of four).
  init(_ rows: UnsafeMutablePointer<Double>, paddedIndividuals: Int) {
    base = UnsafeMutableRawPointer(rows)
    rowBytes = paddedIndividuals * MemoryLayout<Double>.stride
  }

  /// Rows only read.
  init(_ rows: UnsafePointer<Double>, paddedIndividuals: Int) {
    self.init(UnsafeMutablePointer(mutating: rows), paddedIndividuals: paddedIndividuals)
  }

  /// The four entries of group `group` in row `row`.
  @inline(__always)
  subscript(row: Int, group: Int) -> V {
    base.loadUnaligned(fromByteOffset: row * rowBytes + group * MemoryLayout<V>.stride, as: V.self)
  }

  /// Adds `value` to the four entries of group `group` in row `row`.
  @inline(__always)
  func add(_ value: V, row: Int, group: Int) {
    let target = base + row * rowBytes + group * MemoryLayout<V>.stride
    target.storeBytes(of: target.loadUnaligned(as: V.self) + value, as: V.self)
  }

  /// Σ_k p_k Q_k for the four individuals of `group`, Q being these K rows:
  /// the expected frequency h of their calls at a SNP with frequencies `p`.
  @inline(__always)
  func frequency(_ p: UnsafePointer<Double>, populations K: Int, group: Int) -> V {
    var frequency = V()
    for k in 0..<K { frequency += p[k] * self[k, group] }
    return frequency
  }
}
