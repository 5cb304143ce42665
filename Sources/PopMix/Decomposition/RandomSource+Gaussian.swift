import RealModule

extension RandomSource {
  /// A `rows` × `columns` matrix of independent standard normal draws
  /// (Box–Muller over this generator's uniforms, filled row after row).
  ///
  /// - Complexity: O(rows × columns).
  public func gaussianMatrix(rows: Int, columns: Int) -> Matrix {
    var elements = [Double](repeating: 0, count: rows * columns)
    var index = 0
    while index < elements.count {
      // 1 − u lies in (0, 1], so the logarithm is finite.
      let radius = (-2 * Double.log(1 - uniform())).squareRoot()
      let angle = 2 * Double.pi * uniform()
      elements[index] = radius * Double.cos(angle)
      if index + 1 < elements.count { elements[index + 1] = radius * Double.sin(angle) }
      index += 2
    }
    return Matrix(rows: rows, columns: columns, elements: elements)
  }
}
