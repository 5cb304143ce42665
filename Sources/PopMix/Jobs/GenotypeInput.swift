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

  /// Reads the genotypes, drops SNPs with only one allele observed and
  /// checks that every individual has a call.
  ///
  /// - Returns: the data and warnings on what was dropped or skipped.
  /// - Throws: ``InputError`` as the readers do, when no SNP is left, or
  ///   when an individual has no call at all.
  public func load() throws -> (data: GenotypeData, warnings: [String]) {
    let read = switch format {
    case .plink: try GenotypeData.readPLINK(prefix: path)
    case .vcf: try GenotypeData.readVCF(path: path)
    }
    let data = read.droppingMonomorphic()
    var warnings: [String] = []
    if data.skippedMultiallelic > 0 {
      warnings.append("\(path): skipped \(data.skippedMultiallelic) site(s) with more than two alleles")
    }
    if data.droppedMonomorphic > 0 {
      warnings.append("\(path): dropped \(data.droppedMonomorphic) SNP(s) with only one allele observed (or none); they carry no information about ancestry")
    }
    if data.genotypes.snps == 0 {
      throw InputError("no SNP has both alleles observed; there is nothing to fit", file: path)
    }
    try data.checkEveryIndividualObserved()
    return (data, warnings)
  }
}
