/// `popmix simulate`: draws a data set and writes it with its truth.
public struct SimulateJob: Sendable {
  public var parameters: SimulationParameters
  /// Output files are named `prefix.counts.tsv`, `prefix.W.tsv`, ….
  public var prefix: String
  /// Diploid genotypes in PLINK format (ADMIXTURE's model) instead of counts.
  public var genotypes: Bool

  public init(parameters: SimulationParameters, prefix: String, genotypes: Bool = false) {
    self.parameters = parameters
    self.prefix = prefix
    self.genotypes = genotypes
  }

  /// Simulates and writes the files.
  ///
  /// - Throws: ``PopMixError`` for parameters out of range, an output folder
  ///   that cannot be written (both checked before anything is drawn), or an
  ///   output that cannot be written (then nothing is written).
  public func run() throws -> JobReport {
    try parameters.validate()
    try OutputFiles.checkDestination(prefix, longestSuffix: ".labels.tsv")
    if genotypes { return try runGenotypes() }
    let data = try SimulatedData.simulate(parameters)
    let files = data.outputFiles(prefix: prefix)
    try files.commit()
    let p = parameters
    let hybrids = data.labels.filter { $0.status == .hybrid }.count
    let observed = data.table.counts.elements
    let mean = observed.reduce(0, +) / Double(observed.count)
    let zeros = Double(observed.filter { $0 == 0 }.count) / Double(observed.count)
    return JobReport(text: """
      simulated \(p.individuals) individuals x \(p.loci) loci from \(p.populations) populations (\(hybrids) hybrids), seed \(p.seed)
        mean count \(Format.fixed(mean, 2)) (depth \(Format.general(p.depth))), \(Format.percent(zeros)) zeros, alpha \(Format.general(p.alpha))
        wrote \(files.paths.joined(separator: " "))

      """)
  }

  private func runGenotypes() throws -> JobReport {
    let simulated = try SimulatedGenotypes.simulate(parameters)
    let files = simulated.outputFiles(prefix: prefix)
    try files.commit()
    let p = parameters
    let hybrids = simulated.labels.filter { $0.status == .hybrid }.count
    return JobReport(text: """
      simulated genotypes of \(p.individuals) individuals x \(p.loci) SNPs from \(p.populations) populations (\(hybrids) hybrids), seed \(p.seed)
        F_ST to the ancestor \(Format.general(p.fst)) (Balding-Nichols), diploid calls ~ Binomial(2, sum_k Q_ik P_jk)
        wrote \(files.paths.joined(separator: " "))

      """)
  }
}
