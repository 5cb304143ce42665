/// A dense matrix is the simplest operator: its products are plain loops.
extension Matrix: LinearOperator {
  /// A X.
  ///
  /// - Complexity: O(rows × columns × k).
  public func multiply(_ x: Matrix) -> Matrix {
    precondition(x.rows == columns, "A \(rows) × \(columns) matrix multiplies \(columns) rows, not \(x.rows)")
    let k = x.columns
    var result = Matrix(rows: rows, columns: k)
    elements.withUnsafeBufferPointer { a in
      x.elements.withUnsafeBufferPointer { x in
        result.elements.withUnsafeMutableBufferPointer { y in
          for i in 0..<rows {
            for j in 0..<columns {
              let aij = a[i * columns + j]
              for t in 0..<k { y[i * k + t] += aij * x[j * k + t] }
            }
          }
        }
      }
    }
    return result
  }

  /// Aᵀ X.
  ///
  /// - Complexity: O(rows × columns × k).
  public func multiplyTransposed(_ x: Matrix) -> Matrix {
    precondition(x.rows == rows, "A \(rows) × \(columns) matrix's transpose multiplies \(rows) rows, not \(x.rows)")
    let k = x.columns
    var result = Matrix(rows: columns, columns: k)
    elements.withUnsafeBufferPointer { a in
      x.elements.withUnsafeBufferPointer { x in
        result.elements.withUnsafeMutableBufferPointer { z in
          for i in 0..<rows {
            for j in 0..<columns {
              let aij = a[i * columns + j]
              for t in 0..<k { z[j * k + t] += aij * x[i * k + t] }
            }
          }
        }
      }
    }
    return result
  }
}
