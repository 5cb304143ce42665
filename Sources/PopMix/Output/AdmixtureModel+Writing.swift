extension AdmixtureModel {
  /// ADMIXTURE's `.Q` file: one line per individual, K proportions separated
  /// by single spaces, six decimals, no header (pong, pophelper and CLUMPP
  /// read it).
  public var qFileText: String { Self.plainMatrix(Q) }

  /// ADMIXTURE's `.P` file: one line per SNP, the K populations' frequencies
  /// of its A1 allele, six decimals, no header.
  public var pFileText: String { Self.plainMatrix(P) }

  /// The `.P` file of a fit from which SNPs were dropped: one line per SNP
  /// as read, the dropped ones holding their given frequency in every
  /// population, so that line j still belongs to the j-th `.bim` SNP.
  ///
  /// - Precondition: `variants - dropped.count` is the model's number of SNPs.
  public func pFileText(variants: Int, dropped: [Int: Double]) -> String {
    precondition(variants - dropped.count == snps, "The dropped SNPs and the model's do not add up")
    guard !dropped.isEmpty else { return pFileText }
    var full = Matrix(rows: variants, columns: populations)
    var fitted = 0
    for j in 0..<variants {
      if let frequency = dropped[j] {
        for k in 0..<populations { full[j, k] = frequency }
      } else {
        for k in 0..<populations { full[j, k] = P[fitted, k] }
        fitted += 1
      }
    }
    return Self.plainMatrix(full)
  }

  /// Q with ids, as popmix's other commands read it (`PREFIX.Q.tsv`);
  /// columns `pop0, pop1, …` unless named.
  public func proportionsTSV(individuals ids: [String], populations names: [String]? = nil) -> String {
    TSV.proportions(Q, individuals: ids, populations: names)
  }

  /// Rows of space-separated six-decimal numbers.
  private static func plainMatrix(_ matrix: Matrix) -> String {
    var text = ""
    text.reserveCapacity(matrix.rows * matrix.columns * 9)
    for row in 0..<matrix.rows {
      text += matrix.row(row).map(TSV.proportion).joined(separator: " ")
      text += "\n"
    }
    return text
  }
}

extension AdmixtureModel {
  /// Stages ADMIXTURE's `stem.Q` and `stem.P`, then Q with ids as
  /// `stem.Q.tsv`, and for a VCF the SNP list `.P` follows, `stem.P.snps`.
  ///
  /// `.P` has a line per SNP as read, the dropped ones included
  /// (``pFileText(variants:dropped:)``): a `.bim`'s lines for PLINK input;
  /// for a VCF, whose skipped sites (more than two alleles) leave no line,
  /// `stem.P.snps` in `.bim` layout says which SNP each line is.
  ///
  /// - Parameters:
  ///   - stem: the names without suffix, `prefix.K` (K in every name).
  ///   - loaded: the genotypes as read: how many SNPs, which were dropped
  ///     and with what frequency, and the VCF's SNP list.
  ///   - names: the `.Q.tsv` header's population names, if not `pop0, pop1, …`.
  func addFiles(to files: inout OutputFiles, stem: String, individuals ids: [String], loaded: GenotypeInput.Loaded,
                populations names: [String]? = nil) {
    files.add("\(stem).Q", qFileText)
    files.add("\(stem).P", pFileText(variants: loaded.variantsRead, dropped: loaded.droppedFrequencies))
    files.add("\(stem).Q.tsv", proportionsTSV(individuals: ids, populations: names))
    if let snps = loaded.snpList { files.add("\(stem).P.snps", GenotypeData.bimText(snps)) }
  }
}
