extension FitJob {
  /// Several fits of one data set, read once: a range of K, each from one
  /// seed or from each of a range of seeds, and optionally the held-out
  /// score of every K (`fit --populations 2-8 --seeds 1-10 --cv 5`).
  public struct Runs: Sendable, Equatable {
    /// The numbers of populations, each fitted in turn.
    public var populations: ClosedRange<Int>
    /// One fit per seed and K, the seed in the files' names; nil fits each
    /// K once from the options' seed, the names as a single fit's.
    public var seeds: ClosedRange<UInt64>?
    /// Cross-validation folds: each K's best fit is scored as `scan`
    /// scores it, its folds starting from that fit; nil for none.
    public var folds: Int?

    public init(populations: ClosedRange<Int>, seeds: ClosedRange<UInt64>? = nil, folds: Int? = nil) {
      self.populations = populations
      self.seeds = seeds
      self.folds = folds
    }

    /// One K, one seed, no folds: what ``FitJob/run(progress:)`` does.
    var isSingleFit: Bool { populations.count == 1 && seeds == nil && folds == nil }

    /// The stem of the files of the fit with `populations` K and `seed`:
    /// `prefix.K`, or `prefix.K.sSEED` when several seeds are run (as
    /// fastmixture names its runs `.K3.s2`).
    func stem(prefix: String, populations: Int, seed: UInt64) -> String {
      seeds == nil ? "\(prefix).\(populations)" : "\(prefix).\(populations).s\(seed)"
    }
  }

  /// Reads the data once and fits every K (and seed) of `runs`, writing
  /// each fit's files as one fit writes them as soon as it ends, then
  /// reports a line per fit, the optima the seeds reached, and the
  /// held-out scores if asked.
  ///
  /// The options' `populations` and `seed` are replaced by each run's.
  /// A fit's files are committed when it ends, so an interruption keeps
  /// the fits done and leaves no half-written file.
  ///
  /// - Parameter progress: shows each fit's progress, if given.
  /// - Throws: ``PopMixError`` as ``run(progress:)`` does, checked for the
  ///   largest K before the first fit; for --trace with several fits, and
  ///   for seeds or folds with least squares.
  /// - Complexity: one fit per K and seed, plus folds × K warm-started
  ///   fold fits.
  public func run(_ runs: Runs, progress: ProgressLine? = nil) throws -> JobReport {
    var job = self
    job.options.populations = runs.populations.lowerBound
    if runs.isSingleFit { return try job.run(progress: progress) }
    if let reference {
      let setting: PopMixError.Setting = if case .supervised = reference { .supervised } else { .projection }
      throw PopMixError.badSetting(setting, "", .other(
        "--supervised and --projection fit one K from one seed (the reference fixes K and the populations' labels); give no range of K, --seeds or --cv with them"))
    }
    if tracePath != nil {
      throw PopMixError.badSetting(.populations, Self.rangeText(runs.populations), .other(
        "a trace records one fit; give one number of populations and no seeds or folds with --trace"))
    }
    if let leastSquares {
      if runs.seeds != nil || runs.folds != nil {
        throw PopMixError.badSetting(.loss, "squared", .other(
          "several seeds and cross-validation apply to the Poisson and binomial fits; least squares fits one K or a range of K"))
      }
      return try runLeastSquares(populations: runs.populations, options: leastSquares, progress: progress)
    }
    for populations in [runs.populations.lowerBound, runs.populations.upperBound] {
      var options = self.options
      options.populations = populations
      try options.validate()
    }
    let seeds = runs.seeds.map(Array.init) ?? [options.seed]
    let longest = runs.stem(prefix: prefix, populations: runs.populations.upperBound, seed: seeds.max()!)
    try OutputFiles.checkDestination(prefix, longestSuffix: String(longest.dropFirst(prefix.count)) + ".summary.json")
    switch input {
    case .table(let tableInput):
      let loaded = try tableInput.load()
      _ = try PoissonNMF.checkedLayout(loaded.table, populations: runs.populations.upperBound)
      return try job.runEach(runs, seeds: seeds, measure: .poisson, progress: progress) { options, observer in
        try FittedTable(tableInput, loaded: loaded, options: options, observer: observer)
      } crossValidate: { fits, scanOptions, onFit in
        try PopulationScan.run(loaded.table, options: scanOptions, progress: onFit, fitted: fits.mapValues(\.fit))
      }
    case .genotypes(let genotypeInput):
      let loaded = try genotypeInput.load()
      try BinomialAdmixture.checkShape(loaded.data.genotypes, populations: runs.populations.upperBound)
      return try job.runEach(runs, seeds: seeds, measure: .binomialDeviance, progress: progress) { options, observer in
        try FittedGenotypes(genotypeInput, loaded: loaded, options: options, observer: observer)
      } crossValidate: { fits, scanOptions, onFit in
        try PopulationScan.run(loaded.data.genotypes, options: scanOptions, progress: onFit, fitted: fits.mapValues(\.fit))
      }
    }
  }

  /// One fit's figures, as the report lists them.
  private struct RunLine {
    var populations: Int
    var seed: UInt64
    var logLikelihood: Double
    var iterations: Int
    var converged: Bool
    var seconds: Double
  }

  /// Fits and writes every run of `runs`, then cross-validates each K's
  /// best fit if asked, and reports.
  ///
  /// - Parameters:
  ///   - fit: fits the data already read with the given options.
  ///   - crossValidate: the scan over the K of `runs`, from the given fits.
  private func runEach<Fitted: FittedData>(
    _ runs: Runs, seeds: [UInt64], measure: ScanResult.Measure, progress: ProgressLine?,
    fit: (FitOptions, FitObserver?) throws -> Fitted,
    crossValidate: ([Int: Fitted], ScanOptions, (@Sendable (Int, Int) -> Void)?) throws -> ScanResult
  ) throws -> JobReport {
    var lines: [RunLine] = []
    var written = 0
    var perFit: [String] = []
    var warnings: [String] = []
    var best: [Int: Fitted] = [:]
    var optima: [(populations: Int, optima: DistinctOptima)] = []
    var header = ""
    for populations in runs.populations {
      var seedRuns: [DistinctOptima.Run] = []
      for seed in seeds {
        var options = self.options
        options.populations = populations
        options.seed = seed
        let fitted = try fit(options, progress?.fitObserver(restarts: options.restarts))
        let stem = runs.stem(prefix: prefix, populations: populations, seed: seed)
        let files = try write(fitted, options: options, stem: stem, progress: progress).files
        // Every fit writes the same files under its own stem: listed once, the stem as a pattern.
        if perFit.isEmpty {
          let pattern = runs.seeds == nil ? "\(prefix).K" : "\(prefix).K.sSEED"
          perFit = files.map { pattern + $0.dropFirst(stem.count) }
        }
        written += files.count
        if header.isEmpty {
          warnings = fitted.warnings
          header = "fit \(fitted.individuals.count) individuals x \(fitted.shape(populations: populations))"
            .replacingOccurrences(of: "with \(populations) populations", with: "with \(Self.rangeText(runs.populations)) populations")
            + ", \(runs.populations.count * seeds.count) fits\n"
        }
        let result = fitted.fit
        lines.append(RunLine(populations: populations, seed: seed, logLikelihood: result.logLikelihood,
                             iterations: result.iterations, converged: result.converged, seconds: result.seconds))
        if runs.seeds != nil {
          seedRuns.append(.init(seed: seed, logLikelihood: result.logLikelihood, proportions: fitted.proportions))
        }
        if runs.folds != nil, best[populations].map({ $0.fit.logLikelihood < result.logLikelihood }) ?? true {
          best[populations] = fitted
        }
      }
      if !seedRuns.isEmpty { optima.append((populations, DistinctOptima(seedRuns))) }
    }
    var text = header + "  log-likelihood: \(Fitted.logLikelihoodKind)\n\n" + Self.runTable(lines, seeds: runs.seeds != nil)
    for (populations, grouping) in optima {
      text += "\n" + Self.optimaLines(grouping, populations: populations, stem: runs.stem(prefix: prefix, populations: populations, seed: grouping.bestSeed))
    }
    var scanFile: String? = nil
    if let folds = runs.folds {
      let (scanText, scanWarnings, scanPath) = try scan(best, runs: runs, folds: folds, measure: measure,
                                                        progress: progress, crossValidate: crossValidate)
      text += "\nheld-out scores: " + scanText
      warnings += scanWarnings
      scanFile = scanPath
    }
    text += "\nwrote \(written) files, for each fit: \(perFit.joined(separator: " "))\n"
    if let scanFile { text += "wrote \(scanFile)\n" }
    return JobReport(text: text, warnings: warnings)
  }

  /// One line per fit: K, seed (with several), log-likelihood, iterations,
  /// whether it converged, and seconds.
  private static func runTable(_ lines: [RunLine], seeds: Bool) -> String {
    var text = "   K" + (seeds ? "      seed" : "") + "    log-likelihood  iterations  converged   seconds\n"
    for line in lines {
      text += Format.right(String(line.populations), 4)
        + (seeds ? Format.right(String(line.seed), 10) : "")
        + Format.right(Format.fixed(line.logLikelihood, 3), 18)
        + Format.right(String(line.iterations), 12)
        + Format.right(line.converged ? "yes" : "NO", 11)
        + Format.right(Format.fixed(line.seconds, 2), 10) + "\n"
    }
    return text
  }

  /// The optima the seeds of one K reached: how many, each one's best
  /// log-likelihood, size and gap to the best, and the best seed.
  private static func optimaLines(_ grouping: DistinctOptima, populations: Int, stem: String) -> String {
    let groups = grouping.groups
    let seedCount = groups.map(\.seeds.count).reduce(0, +)
    var text = "K=\(populations): \(seedCount) seeds reached \(groups.count) distinct optim\(groups.count == 1 ? "um" : "a")"
      + " (one optimum: log-likelihoods within \(Format.general(DistinctOptima.logLikelihoodTolerance))"
      + " and Q within \(Format.general(DistinctOptima.rmseTolerance)) RMSE after matching columns)\n"
    for (index, group) in groups.enumerated() {
      text += "  optimum \(index + 1): log-likelihood \(Format.fixed(group.logLikelihood, 3))"
        + (index == 0 ? " (best)" : ", \(Format.fixed(group.gap, 3)) below the best")
        + ", \(group.seeds.count) seed\(group.seeds.count == 1 ? "" : "s"): \(group.seeds.map(String.init).joined(separator: " "))"
        + (group.seeds.count > 1 ? "; Q within \(Format.fixed(group.largestRMSE, 4)) RMSE\n" : "\n")
    }
    text += "  best seed: \(grouping.bestSeed) (\(stem).Q.tsv)\n"
    return text
  }

  /// Cross-validates each K's best fit as `scan` does and writes the
  /// scan's JSON to `prefix.scan.json` (which `plot --scan` and `report`
  /// read).
  ///
  /// - Returns: the scan's table, its warnings and the JSON's path.
  private func scan<Fitted: FittedData>(
    _ best: [Int: Fitted], runs: Runs, folds: Int, measure: ScanResult.Measure, progress: ProgressLine?,
    crossValidate: ([Int: Fitted], ScanOptions, (@Sendable (Int, Int) -> Void)?) throws -> ScanResult
  ) throws -> (text: String, warnings: [String], path: String) {
    var scanOptions = ScanOptions(populations: runs.populations, restarts: options.restarts, folds: folds,
                                  seed: options.seed, tolerance: options.tolerance,
                                  maxIterations: options.maxIterations, threads: options.threads)
    scanOptions.algorithm = options.algorithm
    var onFit: (@Sendable (Int, Int) -> Void)? = nil
    if let line = progress {
      onFit = { done, total in line.update("cross-validation: \(done)/\(total) fits  \(Format.fixed(line.elapsed, 1)) s") }
    }
    let result = try crossValidate(best, scanOptions, onFit)
    progress?.finish()
    let path = prefix + ".scan.json"
    let summary = ScanJob.Summary(result, measure: measure, options: scanOptions, outputs: [path], command: command)
    var files = OutputFiles()
    files.add(path, Format.json(summary))
    try files.commit()
    return (ScanJob.table(result, measure: measure, options: scanOptions), summary.allWarnings, path)
  }

  /// `2-8`, or `3` for a range of one.
  static func rangeText(_ range: ClosedRange<Int>) -> String {
    range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
  }
}
