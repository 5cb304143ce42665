import PopMix

extension PopMixError.Setting {
  /// The command-line option that sets it.
  var flag: String {
    switch self {
    case .populations: "--populations"
    case .restarts: "--restarts"
    case .tolerance: "--tolerance"
    case .maxIterations: "--max-iterations"
    case .threads: "--threads"
    case .candidateStarts: "--candidate-starts"
    case .folds: "--folds"
    case .algorithm: "--algorithm"
    case .individuals: "--individuals"
    case .loci: "--loci"
    case .hybrids: "--hybrids"
    case .alpha: "--alpha"
    case .hybridMix: "--hybrid-mix"
    case .fst: "--fst"
    case .depth: "--depth"
    case .threshold: "--threshold"
    case .modeThreshold: "--mode-threshold"
    case .colourComponent: "--pca-colour"
    case .groupColumn: "--group-column"
    case .loss: "--loss"
    case .l2: "--l2"
    case .learningRate: "--learning-rate"
    case .epochs: "--epochs"
    case .components: "--components"
    case .bootstrap: "--bootstrap"
    case .blockBases: "--bootstrap-block"
    case .blockSNPs: "--bootstrap-block-snps"
    case .minSupport: "--min-support"
    case .supervised: "--supervised"
    case .projection: "--projection"
    }
  }
}

extension PopMixError.GenotypeHint {
  /// The advice as the command gives it, naming its options for PLINK
  /// files and VCF files.
  func advice(naming plinkFlag: String, _ vcfFlag: String) -> String {
    switch self {
    case .plink(let prefix?): ": for genotypes give \(plinkFlag) \(prefix)"
    case .plink(nil): ": for genotypes give \(plinkFlag) PREFIX, with PREFIX.bed, PREFIX.bim and PREFIX.fam"
    case .vcf(let path): ": for genotypes give \(vcfFlag) \(path)"
    case .gzippedVCF: " (a gzipped VCF is read with \(vcfFlag))"
    }
  }
}
