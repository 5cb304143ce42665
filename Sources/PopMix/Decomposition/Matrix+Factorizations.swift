import CGSL

/// The small dense factorizations a truncated SVD needs, through GSL.
extension Matrix {
  /// An orthonormal basis of the column space: Q of the thin QR
  /// decomposition (Householder, GSL's `gsl_linalg_QR_decomp`), a
  /// `rows` × `columns` matrix with QᵀQ = I.
  ///
  /// - Precondition: `rows >= columns >= 1`.
  /// - Complexity: O(rows × columns²).
  public func orthonormalizedColumns() -> Matrix {
    precondition(rows >= columns && columns >= 1, "A thin QR needs at least as many rows as columns, and one column")
    let a = GSLMatrix(self), tau = GSLVector(count: columns), q = GSLMatrix(rows: rows, columns: columns)
    GSL.check(gsl_linalg_QR_decomp(a.pointer, tau.pointer), "QR decomposition")
    // GSL unpacks only the full rows × rows Q; the thin one is Q applied
    // to the first `columns` unit vectors, one column at a time.
    for c in 0..<columns {
      var column = gsl_matrix_column(q.pointer, c)
      gsl_vector_set(&column.vector, c, 1)
      GSL.check(gsl_linalg_QR_Qvec(a.pointer, tau.pointer, &column.vector), "QR unpacking")
    }
    return q.matrix
  }

  /// The thin singular value decomposition A = U diag(s) Vᵀ (GSL's
  /// Golub–Reinsch `gsl_linalg_SV_decomp`), singular values descending.
  ///
  /// - Returns: U (`rows` × `columns`), s (`columns` values) and V
  ///   (`columns` × `columns`).
  /// - Precondition: `rows >= columns >= 1`.
  /// - Complexity: O(rows × columns²).
  public func thinSVD() -> (u: Matrix, singularValues: [Double], v: Matrix) {
    precondition(rows >= columns && columns >= 1, "A thin SVD needs at least as many rows as columns, and one column")
    let a = GSLMatrix(self), v = GSLMatrix(rows: columns, columns: columns)
    let s = GSLVector(count: columns), work = GSLVector(count: columns)
    GSL.check(gsl_linalg_SV_decomp(a.pointer, v.pointer, s.pointer, work.pointer), "singular value decomposition")
    return (a.matrix, s.values, v.matrix)
  }

  /// The eigenvalues (descending) and eigenvectors (as columns) of this
  /// symmetric matrix (GSL's `gsl_eigen_symmv`); only the lower triangle is read.
  ///
  /// - Precondition: the matrix is square and not empty.
  /// - Complexity: O(rows³).
  public func symmetricEigen() -> (values: [Double], vectors: Matrix) {
    precondition(rows == columns && rows >= 1, "An eigendecomposition needs a square, non-empty matrix")
    let a = GSLMatrix(self), vectors = GSLMatrix(rows: rows, columns: rows), values = GSLVector(count: rows)
    guard let work = gsl_eigen_symmv_alloc(rows) else { fatalError("GSL could not allocate eigen workspace (out of memory)") }
    defer { gsl_eigen_symmv_free(work) }
    GSL.check(gsl_eigen_symmv(a.pointer, values.pointer, vectors.pointer, work), "symmetric eigendecomposition")
    GSL.check(gsl_eigen_symmv_sort(values.pointer, vectors.pointer, GSL_EIGEN_SORT_VAL_DESC), "eigenvalue sorting")
    return (values.values, vectors.matrix)
  }
}

extension GSL {
  /// Stops on a failed GSL call: the factorizations above fail only on
  /// programmer errors (shapes) or exhausted memory, never on user input.
  static func check(_ status: Int32, _ operation: String) {
    precondition(status == GSL_SUCCESS, "GSL \(operation) failed: \(String(cString: gsl_strerror(status)))")
  }
}

/// A GSL matrix owned by Swift, freed when it goes away.
private final class GSLMatrix {
  let pointer: UnsafeMutablePointer<gsl_matrix>

  init(rows: Int, columns: Int) {
    GSL.disableAbortOnError()
    guard let pointer = gsl_matrix_calloc(rows, columns) else { fatalError("GSL could not allocate a \(rows) × \(columns) matrix") }
    self.pointer = pointer
  }

  convenience init(_ matrix: Matrix) {
    self.init(rows: matrix.rows, columns: matrix.columns)
    // gsl_matrix_calloc stores rows contiguously (tda == columns), as Matrix does.
    matrix.elements.withUnsafeBufferPointer { source in
      pointer.pointee.data.update(from: source.baseAddress!, count: source.count)
    }
  }

  deinit { gsl_matrix_free(pointer) }

  var matrix: Matrix {
    let rows = pointer.pointee.size1, columns = pointer.pointee.size2
    return Matrix(rows: rows, columns: columns,
                  elements: Array(UnsafeBufferPointer(start: pointer.pointee.data, count: rows * columns)))
  }
}

/// A GSL vector owned by Swift, freed when it goes away.
private final class GSLVector {
  let pointer: UnsafeMutablePointer<gsl_vector>

  init(count: Int) {
    guard let pointer = gsl_vector_calloc(count) else { fatalError("GSL could not allocate a vector of \(count)") }
    self.pointer = pointer
  }

  deinit { gsl_vector_free(pointer) }

  var values: [Double] {
    Array(UnsafeBufferPointer(start: pointer.pointee.data, count: pointer.pointee.size))
  }
}
