/// `popmix pca`: the top principal components of a count table (columns
/// standardised) or of genotypes (PLINK's standardisation), written in
/// PLINK 2's `.eigenvec` and `.eigenval` layouts, with each component's
/// share of the variance reported.
public struct PCAJob: Sendable {
  public var input: DataInput
  /// k, the components to find.
  public var components: Int
  /// Output files are `prefix.eigenvec` and `prefix.eigenval`.
  public var prefix: String
  /// The seed of the Krylov method's random start.
  public var seed: UInt64 = 1
  /// Threads for the genotype products; results do not depend on it.
  public var threads: Int = 1
  /// The Krylov method's residual tolerance, relative to the largest eigenvalue.
  public var tolerance = PCAJob.defaultTolerance

  /// The default number of components, PLINK's.
  public static let defaultComponents = 10
  /// The default residual tolerance (see docs/pca.md for how it was chosen).
  public static let defaultTolerance = 1e-5

  public init(input: DataInput, components: Int = PCAJob.defaultComponents, prefix: String) {
    self.input = input
    self.components = components
    self.prefix = prefix
  }

  /// Reads, decomposes and writes.
  ///
  /// - Parameter progress: shows the blocks done, if given.
  /// - Throws: ``PopMixError`` for a bad number of components or threads or
  ///   an output folder that cannot be written (checked before the data is
  ///   read), bad data, more components than the data has, or an output
  ///   that cannot be written; nothing is written then.
  public func run(progress: ProgressLine? = nil) throws -> JobReport {
    if components < 1 { throw PopMixError.badSetting(.components, components, .atLeast("1")) }
    if threads < 1 { throw PopMixError.badSetting(.threads, threads, .atLeast("1")) }
    try FitOptions.checkAtMost(threads, FitOptions.maximumThreads, .threads)
    if !(tolerance > 0 && tolerance < 1) { throw PopMixError.badSetting(.tolerance, tolerance, .strictlyBetween("0", "1")) }
    try OutputFiles.checkDestination(prefix, longestSuffix: ".eigenvec")
    let clock = ContinuousClock(), start = clock.now
    let data = try PCAData(input, threads: threads)
    let largest = Swift.min(data.ids.count, data.variables)
    if components > largest {
      throw PopMixError.badSetting(.components, components, .atMostForData(
        "\(largest)", because: "the data has \(data.ids.count) individuals and \(data.variables) \(data.variableName) that vary"))
    }
    let observed = progress.map { line in
      { (blocks: Int) in line.update("pca: Krylov block \(blocks)  \(Format.fixed(line.elapsed, 1)) s") }
    }
    let pcs = if let genotypes = data.genotypes {
      PrincipalComponents(relationship: genotypes.relationship, components: components, seed: seed,
                          tolerance: tolerance, progress: observed)
    } else {
      PrincipalComponents(of: data.matrix, components: components, divisor: data.divisor,
                          squaredNorm: data.squaredNorm, seed: seed, tolerance: tolerance, progress: observed)
    }
    progress?.finish()
    var files = OutputFiles()
    files.add(prefix + ".eigenvec", pcs.eigenvecText(ids: data.ids, families: data.families))
    files.add(prefix + ".eigenval", pcs.eigenvalText)
    try files.commit()
    let seconds = (clock.now - start).seconds
    return JobReport(text: report(pcs, data: data, seconds: seconds, files: files.paths), warnings: data.warnings)
  }

  /// The components' eigenvalues and shares, the time and the files.
  private func report(_ pcs: PrincipalComponents, data: PCAData, seconds: Double, files: [String]) -> String {
    var text = "pca \(data.ids.count) individuals x \(data.variables) \(data.variableName) (\(data.description)), \(components) components\n"
    text += "  component  eigenvalue   variance  cumulative\n"
    var cumulative = 0.0
    for (c, (value, share)) in zip(pcs.eigenvalues, pcs.varianceShares).enumerated() {
      cumulative += share
      text += "  " + Format.left("PC\(c + 1)", 9) + Format.right(Format.general(value), 12)
        + Format.right(Format.percent(share), 11) + Format.right(Format.percent(cumulative), 12) + "\n"
    }
    text += "  Krylov blocks   \(pcs.blocks)\n"
    text += "  time            \(Format.fixed(seconds, 2)) s\n"
    text += "  wrote           \(files.joined(separator: " "))\n"
    return text
  }
}

/// The data of a PCA: its matrix as an operator and what the files and the
/// report need.
private struct PCAData {
  let matrix: any LinearOperator
  /// The standardised genotypes, whose PCA is that of PLINK's relationship matrix.
  let genotypes: StandardizedGenotypes?
  let ids: [String]
  /// PLINK's family ids, for genotypes.
  let families: [String]?
  /// The columns that vary (SNPs or loci).
  let variables: Int
  let variableName: String
  /// d: the eigenvalues are σ² / d.
  let divisor: Double
  let squaredNorm: Double
  let description: String
  let warnings: [String]

  init(_ input: DataInput, threads: Int) throws {
    switch input {
    case .genotypes(let genotypes):
      let loaded = try genotypes.load()
      let x = StandardizedGenotypes(loaded.data.genotypes, threads: threads)
      matrix = x
      self.genotypes = x
      ids = loaded.data.samples.map(\.id)
      families = loaded.data.samples.map(\.family)
      variables = x.variableSNPs
      variableName = "SNPs"
      // PLINK's relationship matrix averages over the SNPs it keeps.
      divisor = Double(x.variableSNPs)
      squaredNorm = x.squaredNorm
      description = "standardised by 2f(1 - f), eigenvalues of the relationship matrix"
      // The loader's note on dropped SNPs speaks of a fit's .P file: said again here for a PCA.
      warnings = loaded.warnings.filter { !$0.contains(".P rows") }
        + (loaded.data.droppedMonomorphic > 0
           ? ["\(loaded.data.source): left out \(loaded.data.droppedMonomorphic) SNP(s) with only one allele observed (or none); they do not vary"]
           : [])
    case .table(let table):
      let (read, _, tableWarnings) = try table.load()
      let x = read.standardizedColumns()
      matrix = x
      genotypes = nil
      ids = read.individuals
      families = nil
      variables = (0..<x.columns).filter { j in (0..<x.rows).contains { x[$0, j] != 0 } }.count
      variableName = "loci"
      divisor = Double(x.rows)
      squaredNorm = x.elements.reduce(0) { $0 + $1 * $1 }
      description = "columns standardised, eigenvalues of their correlation matrix"
      warnings = tableWarnings
    }
  }
}
