import Foundation

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
    /// For a VCF, the SNPs as read (dropped ones included), which `.P`'s
    /// lines follow and `PREFIX.K.P.snps` lists; nil for PLINK input, whose
    /// `.bim` is that list.
    public var snpList: [GenotypeData.Variant]? = nil
  }

  /// Reads the genotypes, drops SNPs with only one allele observed and
  /// checks that every individual has a call.
  ///
  /// A PLINK path ending in `.bed`, `.bim` or `.fam` (ADMIXTURE's habit)
  /// is read as the prefix without it, with a note, unless a file named
  /// `path.bed` exists.
  ///
  /// - Throws: ``PopMixError`` as the readers do, when the file has no SNP
  ///   record or only multi-allelic ones, when no SNP is left, or when an
  ///   individual has no call at all.
  public func load() throws -> Loaded {
    var warnings: [String] = []
    let read: GenotypeData
    switch format {
    case .plink:
      let prefix = Self.plinkPrefix(path)
      if prefix != path {
        warnings.append("--bfile takes the prefix of the three files: reading \(prefix).bed, \(prefix).bim and \(prefix).fam")
      }
      read = try GenotypeData.readPLINK(prefix: prefix)
    case .vcf:
      read = try GenotypeData.readVCF(path: path)
      if read.genotypes.snps == 0 {
        if read.skippedMultiallelic > 0 {
          throw PopMixError.badData("no biallelic SNP record: all \(read.skippedMultiallelic) records have more than two alleles, "
                             + "and popmix fits biallelic SNPs (split them into biallelic records with "
                             + "`bcftools norm -m -any`)", file: path)
        }
        throw PopMixError.badData("the VCF has no SNP records (no data line after its '#CHROM' header); there is nothing to fit",
                         file: path)
      }
    }
    let variantsRead = read.genotypes.snps
    if read.sampleIDs != read.samples.map(\.id) {
      warnings.append("\(read.source): some individual ids appear in more than one family; "
                        + "the .Q.tsv names each individual by family and id (\(QuotedText.excerpt(read.sampleIDs[0])), …)")
    }
    let data = read.droppingMonomorphic()
    let epsilon = GenotypeKernel.boundary
    var droppedFrequencies: [Int: Double] = [:]
    for snp in data.droppedSNPs {
      droppedFrequencies[snp.index] = snp.observedFrequency.map { $0 == 0 ? epsilon : 1 - epsilon } ?? 0.5
    }
    if data.skippedMultiallelic > 0 {
      warnings.append("\(read.source): skipped \(data.skippedMultiallelic) site(s) with more than two alleles")
    }
    if data.droppedMonomorphic > 0 {
      warnings.append("\(read.source): dropped \(data.droppedMonomorphic) SNP(s) with only one allele observed (or none) from the fit; they carry no information about ancestry (their .P rows hold the frequency bound that matches what was observed, 1e-05 or 1 - 1e-05, or 0.5 with no call, so .P still lines up with the SNP list)")
    }
    if data.genotypes.snps == 0 {
      throw PopMixError.badData("no SNP has both alleles observed (of the \(variantsRead) read); there is nothing to fit",
                       file: read.source)
    }
    try data.checkEveryIndividualObserved()
    return Loaded(data: data, warnings: warnings, variantsRead: variantsRead, droppedFrequencies: droppedFrequencies,
                  snpList: format == .vcf ? read.variants : nil)
  }

  /// `path` without a final `.bed`, `.bim` or `.fam`, unless `path.bed` exists.
  static func plinkPrefix(_ path: String) -> String {
    guard let plinkExtension = [".bed", ".bim", ".fam"].first(where: { path.lowercased().hasSuffix($0) }),
          !FileManager.default.fileExists(atPath: path + ".bed") else { return path }
    return String(path.dropLast(plinkExtension.count))
  }
}
