import Foundation

/// PLINK 2's `.eigenvec` and `.eigenval` layouts, which `plink2`, R and
/// Python readers of PLINK output (and `popmix plot --pca`) read.
extension PrincipalComponents {
  /// The `.eigenvec` text: a header `#FID IID PC1 …` (or `#IID PC1 …` when
  /// `families` is nil), then one tab-separated line per individual.
  ///
  /// - Precondition: one id (and one family, when given) per individual.
  public func eigenvecText(ids: [String], families: [String]? = nil) -> String {
    precondition(ids.count == eigenvectors.rows, "One id per individual is needed")
    precondition(families == nil || families!.count == ids.count, "One family per individual is needed")
    let components = (1...eigenvectors.columns).map { "PC\($0)" }
    var text = ((families == nil ? ["#IID"] : ["#FID", "IID"]) + components).joined(separator: "\t") + "\n"
    for i in 0..<ids.count {
      let values = eigenvectors.row(i).map(Self.number)
      text += ((families.map { [$0[i]] } ?? []) + [ids[i]] + values).joined(separator: "\t") + "\n"
    }
    return text
  }

  /// The `.eigenval` text: one eigenvalue per line, largest first.
  public var eigenvalText: String {
    eigenvalues.map { Self.number($0) + "\n" }.joined()
  }

  /// Six significant digits, as PLINK writes them.
  private static func number(_ value: Double) -> String { String(format: "%.6g", value) }
}
