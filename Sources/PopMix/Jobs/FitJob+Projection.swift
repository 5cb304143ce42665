/// Genotypes whose proportions are fitted with P held at an earlier fit's
/// frequencies (projection): one concave problem per individual.
struct FittedProjection: FittedData {
  let input: GenotypeInput
  let data: GenotypeData
  let panel: FrequencyPanel
  let matching: SNPMatching
  let names: [String]
  let fit: FitResult<AdmixtureModel>

  /// Reads the panel, then the genotypes (every SNP: with P fixed, a SNP
  /// where the new individuals show one allele still tells their
  /// ancestry), matches the SNPs, sets K to the panel's when it is 0 (after
  /// checking it otherwise) and fits Q.
  init(_ input: GenotypeInput, panel path: String, snps: String?, keepAmbiguous: Bool,
       options: inout FitOptions, progress: ProgressLine?) throws {
    self.input = input
    guard let snpsPath = snps ?? FrequencyPanel.defaultSNPList(for: path) else {
      throw PopMixError.badData("no SNP list beside it (looked for "
                                  + FrequencyPanel.defaultSNPListCandidates(for: path).joined(separator: " and ")
                                  + "); name the .bim or .P.snps file its lines follow", file: path)
    }
    panel = try FrequencyPanel.read(path: path, snpsPath: snpsPath)
    if options.populations == 0 { options.populations = panel.populations }
    guard options.populations == panel.populations else {
      throw PopMixError.badSetting(.populations, options.populations, .other(
        "K is \(options.populations) but \(path) holds \(panel.populations) frequencies per SNP (leave the number "
          + "of populations unset to take it from the file)"))
    }
    names = panel.populationNames
    var data = try Self.read(input)
    matching = SNPMatching(data: data.variants, panel: panel.variants, keepAmbiguous: keepAmbiguous)
    guard matching.matched > 0 else {
      throw PopMixError.badData("no SNP in common with the panel \(path) (\(Self.matchingText(matching)))",
                                file: data.source)
    }
    var keep = [Bool](repeating: false, count: data.genotypes.snps)
    for j in matching.dataSNPs { keep[j] = true }
    data.genotypes.keepSNPs(keep)
    data.variants = matching.dataSNPs.map { data.variants[$0] }
    try data.checkEveryIndividualObserved()
    self.data = data
    options.restarts = 1
    let fixed = FixedParameters(frequencies: matching.frequencies(from: panel.frequencies))
    fit = try BinomialAdmixture.fit(data.genotypes, options: options, fixed: fixed,
                                    observer: progress?.fitObserver(restarts: 1))
  }

  /// The genotypes as read, with no SNP dropped.
  private static func read(_ input: GenotypeInput) throws -> GenotypeData {
    switch input.format {
    case .plink: try GenotypeData.readPLINK(prefix: GenotypeInput.plinkPrefix(input.path))
    case .vcf: try GenotypeData.readVCF(path: input.path)
    }
  }

  /// The matching's counts in words.
  static func matchingText(_ matching: SNPMatching) -> String {
    "\(matching.matched) matched (\(matching.flippedCount) with A1 and A2 swapped), "
      + "\(matching.ambiguous) strand-ambiguous (A/T, C/G) left out, "
      + "\(matching.alleleMismatches) with other alleles left out, "
      + "\(matching.onlyInPanel) only in the panel, \(matching.onlyInData) only in the genotypes"
  }

  var path: String { input.path }
  var warnings: [String] {
    data.skippedMultiallelic > 0
      ? ["\(data.source): skipped \(data.skippedMultiallelic) site(s) with more than two alleles"] : []
  }
  var individuals: [String] { data.sampleIDs }
  var proportions: Matrix { fit.model.Q }
  var summaryFields: FitJob.Summary.DataFields {
    .genotypes(.init(format: input.format, snps: data.genotypes.snps, droppedMonomorphic: 0,
                     skippedMultiallelic: data.skippedMultiallelic, missingCalls: data.genotypes.missingCount))
  }
  func shape(populations: Int) -> String {
    "\(data.genotypes.snps) SNPs with \(populations) populations (binomial model, P fixed from \(panel.path))"
  }
  static var logLikelihoodKind: String { FittedGenotypes.logLikelihoodKind }

  var populationNames: [String]? { names }

  var referenceFields: FitJob.Summary.ReferenceFields? {
    FitJob.Summary.ReferenceFields(
      mode: "projection", path: panel.path, populations: names, snpList: panel.snpsPath,
      snpsMatched: matching.matched, snpsFlipped: matching.flippedCount, snpsAmbiguousDropped: matching.ambiguous,
      snpsAlleleMismatch: matching.alleleMismatches, snpsOnlyInPanel: matching.onlyInPanel,
      snpsOnlyInData: matching.onlyInData)
  }

  var referenceLines: String { "  panel SNPs      \(Self.matchingText(matching))\n" }

  /// Replicates hold the panel's frequencies, resampled with the SNPs:
  /// the errors are those of Q given the panel (P's own error not included).
  func bootstrap(_ settings: BootstrapOptions, options: FitOptions, progress: ProgressLine?) -> BootstrapEstimate? {
    FitJob.bootstrapGenotypes(data, fit: fit.model, settings: settings, options: options,
                              fixed: FixedParameters(frequencies: fit.model.P), progress: progress)
  }

  /// ADMIXTURE's `.Q` and Q with ids; no `.P`, which is the panel's.
  func addModelFiles(to files: inout OutputFiles, stem: String) {
    files.add("\(stem).Q", fit.model.qFileText)
    files.add("\(stem).Q.tsv", fit.model.proportionsTSV(individuals: data.sampleIDs, populations: names))
  }
}
