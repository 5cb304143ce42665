/// A dense matrix of `Double` stored row-major in one flat array.
///
/// `Matrix` is a value type: copies share storage until one of them is
/// written to. Element `(i, j)` lives at `elements[i * columns + j]`.
public struct Matrix: Sendable, Equatable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements, row after row.
  public var elements: [Double]

  /// Creates a `rows` by `columns` matrix with every element `value`.
  ///
  /// - Precondition: `rows` and `columns` are not negative.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// Creates a matrix over row-major `elements`.
  ///
  /// - Precondition: `elements.count == rows * columns`.
  public init(rows: Int, columns: Int, elements: [Double]) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
    precondition(elements.count == rows * columns,
                 "Matrix needs \(rows * columns) elements, got \(elements.count)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// The element in row `row` and column `column`.
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      return elements[row * columns + column]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      elements[row * columns + column] = newValue
    }
  }

  /// The elements of row `row`, in order.
  public func row(_ row: Int) -> ArraySlice<Double> {
    precondition(row >= 0 && row < rows, "Matrix row out of range")
    return elements[row * columns ..< (row + 1) * columns]
  }

  /// The transpose: a `columns` by `rows` matrix.
  ///
  /// - Complexity: O(rows × columns).
  public func transposed() -> Matrix {
    var result = Matrix(rows: columns, columns: rows)
    elements.withUnsafeBufferPointer { source in
      result.elements.withUnsafeMutableBufferPointer { target in
        for i in 0..<rows {
          for j in 0..<columns {
            target[j * rows + i] = source[i * columns + j]
          }
        }
      }
    }
    return result
  }

  /// The sum of each column.
  ///
  /// - Complexity: O(rows × columns).
  public func columnSums() -> [Double] {
    var sums = [Double](repeating: 0, count: columns)
    for i in 0..<rows {
      for j in 0..<columns { sums[j] += elements[i * columns + j] }
    }
    return sums
  }

  /// The sum of each row.
  ///
  /// - Complexity: O(rows × columns).
  public func rowSums() -> [Double] {
    (0..<rows).map { row($0).reduce(0, +) }
  }

  /// The matrix with each row divided by its sum; a row summing to zero
  /// stays zero.
  ///
  /// - Complexity: O(rows × columns).
  public func rowNormalized() -> Matrix {
    var result = self
    for i in 0..<rows {
      let total = row(i).reduce(0, +)
      guard total > 0 else { continue }
      for j in 0..<columns { result.elements[i * columns + j] /= total }
    }
    return result
  }

  /// The matrix with each column divided by its sum; a column summing to
  /// zero stays zero.
  ///
  /// - Complexity: O(rows × columns).
  public func columnNormalized() -> Matrix {
    let sums = columnSums()
    var result = self
    for i in 0..<rows {
      for j in 0..<columns where sums[j] > 0 {
        result.elements[i * columns + j] /= sums[j]
      }
    }
    return result
  }

  /// The matrix with its columns taken in the order `order`: column `k` of
  /// the result is column `order[k]` of this matrix.
  ///
  /// - Precondition: every entry of `order` is a column index.
  public func selectingColumns(_ order: [Int]) -> Matrix {
    precondition(order.allSatisfy { $0 >= 0 && $0 < columns }, "Column index out of range")
    var result = Matrix(rows: rows, columns: order.count)
    for i in 0..<rows {
      for (k, j) in order.enumerated() {
        result.elements[i * order.count + k] = elements[i * columns + j]
      }
    }
    return result
  }

  /// The matrix with its rows taken in the order `order`.
  ///
  /// - Precondition: every entry of `order` is a row index.
  public func selectingRows(_ order: [Int]) -> Matrix {
    precondition(order.allSatisfy { $0 >= 0 && $0 < rows }, "Row index out of range")
    var result = Matrix(rows: order.count, columns: columns)
    for (k, i) in order.enumerated() {
      result.elements.replaceSubrange(k * columns ..< (k + 1) * columns, with: row(i))
    }
    return result
  }
}
