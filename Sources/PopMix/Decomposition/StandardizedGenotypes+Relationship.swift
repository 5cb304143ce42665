extension StandardizedGenotypes {
  /// PLINK 1.9's genetic relationship matrix as an operator: G = X Xᵀ / m
  /// where no call is missing, and with missing calls each entry G_ik
  /// divided by the share of SNPs where both individuals have a call
  /// (PLINK divides each pair's sum by its own count of such SNPs).
  ///
  /// That count is taken as m r_i r_k off the diagonal and m r_i on it, r_i
  /// being individual i's share of observed calls; exact where calls are
  /// missing independently of one another, it keeps G a product:
  ///
  ///     G = D⁻¹ X Xᵀ D⁻¹ / m + diag(q_i / m × (1/r_i − 1/r_i²)),   D = diag(r_i),
  ///
  /// q_i = Σ_j x_ij² (the second term puts back the diagonal's 1/r_i).
  /// Without missing calls D = I and the second term is zero.
  public struct Relationship: Sendable {
    let x: StandardizedGenotypes
    /// The calls individual by individual, for X B by byte tables.
    let calls: IndividualMajorCalls
    /// 1 / r_i.
    let inverseShares: [Double]
    /// The diagonal correction q_i / m × (1/r_i − 1/r_i²).
    let correction: [Double]
    /// m, the SNPs that vary.
    let snps: Double
    /// trace(G) = Σ_i q_i / (m r_i), the total that eigenvalues share.
    public let trace: Double

    /// n, G's order.
    public var order: Int { x.rows }

    /// - Complexity: one pass over the packed calls, O(n m), and their
    ///   transposition, O(n m / 4) (a copy as large as the `.bed` file).
    init(_ x: StandardizedGenotypes) {
      self.x = x
      calls = IndividualMajorCalls(x.genotypes)
      let m = Double(Swift.max(x.variableSNPs, 1))
      var observed = [Int](repeating: 0, count: x.rows), squares = [Double](repeating: 0, count: x.rows)
      let bytes = x.genotypes.bytesPerSNP
      x.genotypes.packed.withUnsafeBufferPointer { packed in
        for j in 0..<x.columns where x.codeValues[4 * j] != 0 || x.codeValues[4 * j + 3] != 0 {
          for i in 0..<x.rows {
            let code = Int((packed[j * bytes + i >> 2] >> UInt8(2 * (i & 3))) & 3)
            guard code != 0b01 else { continue }
            observed[i] += 1
            squares[i] += x.codeValues[4 * j + code] * x.codeValues[4 * j + code]
          }
        }
      }
      // An individual without a call in a varying SNP has a zero row; 1 keeps it so.
      let shares = observed.map { $0 > 0 ? Double($0) / m : 1 }
      inverseShares = shares.map { 1 / $0 }
      correction = zip(squares, shares).map { q, r in q / m * (1 / r - 1 / (r * r)) }
      snps = m
      trace = zip(squares, shares).reduce(0) { $0 + $1.0 / (m * $1.1) }
    }

    /// G V for an n × b block V.
    ///
    /// - Complexity: two products with X, O(n m b / 4) each by byte tables.
    public func apply(_ v: Matrix) -> Matrix {
      var scaled = v
      for i in 0..<v.rows { for c in 0..<v.columns { scaled[i, c] *= inverseShares[i] } }
      var result = x.multiply(x.multiplyTransposed(scaled), individualMajor: calls)
      for i in 0..<v.rows {
        for c in 0..<v.columns {
          result[i, c] = result[i, c] * inverseShares[i] / snps + correction[i] * v[i, c]
        }
      }
      return result
    }
  }

  /// PLINK 1.9's relationship matrix over these genotypes.
  public var relationship: Relationship { Relationship(self) }
}
