extension FitJob {
  /// Fits genotypes with `reference` held fixed: reference individuals'
  /// proportions, or an earlier fit's frequencies.
  ///
  /// - Throws: ``PopMixError`` as ``run(progress:)`` does, and when the
  ///   input is a count table, the labels or the panel cannot be read or
  ///   do not match the genotypes, or K is not the reference's.
  func run(reference: ReferenceInput, progress: ProgressLine?) throws -> JobReport {
    guard case .genotypes(let genotypes) = input else {
      let setting: PopMixError.Setting = if case .supervised = reference { .supervised } else { .projection }
      throw PopMixError.badSetting(setting, "", .other(
        "supervised mode and projection fit genotypes (PLINK or VCF), not count tables"))
    }
    var checked = options
    if checked.populations == 0 { checked.populations = 1 }
    try checked.validate()
    try OutputFiles.checkDestination(prefix, longestSuffix: ".\(Swift.max(options.populations, 100)).summary.json")
    if let tracePath { try OutputFiles.checkDestination(tracePath) }
    var options = self.options
    options.recordTrace = tracePath != nil
    switch reference {
    case .supervised(let labels):
      let fitted = try FittedSupervised(genotypes, labels: labels, options: &options, progress: progress)
      return try write(fitted, options: options, stem: "\(prefix).\(options.populations)", progress: progress).report
    case .projection(let path, let snps, let keepAmbiguous):
      let fitted = try FittedProjection(genotypes, panel: path, snps: snps, keepAmbiguous: keepAmbiguous,
                                        options: &options, progress: progress)
      return try write(fitted, options: options, stem: "\(prefix).\(options.populations)", progress: progress).report
    }
  }
}

/// Genotypes fitted with reference individuals' proportions held at their
/// population (one-hot), the columns named by the populations.
struct FittedSupervised: FittedData {
  let genotypes: FittedGenotypes
  let labels: ReferenceLabels

  /// Reads the genotypes and labels, sets K to the labels' number of
  /// populations when it is 0 (after checking it otherwise), and fits.
  init(_ input: GenotypeInput, labels path: String, options: inout FitOptions, progress: ProgressLine?) throws {
    let loaded = try input.load()
    labels = try ReferenceLabels.read(path: path, samples: loaded.data.samples, ids: loaded.data.sampleIDs)
    if options.populations == 0 { options.populations = labels.populations.count }
    try labels.check(populations: options.populations)
    // Held rows pin the columns' labels, so the fit runs once (the summary says so).
    options.restarts = 1
    let fixed = FixedParameters(proportions: labels.fixedProportions)
    let fit = try BinomialAdmixture.fit(loaded.data.genotypes, options: options, fixed: fixed,
                                        observer: progress?.fitObserver(restarts: options.restarts))
    genotypes = FittedGenotypes(input: input, loaded: loaded, fit: fit)
  }

  var path: String { genotypes.path }
  var fit: FitResult<AdmixtureModel> { genotypes.fit }
  var warnings: [String] { genotypes.warnings }
  var individuals: [String] { genotypes.individuals }
  var proportions: Matrix { genotypes.proportions }
  var summaryFields: FitJob.Summary.DataFields { genotypes.summaryFields }
  func shape(populations: Int) -> String { genotypes.shape(populations: populations) }
  static var logLikelihoodKind: String { FittedGenotypes.logLikelihoodKind }

  var populationNames: [String]? { labels.populations }

  var referenceFields: FitJob.Summary.ReferenceFields? {
    FitJob.Summary.ReferenceFields(mode: "supervised", path: labels.path, populations: labels.populations,
                                   layout: labels.layout, referenceIndividuals: labels.referenceCount)
  }

  var referenceLines: String {
    var counts = [Int](repeating: 0, count: labels.populations.count)
    for case let k? in labels.assignments { counts[k] += 1 }
    let each = zip(labels.populations, counts).map { "\($0) \($1)" }.joined(separator: ", ")
    return "  references      \(labels.referenceCount) individuals held at their population (\(each)), "
      + "from \(labels.path)\n"
  }

  /// Replicates hold the reference individuals as the fit did.
  func bootstrap(_ settings: BootstrapOptions, options: FitOptions, progress: ProgressLine?) -> BootstrapEstimate? {
    FitJob.bootstrapGenotypes(genotypes.loaded.data, fit: fit.model, settings: settings, options: options,
                              fixed: FixedParameters(proportions: labels.fixedProportions), progress: progress)
  }

  /// ADMIXTURE's `.Q` and `.P`, then Q with ids under the populations' names.
  func addModelFiles(to files: inout OutputFiles, stem: String) {
    let loaded = genotypes.loaded
    fit.model.addFiles(to: &files, stem: stem, individuals: loaded.data.sampleIDs, loaded: loaded,
                       populations: labels.populations)
  }
}

extension FittedGenotypes {
  /// Genotypes already read and fitted.
  init(input: GenotypeInput, loaded: GenotypeInput.Loaded, fit: FitResult<AdmixtureModel>) {
    self.input = input
    self.loaded = loaded
    self.fit = fit
  }
}
