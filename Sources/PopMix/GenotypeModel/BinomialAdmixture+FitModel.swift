/// The genotype model's part of the fit: its kernel, its starts and the
/// shape of data it takes.
extension BinomialAdmixture: FitModel {
  static func kernel(_ genotypes: GenotypeMatrix, populations: Int, threads: Int,
                     algorithm: FitAlgorithm) -> GenotypeKernel {
    GenotypeKernel(genotypes: genotypes, populations: populations, threads: threads,
                   newtonSteps: algorithm == .newton)
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
