/// The top k singular triplets of a matrix known only through products,
/// A ≈ U diag(σ) Vᵀ, by the randomised range finder of Halko, Martinsson
/// and Tropp (SIAM Review 2011, algorithms 4.4 and 5.1).
///
/// A Gaussian block of k + p vectors is pushed through A and through
/// (A Aᵀ) q more times, with the block orthonormalised (thin QR) after each
/// product so that the small singular directions are not lost to rounding;
/// the SVD of the small matrix Qᵀ A then gives the triplets. The error
/// shrinks like (σ_{k+p+1} / σ_k)^(2q+1): a few power iterations suffice
/// where the spectrum has a gap after k, many more where it has none.
///
/// Signs are fixed so that results are reproducible: in each column of
/// ``u`` the entry of largest magnitude (the first, on a tie) is positive,
/// and the matching column of ``v`` follows it.
public struct TruncatedSVD: Sendable {
  /// The left singular vectors, `rows` × k, orthonormal columns.
  public let u: Matrix
  /// σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0.
  public let singularValues: [Double]
  /// The right singular vectors, `columns` × k, orthonormal columns.
  public let v: Matrix
  /// The Krylov blocks used (``init(krylovOf:rank:tolerance:blockSize:maxDimension:random:progress:)``);
  /// 0 for the randomised range finder.
  public internal(set) var blocks = 0

  /// The top `k` singular triplets of `a`.
  ///
  /// - Parameters:
  ///   - a: the matrix, through its products.
  ///   - k: how many triplets.
  ///   - oversampling: p, extra vectors carried to catch the directions
  ///     just below σ_k (the block has min(k + p, rows, columns) vectors).
  ///   - powerIterations: q, products with A Aᵀ after the first.
  ///   - random: the source of the Gaussian start block.
  /// - Precondition: 1 ≤ k ≤ min(rows, columns), p ≥ 0, q ≥ 0.
  /// - Complexity: 2q + 2 products of A or Aᵀ with a block of k + p
  ///   vectors, plus O((rows + columns)(k + p)²) for the QRs and the SVD.
  public init(of a: some LinearOperator, rank k: Int, oversampling: Int = 10, powerIterations: Int = 4,
              random: RandomSource) {
    let smaller = Swift.min(a.rows, a.columns)
    precondition(k >= 1 && k <= smaller, "The rank must be between 1 and min(rows, columns) = \(smaller), not \(k)")
    precondition(oversampling >= 0 && powerIterations >= 0, "Oversampling and power iterations must not be negative")
    let width = Swift.min(k + oversampling, smaller)
    var q = a.multiply(random.gaussianMatrix(rows: a.columns, columns: width)).orthonormalizedColumns()
    for _ in 0..<powerIterations {
      let w = a.multiplyTransposed(q).orthonormalizedColumns()
      q = a.multiply(w).orthonormalizedColumns()
    }
    // Bᵀ = Aᵀ Q = U_b Σ V_bᵀ, so A ≈ Q B = (Q V_b) Σ U_bᵀ.
    let small = a.multiplyTransposed(q).thinSVD()
    self.init(u: q.multiply(small.v), singularValues: small.singularValues, v: small.u, keeping: k)
  }

  /// The first `k` triplets of a decomposition, with signs fixed.
  init(u: Matrix, singularValues: [Double], v: Matrix, keeping k: Int) {
    let first = Array(0..<k)
    var u = u.selectingColumns(first), v = v.selectingColumns(first)
    for c in 0..<k {
      var largest = 0
      for i in 0..<u.rows where abs(u[i, c]) > abs(u[largest, c]) { largest = i }
      guard u[largest, c] < 0 else { continue }
      for i in 0..<u.rows { u[i, c] = -u[i, c] }
      for j in 0..<v.rows { v[j, c] = -v[j, c] }
    }
    self.u = u
    self.singularValues = Array(singularValues.prefix(k))
    self.v = v
  }
}
