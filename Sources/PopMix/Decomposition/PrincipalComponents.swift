/// The top principal components of a centred (and usually scaled) n × m
/// data matrix X: the leading eigenvectors of X Xᵀ / d, found as X's left
/// singular vectors without forming X Xᵀ.
///
/// With genotypes standardised as PLINK does (``StandardizedGenotypes``) and
/// d the number of SNPs, X Xᵀ / d is PLINK's genetic relationship matrix
/// and ``eigenvalues`` are what `plink --pca` writes to `.eigenval`; with
/// columns scaled to unit variance and d = n, they are the eigenvalues of
/// the columns' correlation matrix.
public struct PrincipalComponents: Sendable {
  /// The eigenvectors, n × k, unit length, as PLINK's `.eigenvec` holds them.
  /// Each one's entry of largest magnitude is positive (see ``TruncatedSVD``).
  public let eigenvectors: Matrix
  /// σ_i² / d, descending.
  public let eigenvalues: [Double]
  /// σ_i² / ‖X‖²_F: each component's share of the total variance.
  public let varianceShares: [Double]
  /// Krylov blocks used, each two products with X.
  public let blocks: Int

  /// The top `k` components of `x`.
  ///
  /// - Parameters:
  ///   - x: the centred data matrix, individuals as rows.
  ///   - k: how many components.
  ///   - divisor: d, which the squared singular values are divided by.
  ///   - squaredNorm: ‖X‖²_F, the total variance.
  ///   - seed: the seed of the random start.
  ///   - tolerance: the residual tolerance of the Krylov method
  ///     (``TruncatedSVD/init(krylovOf:rank:tolerance:blockSize:maxDimension:random:progress:)``).
  ///   - progress: called after each block with the blocks so far.
  /// - Precondition: 1 ≤ k ≤ min(n, m), `divisor > 0`.
  /// - Complexity: a few dozen products of X with blocks of k + 5 vectors.
  public init(of x: some LinearOperator, components k: Int, divisor: Double, squaredNorm: Double,
              seed: UInt64 = 1, tolerance: Double = 1e-7, progress: ((Int) -> Void)? = nil) {
    precondition(divisor > 0, "The divisor must be positive")
    let svd = TruncatedSVD(krylovOf: x, rank: k, tolerance: tolerance, random: RandomSource(seed: seed),
                           progress: { blocks, _ in progress?(blocks) })
    eigenvectors = svd.u
    let squares = svd.singularValues.map { $0 * $0 }
    eigenvalues = squares.map { $0 / divisor }
    varianceShares = squares.map { squaredNorm > 0 ? $0 / squaredNorm : 0 }
    blocks = svd.blocks
  }

  /// The top `k` eigenpairs of PLINK 1.9's relationship matrix over
  /// standardised genotypes (``StandardizedGenotypes/Relationship``): what
  /// `plink1.9 --pca` finds, missing calls included.
  ///
  /// - Parameters:
  ///   - g: the relationship matrix.
  ///   - k: how many components.
  ///   - seed: the seed of the random start.
  ///   - tolerance: the Krylov method's residual tolerance, relative to the largest eigenvalue.
  ///   - progress: called after each block with the blocks so far.
  /// - Precondition: 1 ≤ k ≤ n.
  /// - Complexity: two products with X per Krylov block of k + 5 vectors.
  public init(relationship g: StandardizedGenotypes.Relationship, components k: Int, seed: UInt64 = 1,
              tolerance: Double = 1e-7, progress: ((Int) -> Void)? = nil) {
    let pairs = KrylovEigenpairs(of: g.apply, dimension: g.order, count: k, tolerance: tolerance,
                                 random: RandomSource(seed: seed), progress: { blocks, _ in progress?(blocks) })
    eigenvectors = pairs.vectors
    eigenvalues = pairs.values
    varianceShares = pairs.values.map { g.trace > 0 ? $0 / g.trace : 0 }
    blocks = pairs.blocks
  }
}
