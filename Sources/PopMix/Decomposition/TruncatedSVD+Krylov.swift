extension TruncatedSVD {
  /// The top `k` singular triplets of `a` to a residual tolerance, by block
  /// Lanczos on the Gram matrix of the smaller side (A Aᵀ when
  /// rows ≤ columns, Aᵀ A otherwise), with full reorthogonalisation and a
  /// Rayleigh–Ritz step after every block.
  ///
  /// Where the power iterations of ``init(of:rank:oversampling:powerIterations:random:)``
  /// converge like (σ_{k+p+1} / σ_i)^(2q), a Krylov space converges at a
  /// rate set by the square root of the relative gap, so directions inside
  /// a flat part of the spectrum (the noise eigenvalues of a genotype PCA
  /// beyond the population structure) are also found in a few dozen
  /// blocks. The Gram matrix is only ever applied, never formed; the space
  /// is kept as its orthonormal basis V and its image G V, so a Ritz pair's
  /// residual ‖G x − θ x‖ is exact and costs no product.
  ///
  /// - Parameters:
  ///   - a: the matrix, through its products.
  ///   - k: how many triplets.
  ///   - tolerance: stop when every one of the k Ritz pairs has
  ///     ‖G x − θ x‖ ≤ tolerance × θ₁ (θ = σ²).
  ///   - blockSize: vectors per block, at least k (default k + 5, rounded up to a multiple of four).
  ///   - maxDimension: the largest Krylov space (default 40 blocks); the
  ///     pairs at that point are returned, converged or not.
  ///   - random: the source of the Gaussian start block.
  ///   - progress: called after each block with the largest relative residual.
  /// - Precondition: 1 ≤ k ≤ min(rows, columns), tolerance ≥ 0.
  /// - Complexity: two products of A or Aᵀ with a block per Krylov block,
  ///   one more with k vectors at the end, and O(d s²) for the basis of
  ///   s vectors in the smaller dimension d.
  public init(krylovOf a: some LinearOperator, rank k: Int, tolerance: Double = 1e-7, blockSize: Int? = nil,
              maxDimension: Int? = nil, random: RandomSource, progress: ((_ blocks: Int, _ residual: Double) -> Void)? = nil) {
    let tall = a.rows > a.columns
    let dimension = tall ? a.columns : a.rows
    precondition(k >= 1 && k <= dimension, "The rank must be between 1 and min(rows, columns) = \(dimension), not \(k)")
    precondition(tolerance >= 0, "The tolerance must not be negative")
    let gram: (Matrix) -> Matrix = tall ? { a.multiplyTransposed(a.multiply($0)) } : { a.multiply(a.multiplyTransposed($0)) }
    let ritz = KrylovEigenpairs(of: gram, dimension: dimension, count: k, tolerance: tolerance, blockSize: blockSize,
                                maxDimension: maxDimension, random: random, progress: progress)
    // σ = √θ; the other side's vectors are A x / σ (or Aᵀ x / σ).
    let singularValues = ritz.values.map { Swift.max($0, 0).squareRoot() }
    var other = tall ? a.multiply(ritz.vectors) : a.multiplyTransposed(ritz.vectors)
    for c in 0..<k where singularValues[c] > 0 {
      for i in 0..<other.rows { other[i, c] /= singularValues[c] }
    }
    self.init(u: tall ? other : ritz.vectors, singularValues: singularValues, v: tall ? ritz.vectors : other, keeping: k)
    self.blocks = ritz.blocks
  }
}

extension Matrix {
  /// (A + Aᵀ) / 2, for a square matrix that is symmetric up to rounding.
  func symmetrized() -> Matrix {
    precondition(rows == columns, "Only a square matrix can be symmetrized")
    var result = self
    for i in 0..<rows { for j in 0..<i { result[i, j] = (self[i, j] + self[j, i]) / 2; result[j, i] = result[i, j] } }
    return result
  }

  /// The symmetric matrix [[self, across], [acrossᵀ, corner]].
  func bordered(across: Matrix, corner: Matrix) -> Matrix {
    let n = rows + corner.rows
    var result = Matrix(rows: n, columns: n)
    for i in 0..<rows { for j in 0..<columns { result[i, j] = self[i, j] } }
    for i in 0..<rows {
      for j in 0..<across.columns {
        result[i, columns + j] = across[i, j]
        result[columns + j, i] = across[i, j]
      }
    }
    for i in 0..<corner.rows { for j in 0..<corner.columns { result[rows + i, columns + j] = corner[i, j] } }
    return result
  }

  /// This matrix with `other`'s columns after its own.
  func appendingColumns(_ other: Matrix) -> Matrix {
    precondition(other.rows == rows, "Columns to append need \(rows) rows, not \(other.rows)")
    let width = columns + other.columns
    var result = Matrix(rows: rows, columns: width)
    for i in 0..<rows {
      result.elements.replaceSubrange(i * width ..< i * width + columns, with: row(i))
      result.elements.replaceSubrange(i * width + columns ..< (i + 1) * width, with: other.row(i))
    }
    return result
  }

  /// self − other.
  func subtracting(_ other: Matrix) -> Matrix {
    precondition(other.rows == rows && other.columns == columns, "Only matrices of one shape can be subtracted")
    return Matrix(rows: rows, columns: columns, elements: zip(elements, other.elements).map { $0 - $1 })
  }
}
