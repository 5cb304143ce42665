/// The top eigenpairs of a symmetric positive semi-definite matrix G
/// known only through products, by block Lanczos with full
/// reorthogonalisation and a Rayleigh–Ritz step after every block.
///
/// The Krylov space is kept as its orthonormal basis V and its image G V,
/// so a Ritz pair's residual ‖G x − θ x‖ is exact and costs no product.
/// Each eigenvector's entry of largest magnitude (the first, on a tie) is
/// made positive.
struct KrylovEigenpairs {
  /// θ₁ ≥ … ≥ θ_k.
  let values: [Double]
  /// The Ritz vectors, dimension × k, orthonormal columns.
  let vectors: Matrix
  /// The blocks used, one product with G each.
  let blocks: Int

  /// The top `k` eigenpairs of G.
  ///
  /// - Parameters:
  ///   - apply: G X for a dimension × b block X.
  ///   - dimension: G's order.
  ///   - k: how many pairs.
  ///   - tolerance: stop when every pair has ‖G x − θ x‖ ≤ tolerance × θ₁.
  ///   - blockSize: vectors per block, at least k (default k + 5, rounded up to a multiple of four).
  ///   - maxDimension: the largest Krylov space (default 40 blocks); the
  ///     pairs at that point are returned, converged or not.
  ///   - random: the source of the Gaussian start block.
  ///   - progress: called after each block with the largest relative residual.
  /// - Precondition: 1 ≤ k ≤ dimension, tolerance ≥ 0.
  /// - Complexity: one product with G per block, O(d s²) for a basis of s vectors.
  init(of apply: (Matrix) -> Matrix, dimension: Int, count k: Int, tolerance: Double, blockSize: Int? = nil,
       maxDimension: Int? = nil, random: RandomSource, progress: ((_ blocks: Int, _ residual: Double) -> Void)? = nil) {
    precondition(k >= 1 && k <= dimension, "The rank must be between 1 and \(dimension), not \(k)")
    precondition(tolerance >= 0, "The tolerance must not be negative")
    // Genotype products work on vectors of four columns, so k + 5 rounded
    // up to a multiple of four costs what k + 5 does.
    let width = Swift.min(Swift.max(blockSize ?? (k + 5 + 3) / 4 * 4, k), dimension)
    let limit = Swift.min(Swift.max(maxDimension ?? 40 * width, width), dimension)
    var block = random.gaussianMatrix(rows: dimension, columns: width).orthonormalizedColumns()
    var basis = block, images = apply(block)
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
      let image = apply(block)
      // T grows by the block's products with the old basis and with itself.
      let across = basis.multiplyTransposed(image), own = block.multiplyTransposed(image).symmetrized()
      t = t.bordered(across: across, corner: own)
      basis = basis.appendingColumns(block)
      images = images.appendingColumns(image)
      blocks += 1
    }
    var vectors = ritz.vectors
    for c in 0..<k {
      var largest = 0
      for i in 0..<vectors.rows where abs(vectors[i, c]) > abs(vectors[largest, c]) { largest = i }
      if vectors[largest, c] < 0 { for i in 0..<vectors.rows { vectors[i, c] = -vectors[i, c] } }
    }
    self.values = ritz.values
    self.vectors = vectors
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
