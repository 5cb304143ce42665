import RealModule

/// ADMIXTURE's model of genotypes: individual i carries a share Q_ik of its
/// genome from population k, whose frequency of a SNP's first allele (the
/// `.bim` A1) is P_jk; a call with t copies has Binomial(t, p_ij) copies of
/// A1, with p_ij = Σ_k Q_ik P_jk.
///
/// It is Poisson NMF on the two-column table [copies of A1, copies of A2]
/// with W = Q and H = [P, 1 − P] (docs/model.md §8): the same update fits
/// both, and the binomial log-likelihood equals the Poisson one up to a
/// constant.
public struct AdmixtureModel: Sendable, Equatable {
  /// n × K admixture proportions; each row sums to one.
  public var Q: Matrix
  /// m × K frequencies of each SNP's first allele (A1), one row per SNP as
  /// in ADMIXTURE's `.P`.
  public var P: Matrix

  /// - Precondition: Q and P have the same number of columns.
  public init(Q: Matrix, P: Matrix) {
    precondition(Q.columns == P.columns, "Q and P need one column per population")
    self.Q = Q
    self.P = P
  }

  /// K, the number of populations.
  public var populations: Int { Q.columns }
  /// n.
  public var individuals: Int { Q.rows }
  /// m.
  public var snps: Int { P.rows }

  /// p_ij = Σ_k Q_ik P_jk, the expected frequency of A1 in individual i at SNP j.
  public func expectedFrequency(individual i: Int, snp j: Int) -> Double {
    var p = 0.0
    for k in 0..<populations { p += Q[i, k] * P[j, k] }
    return p
  }

  /// The binomial log-likelihood Σ [g log p + (t − g) log(1 − p)] over the
  /// observed calls (g copies of A1 among t), as ADMIXTURE and fastmixture
  /// report it (without the binomial coefficients, which do not depend on
  /// the model).
  ///
  /// A reference implementation, call by call; the fitter computes the same
  /// value faster.
  ///
  /// - Precondition: `genotypes` has this model's shape.
  /// - Complexity: O(n m K).
  public func logLikelihood(of genotypes: GenotypeMatrix) -> Double {
    precondition(genotypes.individuals == individuals && genotypes.snps == snps,
                 "Genotypes do not match the model's shape")
    var total = 0.0
    for j in 0..<snps {
      for i in 0..<individuals {
        guard let (first, copies) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        total += Self.binomialLogProbability(first, of: copies, frequency: expectedFrequency(individual: i, snp: j))
      }
    }
    return total
  }

  /// g log p + (t − g) log(1 − p), with 0 log 0 taken as 0.
  public static func binomialLogProbability(_ g: Int, of t: Int, frequency p: Double) -> Double {
    (g > 0 ? Double(g) * .log(p) : 0) + (t > g ? Double(t - g) * .log(onePlus: -p) : 0)
  }

  /// The model with its populations in the order `order`.
  public func reorderingPopulations(_ order: [Int]) -> AdmixtureModel {
    precondition(order.sorted() == Array(0..<populations), "order must be a permutation of the populations")
    return AdmixtureModel(Q: Q.selectingColumns(order), P: P.selectingColumns(order))
  }

  /// The model with populations sorted by their mean proportion, largest
  /// first (ties by index), so that fits print in a stable order.
  public func sortedByPopulationShare() -> AdmixtureModel {
    let share = Q.columnSums()
    let order = (0..<populations).sorted { share[$0] != share[$1] ? share[$0] > share[$1] : $0 < $1 }
    return reorderingPopulations(order)
  }
}
