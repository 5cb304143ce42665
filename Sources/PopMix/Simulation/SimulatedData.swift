/// What is known about one simulated individual.
public struct IndividualLabel: Sendable, Equatable {
  /// Pure (one population) or hybrid (two).
  public enum Status: String, Sendable { case pure, hybrid }

  /// The individual's id.
  public var id: String
  /// Pure or hybrid.
  public var status: Status
  /// Its population, or its two parent populations, numbered from 0.
  public var populations: [Int]
}

/// A simulated data set: the counts and the truth behind them.
public struct SimulatedData: Sendable {
  /// The settings that made it.
  public var parameters: SimulationParameters
  /// The observed counts V.
  public var table: CountTable
  /// The true W, H and C.
  public var truth: Factorization
  /// Each individual's population(s).
  public var labels: [IndividualLabel]

  /// Simulates a data set from the generative model.
  ///
  /// H's columns are Dirichlet(alpha); pure individuals are spread evenly
  /// over the populations and hybrids cycle through the population pairs;
  /// W's columns are normalised; C_μ = n × depth, so that the mean expected
  /// count at each locus is `depth`; V_iμ ~ Poisson(C_μ (W H)_iμ). The rows
  /// are shuffled so that their order says nothing. All draws come from GSL
  /// MT19937 streams derived from the seed, so a seed gives the same data.
  ///
  /// - Throws: ``PopMixError`` when the parameters are out of range.
  /// - Complexity: O(n m r).
  public static func simulate(_ parameters: SimulationParameters) throws -> SimulatedData {
    try parameters.validate()
    let n = parameters.individuals, m = parameters.loci, r = parameters.populations

    let frequencyDraws = RandomSource(seed: SeedSequence.seed(parameters.seed, 1))
    var H = Matrix(rows: r, columns: m)
    for mu in 0..<m {
      let column = frequencyDraws.dirichlet(count: r, concentration: parameters.alpha)
      for a in 0..<r { H[a, mu] = column[a] }
    }

    let memberships = parameters.shuffledMemberships()
    let ids = CountTable.defaultIndividualNames(n)
    let (proportions, labels) = parameters.proportions(memberships, ids: ids)
    let W = proportions.columnNormalized()

    let totals = [Double](repeating: Double(n) * parameters.depth, count: m)
    let truth = Factorization(W: W, H: H, totals: totals)
    let countDraws = RandomSource(seed: SeedSequence.seed(parameters.seed, 3))
    var counts = Matrix(rows: n, columns: m)
    for i in 0..<n {
      for mu in 0..<m {
        counts[i, mu] = Double(countDraws.poisson(mean: truth.expectedCount(individual: i, locus: mu)))
      }
    }
    return SimulatedData(parameters: parameters,
                         table: CountTable(individuals: ids, loci: CountTable.defaultLocusNames(m), counts: counts),
                         truth: truth, labels: labels)
  }
}
