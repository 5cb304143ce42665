/// The genotypes' SNPs paired with a panel's, by SNP id and alleles.
///
/// A SNP whose alleles are the panel's keeps its frequencies; one whose A1
/// and A2 are swapped (or whose alleles are the panel's complements, read
/// on the other strand) takes 1 − P. A/T and C/G SNPs cannot tell a strand
/// flip from a swap, so they are left out unless kept on trust in the
/// listed alleles; SNPs with other alleles are left out.
public struct SNPMatching: Sendable, Equatable {
  /// For each SNP used, its index in the genotypes, in genotype order.
  public var dataSNPs: [Int] = []
  /// For each SNP used, its row in the panel.
  public var panelRows: [Int] = []
  /// For each SNP used, whether its A1 is the panel's A2.
  public var flipped: [Bool] = []
  /// SNPs left out because they are strand-ambiguous (A/T or C/G).
  public var ambiguous = 0
  /// SNPs in both whose alleles do not match.
  public var alleleMismatches = 0
  /// Panel SNPs not in the genotypes.
  public var onlyInPanel = 0
  /// Genotype SNPs not in the panel (a repeated id counts after its first).
  public var onlyInData = 0

  /// Pairs `data`'s SNPs with `panel`'s by id.
  ///
  /// - Parameter keepAmbiguous: keep A/T and C/G SNPs, trusting that both
  ///   sides list their alleles on the same strand.
  /// - Complexity: O(data SNPs + panel SNPs).
  public init(data: [GenotypeData.Variant], panel: [GenotypeData.Variant], keepAmbiguous: Bool) {
    var rowOf: [String: Int] = [:]
    rowOf.reserveCapacity(panel.count)
    for (row, variant) in panel.enumerated() where rowOf[variant.id] == nil { rowOf[variant.id] = row }
    var used = Set<Int>()
    for (j, variant) in data.enumerated() {
      guard let row = rowOf[variant.id], used.insert(row).inserted else { onlyInData += 1; continue }
      let reference = panel[row]
      guard let flip = Self.orientation(variant, against: reference) else { alleleMismatches += 1; continue }
      if Self.isAmbiguous(variant) && !keepAmbiguous { ambiguous += 1; continue }
      dataSNPs.append(j)
      panelRows.append(row)
      flipped.append(flip)
    }
    onlyInPanel = panel.count - used.count
  }

  /// SNPs used.
  public var matched: Int { dataSNPs.count }
  /// SNPs used with P ↦ 1 − P.
  public var flippedCount: Int { flipped.count { $0 } }

  /// The panel's frequencies for the SNPs used, in genotype order, flipped
  /// where A1 and A2 are swapped.
  public func frequencies(from panel: Matrix) -> Matrix {
    var result = Matrix(rows: matched, columns: panel.columns)
    for (r, row) in panelRows.enumerated() {
      for k in 0..<panel.columns { result[r, k] = flipped[r] ? 1 - panel[row, k] : panel[row, k] }
    }
    return result
  }

  /// Whether `variant`'s A1 is `reference`'s A2 (true), its A1 (false), or
  /// neither (nil); alleles are compared without case, and on the other
  /// strand when they differ as given.
  static func orientation(_ variant: GenotypeData.Variant, against reference: GenotypeData.Variant) -> Bool? {
    let a1 = variant.firstAllele.uppercased(), a2 = variant.secondAllele.uppercased()
    let r1 = reference.firstAllele.uppercased(), r2 = reference.secondAllele.uppercased()
    if a1 == r1 && a2 == r2 { return false }
    if a1 == r2 && a2 == r1 { return true }
    guard let c1 = complement(r1), let c2 = complement(r2) else { return nil }
    if a1 == c1 && a2 == c2 { return false }
    if a1 == c2 && a2 == c1 { return true }
    return nil
  }

  /// A/T, T/A, C/G or G/C: the pair reads the same on both strands.
  static func isAmbiguous(_ variant: GenotypeData.Variant) -> Bool {
    complement(variant.firstAllele.uppercased()) == variant.secondAllele.uppercased()
  }

  /// The base on the other strand.
  private static func complement(_ base: String) -> String? {
    switch base {
    case "A": "T"
    case "T": "A"
    case "C": "G"
    case "G": "C"
    default: nil
    }
  }
}
