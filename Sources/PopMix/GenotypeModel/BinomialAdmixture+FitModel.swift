/// The genotype model's part of the fit: its kernel, its starts and the
/// shape of data it takes.
extension BinomialAdmixture: FitModel {
  static func kernel(_ genotypes: GenotypeMatrix, populations: Int, threads: Int,
                     algorithm: FitAlgorithm, fixed: FixedParameters?) -> GenotypeKernel {
    GenotypeKernel(genotypes: genotypes, populations: populations, threads: threads,
                   newtonSteps: algorithm == .newton, fixed: fixed)
  }

  /// Held rows as held and the others at 1/K; P as held, or else the
  /// frequencies the held rows imply, Σ_i Q_ik g_ij / Σ_i Q_ik t_ij over
  /// the held individuals (½ where they have no call), in [ε, 1 − ε].
  ///
  /// - Complexity: O(held individuals × m × K).
  static func start(_ genotypes: GenotypeMatrix, populations K: Int, holding fixed: FixedParameters) -> AdmixtureModel {
    let n = genotypes.individuals, m = genotypes.snps
    fixed.checkShape(individuals: n, snps: m, populations: K)
    var Q = Matrix(rows: n, columns: K, repeating: 1 / Double(K))
    let heldRows = fixed.proportions.keys.sorted().map { ($0, fixed.flooredRow($0)!) }
    for (i, row) in heldRows { for k in 0..<K { Q[i, k] = row[k] } }
    if let frequencies = fixed.clampedFrequencies { return AdmixtureModel(Q: Q, P: frequencies) }
    let epsilon = GenotypeKernel.boundary
    var P = Matrix(rows: m, columns: K, repeating: 0.5)
    var first = [Double](repeating: 0, count: K), total = [Double](repeating: 0, count: K)
    for j in 0..<m {
      for k in 0..<K { first[k] = 0; total[k] = 0 }
      for (i, row) in heldRows {
        guard let (g, t) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        for k in 0..<K {
          first[k] += row[k] * Double(g)
          total[k] += row[k] * Double(t)
        }
      }
      for k in 0..<K where total[k] > 0 { P[j, k] = Swift.min(Swift.max(first[k] / total[k], epsilon), 1 - epsilon) }
    }
    return AdmixtureModel(Q: Q, P: P)
  }

  static var algorithms: [FitAlgorithm] { FitAlgorithm.allCases }

  static func state(_ parameters: AdmixtureModel) -> GenotypeState { GenotypeState(parameters) }

  static func parameters(_ state: GenotypeState, data: GenotypeMatrix) -> AdmixtureModel { state.model }

  /// Newton fits start from the SVD (``svdStart(_:populations:seed:threads:)``).
  static func informedStart(_ genotypes: GenotypeMatrix, populations: Int, seed: UInt64, threads: Int,
                            algorithm: FitAlgorithm) -> AdmixtureModel? {
    algorithm == .newton ? svdStart(genotypes, populations: populations, seed: seed, threads: threads) : nil
  }

  static func individuals(of genotypes: GenotypeMatrix) -> Int { genotypes.individuals }

  static func columns(of genotypes: GenotypeMatrix) -> Int { genotypes.snps }

  static var dataName: String { "genotypes" }

  static var columnsName: String { "SNPs" }

  static var emptyDataName: String { "there are no genotypes to fit" }

  /// New storage of the subsample's size (a copy-and-drop would keep the
  /// full set's capacity alive for the whole fit).
  static func everyColumn(_ stride: Int, of genotypes: GenotypeMatrix) -> GenotypeMatrix {
    genotypes.everySNP(stride)
  }

  /// EM's random starts need a subsample's cheap climb from 1,000 SNPs up;
  /// the SVD start is already near, and a subsample's noisier Q only helps
  /// on data large enough that the full fit's climb costs many minutes.
  static func subsampleMinimum(algorithm: FitAlgorithm) -> Int { algorithm == .newton ? 10_000 : 1_000 }

  static var subsampleTolerance: Double { 1e-7 }

  /// The subsample's Q, with P at ½ for every SNP: the full fit's first
  /// pass then sets P to Σ_i Q_ik g_ij / Σ_i Q_ik t_ij, the frequencies
  /// that Q implies, and leaves Q as it is.
  static func start(fromSubsampleFit fit: AdmixtureModel, data genotypes: GenotypeMatrix) -> AdmixtureModel {
    AdmixtureModel(Q: fit.Q, P: Matrix(rows: genotypes.snps, columns: fit.populations, repeating: 0.5))
  }

  /// Sets too small to subsample start from the first random point.
  static var screeningPasses: Int { 0 }

  static func passesSplit(_ genotypes: GenotypeMatrix, threads: Int) -> Bool {
    GenotypeKernel.blockCount(individuals: genotypes.individuals, snps: genotypes.snps) >= threads
  }

  static func sortedByPopulationShare(_ parameters: AdmixtureModel) -> AdmixtureModel {
    parameters.sortedByPopulationShare()
  }
}
