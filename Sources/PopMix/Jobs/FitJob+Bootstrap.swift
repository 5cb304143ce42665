extension FitJob {
  /// Throws unless `--bootstrap`, when given, has settings in range and
  /// genotypes to resample: checked before the data is read.
  func checkBootstrap() throws {
    guard let bootstrap else { return }
    try bootstrap.validate()
    let kind = leastSquares != nil ? "--loss squared" : input.isGenotypes ? nil : "count tables"
    if let kind {
      throw PopMixError.badSetting(.bootstrap, bootstrap.replicates,
                                   .other("--bootstrap resamples SNPs in blocks along the genome and needs genotypes (--bfile or --vcf), not \(kind)"))
    }
  }

  /// The bootstrap of a genotype fit: blocks from the SNPs' chromosomes and
  /// positions, replicates fitted as the fit was, holding what it held.
  static func bootstrapGenotypes(_ data: GenotypeData, fit: AdmixtureModel, settings: BootstrapOptions,
                                 options: FitOptions, fixed: FixedParameters? = nil,
                                 progress: ProgressLine?) -> BootstrapEstimate {
    let blocks = MovingBlocks(chromosomes: data.variants.map(\.chromosome), positions: data.variants.map(\.position),
                              bases: settings.blockBases, length: settings.blockSNPs)
    let total = settings.replicates
    var report: (@Sendable (Int, Int) -> Void)? = nil
    if let progress {
      report = { replicate, pass in
        progress.update("bootstrap: replicate \(replicate + 1)/\(total)  pass \(pass)  \(Format.fixed(progress.elapsed, 1)) s")
      }
    }
    return BinomialAdmixture.bootstrap(
      data.genotypes, fit: fit, blocks: blocks, replicates: total, seed: options.seed,
      algorithm: options.algorithm, tolerance: Swift.max(options.tolerance, BootstrapOptions.replicateTolerance),
      maxIterations: options.maxIterations,
      threads: options.threads, fixed: fixed, progress: report)
  }

  /// Stages ADMIXTURE's `stem.Q_se` (a line per individual, K standard
  /// errors) and every replicate's proportions, `stem.Q_bootstrap.tsv`
  /// (`popmix hybrids --replicates` reads it).
  func addBootstrapFiles(_ estimate: BootstrapEstimate, to files: inout OutputFiles, individuals: [String],
                         stem base: String) {
    files.add(base + ".Q_se", AdmixtureModel(Q: estimate.standardErrors,
                                             P: Matrix(rows: 0, columns: estimate.standardErrors.columns)).qFileText)
    files.add(base + ".Q_bootstrap.tsv", BootstrapReplicates.tsv(estimate.replicates, individuals: individuals))
  }

  /// The report's line on the bootstrap.
  func bootstrapLine(_ estimate: BootstrapEstimate, stem: String) -> String {
    let se = estimate.standardErrors.elements.sorted()
    let median = se[se.count / 2]
    let seFile = "\(stem).Q_se"
    var text = "  bootstrap       \(estimate.replicates.count) replicates, blocks of \(estimate.blocks.length) SNPs"
      + " on \(estimate.blocks.chromosomes.count) chromosome(s), \(Format.fixed(estimate.seconds, 2)) s; median standard error \(Format.fixed(median, 4)) (\(seFile))\n"
    if estimate.unconverged > 0 {
      text += "                  \(estimate.unconverged) replicate(s) hit --max-iterations before converging\n"
    }
    return text
  }
}

extension FitJob.Summary {
  /// What a summary records of `--bootstrap`: the settings and each
  /// individual's standard errors.
  public struct Bootstrap: Sendable, Codable, Equatable {
    public var replicates: Int
    /// SNPs per block.
    public var blockLength: Int
    /// Runs of SNPs on one chromosome, which blocks do not cross.
    public var chromosomes: Int
    /// Replicates that hit the iteration cap.
    public var unconverged: Int
    /// Seconds spent on the replicates (the fit's own are `seconds`).
    public var seconds: Double
    /// One entry per individual, in the data's order.
    public var standardErrors: [IndividualErrors]

    /// One individual's standard errors, one per population.
    public struct IndividualErrors: Sendable, Codable, Equatable {
      public var id: String
      public var se: [Double]
    }

    init(_ estimate: BootstrapEstimate, individuals: [String]) {
      replicates = estimate.replicates.count
      blockLength = estimate.blocks.length
      chromosomes = estimate.blocks.chromosomes.count
      unconverged = estimate.unconverged
      seconds = estimate.seconds
      standardErrors = individuals.enumerated().map { i, id in
        IndividualErrors(id: id, se: Array(estimate.standardErrors.row(i)))
      }
    }
  }
}

extension DataInput {
  /// Whether the input is genotypes.
  var isGenotypes: Bool {
    if case .genotypes = self { return true }
    return false
  }
}
