/// A start near the optimum from a truncated SVD (as fastmixture starts):
/// the expected genotypes 2QPᵀ have rank K, so after centring by 2f the
/// calls are rank K − 1 plus noise.
extension BinomialAdmixture {
  /// SNPs kept for the SVD: beyond this many, every s-th SNP gives the
  /// same few directions for a fraction of the products.
  static let svdSNPs = 50_000
  /// Power iterations of the randomised SVD: the gap after the (K − 1)th
  /// singular value is large on admixed data, so a few suffice.
  static let svdPowerIterations = 2
  /// Alternating least squares rounds at most, and the change in Q (root
  /// mean square) below which they stop: the start only has to be near.
  static let alternatingRounds = 100
  static let alternatingTolerance = 1e-4

  /// The start: X = U S Vᵀ, the rank K − 1 SVD of the centred calls
  /// (g − 2f, missing calls at their SNP's mean), gives Ĝ/2 = ½ U S Vᵀ + 1fᵀ,
  /// the expected frequencies; Q and P are found by alternating least
  /// squares on Ĝ/2 ≈ Q Pᵀ in that low-rank form (each round O((n + m) K²)),
  /// Q mapped onto the floored simplex and P into [ε, 1 − ε] after each;
  /// finally P is fitted to the calls themselves.
  ///
  /// - Parameters:
  ///   - seed: seeds the SVD's random block and ALS's first P, so that two
  ///     seeds may find two starts.
  /// - Complexity: O(n m' K) for the SVD over m' ≤ ``svdSNPs`` SNPs, and one
  ///   product over all m SNPs.
  static func svdStart(_ genotypes: GenotypeMatrix, populations K: Int, seed: UInt64, threads: Int) -> AdmixtureModel {
    let n = genotypes.individuals, epsilon = GenotypeKernel.boundary
    let full = StandardizedGenotypes(genotypes, scaling: .centred, threads: threads)
    let frequencies = full.frequencies.map { Swift.min(Swift.max($0, epsilon), 1 - epsilon) }
    guard K > 1 else {
      return AdmixtureModel(Q: Matrix(rows: n, columns: 1, repeating: 1),
                            P: Matrix(rows: genotypes.snps, columns: 1, elements: frequencies))
    }
    let stride = (genotypes.snps + svdSNPs - 1) / svdSNPs
    let sample = stride > 1 ? StandardizedGenotypes(genotypes.everySNP(stride), scaling: .centred, threads: threads) : full
    let random = RandomSource(seed: seed)
    let rank = Swift.min(K - 1, Swift.min(sample.rows, sample.columns))
    let svd = TruncatedSVD(of: sample, rank: rank, oversampling: 5, powerIterations: svdPowerIterations, random: random)
    var z = svd.u
    for i in 0..<z.rows { for c in 0..<rank { z[i, c] *= svd.singularValues[c] } }
    let f = sample.frequencies
    var p = Matrix(rows: sample.columns, columns: K)
    for index in p.elements.indices { p.elements[index] = epsilon + (1 - 2 * epsilon) * random.uniform() }
    var q = lowRankProportions(z: z, v: svd.v, frequencies: f, given: p)
    for _ in 0..<alternatingRounds {
      p = lowRankFrequencies(z: z, v: svd.v, frequencies: f, given: q)
      let next = lowRankProportions(z: z, v: svd.v, frequencies: f, given: p)
      var change = 0.0
      for (a, b) in zip(next.elements, q.elements) { change += (a - b) * (a - b) }
      q = next
      if (change / Double(q.elements.count)).squareRoot() < alternatingTolerance { break }
    }
    // P from the calls themselves: (Ĝ/2)ᵀ H with Ĝ/2 = ½X + 1fᵀ, H = Q(QᵀQ)⁺.
    let h = q.multiply(pseudoInverse(q.multiplyTransposed(q)))
    let projected = full.multiplyTransposed(h)
    let hSums = h.columnSums()
    var P = Matrix(rows: genotypes.snps, columns: K)
    for j in 0..<genotypes.snps {
      for k in 0..<K { P[j, k] = clampFrequency(0.5 * projected[j, k] + full.frequencies[j] * hSums[k]) }
    }
    return AdmixtureModel(Q: q, P: P)
  }

  /// Q = (Ĝ/2) H, H = P(PᵀP)⁺, rows mapped onto the floored simplex.
  private static func lowRankProportions(z: Matrix, v: Matrix, frequencies f: [Double], given p: Matrix) -> Matrix {
    let h = p.multiply(pseudoInverse(p.multiplyTransposed(p)))
    let vh = v.multiplyTransposed(h)                 // r × K
    var q = z.multiply(vh)                           // n × K
    let offset = h.multiplyTransposed(Matrix(rows: f.count, columns: 1, elements: f))   // K × 1: Hᵀf
    let K = q.columns, epsilon = GenotypeKernel.boundary
    for i in 0..<q.rows {
      var sum = 0.0
      for k in 0..<K {
        let value = Swift.max(0.5 * q[i, k] + offset[k, 0], 0)
        q[i, k] = value
        sum += value
      }
      for k in 0..<K {
        // On the simplex, then shrunk towards its centre by Kε so that
        // every proportion is at least ε.
        let share = sum > 0 ? q[i, k] / sum : 1 / Double(K)
        q[i, k] = (1 - Double(K) * epsilon) * share + epsilon
      }
    }
    return q
  }

  /// P = (Ĝ/2)ᵀ H, H = Q(QᵀQ)⁺, clamped into [ε, 1 − ε].
  private static func lowRankFrequencies(z: Matrix, v: Matrix, frequencies f: [Double], given q: Matrix) -> Matrix {
    let h = q.multiply(pseudoInverse(q.multiplyTransposed(q)))
    let zh = z.multiplyTransposed(h)                 // r × K
    var p = v.multiply(zh)                           // m × K
    let hSums = h.columnSums()
    for j in 0..<p.rows {
      for k in 0..<p.columns { p[j, k] = clampFrequency(0.5 * p[j, k] + f[j] * hSums[k]) }
    }
    return p
  }

  private static func clampFrequency(_ value: Double) -> Double {
    let epsilon = GenotypeKernel.boundary
    return value.isFinite ? Swift.min(Swift.max(value, epsilon), 1 - epsilon) : 0.5
  }

  /// The pseudo-inverse of a small symmetric positive semi-definite matrix,
  /// its eigenvalues below 10⁻¹⁰ of the largest taken as zero.
  private static func pseudoInverse(_ a: Matrix) -> Matrix {
    let (values, vectors) = a.symmetricEigen()
    let K = a.rows, cut = 1e-10 * Swift.max(values.first ?? 0, 0)
    var inverse = Matrix(rows: K, columns: K)
    for c in 0..<K where values[c] > cut {
      for k in 0..<K { for l in 0..<K { inverse[k, l] += vectors[k, c] * vectors[l, c] / values[c] } }
    }
    return inverse
  }
}
