/// A `rows` × `columns` real matrix known only through its products with
/// blocks of vectors, so that a decomposition never needs it in memory.
///
/// Conforming types promise that `multiply` and `multiplyTransposed` are
/// products with the same matrix A and its transpose, and that both are
/// deterministic (the same input gives the same bits, whatever the threads).
public protocol LinearOperator {
  /// The number of rows of A.
  var rows: Int { get }
  /// The number of columns of A.
  var columns: Int { get }

  /// A X, a `rows` × k matrix.
  ///
  /// - Parameter x: a `columns` × k matrix.
  /// - Precondition: `x.rows == columns`.
  func multiply(_ x: Matrix) -> Matrix

  /// Aᵀ X, a `columns` × k matrix.
  ///
  /// - Parameter x: a `rows` × k matrix.
  /// - Precondition: `x.rows == rows`.
  func multiplyTransposed(_ x: Matrix) -> Matrix
}
