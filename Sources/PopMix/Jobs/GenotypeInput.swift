/// Genotypes to read: a PLINK 1 binary set or a VCF file.
public struct GenotypeInput: Sendable, Equatable {
  /// The file formats popmix reads genotypes from.
  public enum Format: String, Sendable, Codable {
    /// PLINK 1 binary: PREFIX.bed, PREFIX.bim, PREFIX.fam.
    case plink
    /// VCF, plain or gzip/bgzip-compressed; the `GT` field of biallelic sites.
    case vcf
  }

  public var format: Format
  /// The `.bed` prefix or the VCF path.
  public var path: String

  public init(format: Format, path: String) {
    self.format = format
    self.path = path
  }

  /// Genotypes ready to fit, and what was set aside on the way.
  public struct Loaded: Sendable {
    /// The polymorphic SNPs' data.
    public var data: GenotypeData
    /// Warnings on what was dropped or skipped.
    public var warnings: [String]
    /// The SNPs as read (before dropping), in file order.
    public var variantsRead: Int
    /// For each dropped SNP (by its index as read), the frequency of A1 it
    /// gets in every population of `.P`: the bound ε if A1 was never seen,
    /// 1 − ε if nothing else was, ½ if the SNP had no call. These are the
    /// maximum-likelihood values under the bounds, and they keep `.P` in
    /// line with the `.bim` file, as ADMIXTURE's `.P` is.
    public var droppedFrequencies: [Int: Double]
  }

  /// Reads the genotypes, drops SNPs with only one allele observed and
  /// checks that every individual has a call.
  ///
  /// - Throws: ``InputError`` as the readers do, when no SNP is left, or
  ///   when an individual has no call at all.
  public func load() throws -> Loaded {
    let read = switch format {
    case .plink: try GenotypeData.readPLINK(prefix: path)
    case .vcf: try GenotypeData.readVCF(path: path)
    }
    let variantsRead = read.genotypes.snps
    let data = read.droppingMonomorphic()
    let epsilon = GenotypeKernel.boundary
    var droppedFrequencies: [Int: Double] = [:]
    for snp in data.droppedSNPs {
      droppedFrequencies[snp.index] = snp.observedFrequency.map { $0 == 0 ? epsilon : 1 - epsilon } ?? 0.5
    }
    var warnings: [String] = []
    if data.skippedMultiallelic > 0 {
      warnings.append("\(path): skipped \(data.skippedMultiallelic) site(s) with more than two alleles")
    }
    if data.droppedMonomorphic > 0 {
      warnings.append("\(path): dropped \(data.droppedMonomorphic) SNP(s) with only one allele observed (or none) from the fit; they carry no information about ancestry (their .P rows hold the frequency bound that matches what was observed, 1e-05 or 1 - 1e-05, or 0.5 with no call, so .P still lines up with the SNP list)")
    }
    if data.genotypes.snps == 0 {
      throw InputError("no SNP has both alleles observed; there is nothing to fit", file: path)
    }
    try data.checkEveryIndividualObserved()
    return Loaded(data: data, warnings: warnings, variantsRead: variantsRead, droppedFrequencies: droppedFrequencies)
  }
}
