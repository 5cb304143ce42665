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
  ///   - blockSize: vectors per block, at least k (default k + 5).
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
    let width = Swift.min(Swift.max(blockSize ?? k + 5, k), dimension)
    let limit = Swift.min(Swift.max(maxDimension ?? 40 * width, width), dimension)
    let gram: (Matrix) -> Matrix = tall ? { a.multiplyTransposed(a.multiply($0)) } : { a.multiply(a.multiplyTransposed($0)) }

    var block = random.gaussianMatrix(rows: dimension, columns: width).orthonormalizedColumns()
    var basis = block, images = gram(block)
    var t = basis.multiplyTransposed(images).symmetrized()
    var blocks = 1
    var ritz: (values: [Double], vectors: Matrix)
    while true {
      let (values, vectors) = t.symmetricEigen()
      let first = vectors.selectingColumns(Array(0..<k))
      ritz = (Array(values.prefix(k)), basis.multiply(first))
      let residual = Self.largestResidual(images.multiply(first), ritz.vectors, ritz.values)
      progress?(blocks, residual)
      let next = Swift.min(width, limit - basis.columns)
      if residual <= tolerance || next < 1 { break }
      // The next block: G's image of the last, made orthogonal to the space
      // (twice, as one pass of Gram–Schmidt leaves rounding of order ε κ).
      block = images.selectingColumns(Array(images.columns - width ..< images.columns - width + next))
      for _ in 0..<2 { block = block.subtracting(basis.multiply(basis.multiplyTransposed(block))).orthonormalizedColumns() }
      let image = gram(block)
      // T grows by the block's products with the old basis and with itself.
      let across = basis.multiplyTransposed(image), own = block.multiplyTransposed(image).symmetrized()
      t = t.bordered(across: across, corner: own)
      basis = basis.appendingColumns(block)
      images = images.appendingColumns(image)
      blocks += 1
    }
    // σ = √θ; the other side's vectors are A x / σ (or Aᵀ x / σ).
    let singularValues = ritz.values.map { Swift.max($0, 0).squareRoot() }
    var other = tall ? a.multiply(ritz.vectors) : a.multiplyTransposed(ritz.vectors)
    for c in 0..<k where singularValues[c] > 0 {
      for i in 0..<other.rows { other[i, c] /= singularValues[c] }
    }
    self.init(u: tall ? other : ritz.vectors, singularValues: singularValues, v: tall ? ritz.vectors : other, keeping: k)
    self.blocks = blocks
  }

  /// max over the pairs of ‖G x − θ x‖, relative to θ₁.
  private static func largestResidual(_ images: Matrix, _ vectors: Matrix, _ values: [Double]) -> Double {
    let scale = Swift.max(values[0], .leastNormalMagnitude)
    return (0..<vectors.columns).map { c in
      (0..<vectors.rows).reduce(0.0) { sum, i in
        let r = images[i, c] - values[c] * vectors[i, c]
        return sum + r * r
      }.squareRoot() / scale
    }.max()!
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
