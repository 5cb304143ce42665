extension AdmixtureModel {
  /// ADMIXTURE's `.Q` file: one line per individual, K proportions separated
  /// by single spaces, six decimals, no header (pong, pophelper and CLUMPP
  /// read it).
  public var qFileText: String { Self.plainMatrix(Q) }

  /// ADMIXTURE's `.P` file: one line per SNP, the K populations' frequencies
  /// of its A1 allele, six decimals, no header.
  public var pFileText: String { Self.plainMatrix(P) }

  /// Q with ids, as popmix's other commands read it (`PREFIX.Q.tsv`).
  public func proportionsTSV(individuals ids: [String]) -> String {
    TSV.proportions(Q, individuals: ids)
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
