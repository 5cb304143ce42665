import RealModule

/// A Poisson NMF model of a count table:
/// λ_iμ = C_μ Σ_a W_ia H_aμ, observed counts V_iμ ~ Poisson(λ_iμ).
///
/// W is individuals by populations with columns summing to one over
/// individuals; H is populations by loci with columns summing to one over
/// populations; C holds one total per locus.
public struct Factorization: Sendable, Equatable {
  /// Individuals by populations; each column sums to one.
  public var W: Matrix
  /// Populations by loci; each column sums to one.
  public var H: Matrix
  /// The per-locus totals C_μ (the observed column totals when nothing is
  /// missing; estimated when entries are missing).
  public var totals: [Double]

  /// Creates a model.
  ///
  /// - Precondition: the shapes agree (W's columns are H's rows, H's columns
  ///   are the totals).
  public init(W: Matrix, H: Matrix, totals: [Double]) {
    precondition(W.columns == H.rows, "W has \(W.columns) populations but H has \(H.rows)")
    precondition(H.columns == totals.count, "H has \(H.columns) loci but there are \(totals.count) totals")
    self.W = W
    self.H = H
    self.totals = totals
  }

  /// The number of populations, r.
  public var populations: Int { W.columns }
  /// The number of individuals, n.
  public var individuals: Int { W.rows }
  /// The number of loci, m.
  public var loci: Int { H.columns }

  /// The admixture proportions: W with each row divided by its sum.
  ///
  /// See docs/model.md for what these do and do not mean when populations
  /// differ in size.
  public var admixtureProportions: Matrix { W.rowNormalized() }

  /// The expected count λ_iμ.
  public func expectedCount(individual i: Int, locus mu: Int) -> Double {
    var sum = 0.0
    for a in 0..<populations { sum += W[i, a] * H[a, mu] }
    return totals[mu] * sum
  }

  /// All expected counts, individuals by loci.
  ///
  /// - Complexity: O(n m r).
  public func expectedCounts() -> Matrix {
    var lambda = Matrix(rows: individuals, columns: loci)
    for i in 0..<individuals {
      for mu in 0..<loci { lambda[i, mu] = expectedCount(individual: i, locus: mu) }
    }
    return lambda
  }

  /// The full Poisson log-likelihood Σ (V log λ − λ − log V!) over the
  /// entries of `counts` that are not NaN.
  ///
  /// A reference implementation, entry by entry; the fitter computes the
  /// same value faster.
  ///
  /// - Precondition: `counts` has this model's shape.
  /// - Complexity: O(n m r).
  public func logLikelihood(of counts: Matrix) -> Double {
    precondition(counts.rows == individuals && counts.columns == loci, "Counts do not match the model's shape")
    var total = 0.0
    for i in 0..<individuals {
      for mu in 0..<loci {
        let v = counts[i, mu]
        if v.isNaN { continue }
        total += Self.poissonLogProbability(v, mean: expectedCount(individual: i, locus: mu))
      }
    }
    return total
  }

  /// log P(v | λ) for a Poisson count: v log λ − λ − log v!.
  ///
  /// Returns −∞ when λ is 0 and v is not.
  @inlinable
  public static func poissonLogProbability(_ v: Double, mean lambda: Double) -> Double {
    if v == 0 { return -lambda }
    return v * .log(lambda) - lambda - .logGamma(v + 1)
  }

  /// The model with its populations in the order `order`: population `k` of
  /// the result is population `order[k]` of this model.
  public func reorderingPopulations(_ order: [Int]) -> Factorization {
    precondition(order.sorted() == Array(0..<populations), "order must be a permutation of the populations")
    return Factorization(W: W.selectingColumns(order), H: H.selectingRows(order), totals: totals)
  }

  /// The model with populations sorted by their share of the admixture
  /// proportions, largest first (ties by index), so that fits print in a
  /// stable order.
  public func sortedByPopulationShare() -> Factorization {
    let share = admixtureProportions.columnSums()
    let order = (0..<populations).sorted { share[$0] != share[$1] ? share[$0] > share[$1] : $0 < $1 }
    return reorderingPopulations(order)
  }
}
