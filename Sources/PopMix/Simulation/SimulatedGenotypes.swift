/// A simulated genotype data set: diploid calls and the truth behind them.
public struct SimulatedGenotypes: Sendable {
  /// The settings that made it (`loci` is the number of SNPs).
  public var parameters: SimulationParameters
  /// The calls, with sample and SNP names.
  public var data: GenotypeData
  /// The true Q and P.
  public var truth: AdmixtureModel
  /// Each individual's population(s).
  public var labels: [IndividualLabel]

  /// Simulates genotypes from ADMIXTURE's model.
  ///
  /// Each SNP has an ancestral frequency π ~ Uniform(0.05, 0.95), and each
  /// population's frequency of A1 is Beta(π(1 − F)/F, (1 − π)(1 − F)/F)
  /// with F = ``SimulationParameters/fst`` (the Balding–Nichols model, so F
  /// is the populations' expected F_ST to the ancestor). Individuals are
  /// pure or hybrids as in ``SimulatedData/simulate(_:)``; a call has
  /// Binomial(2, Σ_k Q_ik P_jk) copies of A1. Draws come from GSL MT19937
  /// streams derived from the seed (1: frequencies, 2: membership order,
  /// 3: calls), so a seed gives the same data.
  ///
  /// - Throws: ``PopMixError`` when the parameters are out of range.
  /// - Complexity: O(n m K).
  public static func simulate(_ parameters: SimulationParameters) throws -> SimulatedGenotypes {
    try parameters.validate()
    let n = parameters.individuals, m = parameters.loci, K = parameters.populations
    let fst = parameters.fst
    let frequencyDraws = RandomSource(seed: SeedSequence.seed(parameters.seed, 1))
    var P = Matrix(rows: m, columns: K)
    for j in 0..<m {
      let ancestral = 0.05 + 0.9 * frequencyDraws.uniform()
      for k in 0..<K {
        P[j, k] = frequencyDraws.beta(ancestral * (1 - fst) / fst, (1 - ancestral) * (1 - fst) / fst)
      }
    }
    let ids = CountTable.defaultIndividualNames(n)
    let (Q, labels) = parameters.proportions(parameters.shuffledMemberships(), ids: ids)
    let truth = AdmixtureModel(Q: Q, P: P)
    let callDraws = RandomSource(seed: SeedSequence.seed(parameters.seed, 3))
    var genotypes = GenotypeMatrix(individuals: n, snps: m)
    for j in 0..<m {
      for i in 0..<n {
        let copies = callDraws.binomial(trials: 2, probability: truth.expectedFrequency(individual: i, snp: j))
        genotypes[individual: i, snp: j] = .diploid(copiesOfFirst: copies)
      }
    }
    let names = CountTable.defaultLocusNames(m)
    let variants = (0..<m).map { j in
      GenotypeData.Variant(chromosome: "1", id: names[j], position: 1_000 * (j + 1), firstAllele: "A", secondAllele: "G")
    }
    let data = GenotypeData(genotypes: genotypes, samples: ids.map { .init(family: $0, id: $0) },
                            variants: variants, source: "simulated")
    return SimulatedGenotypes(parameters: parameters, data: data, truth: truth, labels: labels)
  }
}
