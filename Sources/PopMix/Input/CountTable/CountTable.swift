/// Derived-allele counts: individuals by loci, with names.
///
/// Missing entries are stored as NaN in ``counts``; every other entry is a
/// non-negative whole number.
public struct CountTable: Sendable, Equatable {
  /// One id per individual (row).
  public var individuals: [String]
  /// One name per locus (column).
  public var loci: [String]
  /// The counts, individuals by loci; NaN marks a missing entry.
  public var counts: Matrix

  /// Creates a table.
  ///
  /// - Precondition: the names match the matrix's shape.
  public init(individuals: [String], loci: [String], counts: Matrix) {
    precondition(individuals.count == counts.rows, "One id per row is needed")
    precondition(loci.count == counts.columns, "One locus name per column is needed")
    self.individuals = individuals
    self.loci = loci
    self.counts = counts
  }

  /// The number of individuals.
  public var individualCount: Int { counts.rows }
  /// The number of loci.
  public var locusCount: Int { counts.columns }
  /// The number of missing entries.
  public var missingCount: Int { counts.elements.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

  /// The total of the observed counts at each locus.
  public func locusTotals() -> [Double] {
    var totals = [Double](repeating: 0, count: locusCount)
    for i in 0..<individualCount {
      for j in 0..<locusCount {
        let value = counts.elements[i * locusCount + j]
        if !value.isNaN { totals[j] += value }
      }
    }
    return totals
  }

  /// The table without the loci whose observed counts are all zero (or all
  /// missing), and the names of the loci dropped.
  ///
  /// Such a locus carries no information about W and makes H's column
  /// undefined (0/0), so the fit cannot use it.
  public func droppingEmptyLoci() -> (table: CountTable, dropped: [String]) {
    let totals = locusTotals()
    let kept = totals.indices.filter { totals[$0] > 0 }
    guard kept.count < locusCount else { return (self, []) }
    let dropped = totals.indices.filter { totals[$0] <= 0 }.map { loci[$0] }
    let table = CountTable(individuals: individuals,
                           loci: kept.map { loci[$0] },
                           counts: counts.selectingColumns(kept))
    return (table, dropped)
  }

  static func defaultIndividualNames(_ count: Int) -> [String] { numberedNames("ind", count: count) }
  static func defaultLocusNames(_ count: Int) -> [String] { numberedNames("L", count: count) }

  /// `prefix` followed by 1…count, zero-padded to a common width so that the
  /// names sort in order (`ind001` … `ind120`).
  static func numberedNames(_ prefix: String, count: Int) -> [String] {
    let width = String(count).count
    return (1...max(count, 1)).prefix(count).map { k in
      let digits = String(k)
      return prefix + String(repeating: "0", count: width - digits.count) + digits
    }
  }
}
