/// An individual whose largest admixture proportion is below a threshold.
public struct HybridCall: Sendable, Equatable, Codable {
  /// The individual's id.
  public var id: String
  /// Its two main populations (column indices, from 0), largest first.
  public var populations: [Int]
  /// Their proportions, in the same order.
  public var proportions: [Double]
  /// The share of bootstrap replicates in which the individual's largest
  /// proportion is below the threshold too, when replicates were read.
  public var support: Double? = nil
  /// What the proportions look like, on genotype data.
  public var mixture: MixtureKind? = nil

  public init(id: String, populations: [Int], proportions: [Double]) {
    self.id = id
    self.populations = populations
    self.proportions = proportions
  }
}

extension ProportionTable {
  /// The individuals whose largest proportion is below `threshold`, in
  /// file order.
  ///
  /// - Precondition: `threshold` lies in (0, 1]; with one population there
  ///   are no hybrids.
  public func hybrids(threshold: Double) -> [HybridCall] {
    precondition(threshold > 0 && threshold <= 1, "The threshold must lie in (0, 1]")
    guard proportions.columns >= 2 else { return [] }
    return individuals.indices.compactMap { i in
      let row = Array(proportions.row(i))
      let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
      guard row[order[0]] < threshold else { return nil }
      var call = HybridCall(id: individuals[i], populations: [order[0], order[1]],
                            proportions: [row[order[0]], row[order[1]]])
      call.mixture = MixtureKind(sortedProportions: order.map { row[$0] })
      return call
    }
  }
}

extension ProportionTable {
  /// For each of `calls`, the share of `replicates` in which that
  /// individual's largest proportion is below `threshold`.
  ///
  /// The replicates are matched to this table's individuals by id, or by
  /// order when the table has no ids of its own (ADMIXTURE's `.Q`) and as
  /// many rows.
  ///
  /// - Throws: ``PopMixError`` naming `replicatesPath` when the replicates'
  ///   individuals or populations do not match this table's.
  /// - Complexity: O(B n K).
  public func support(of calls: [HybridCall], threshold: Double, replicates: BootstrapReplicates,
                      replicatesPath: String) throws -> [Double] {
    let columns = replicates.replicates.first?.columns ?? 0
    guard columns == proportions.columns else {
      throw PopMixError.badData("the replicates have \(columns) populations and the proportions \(proportions.columns); "
                                  + "they must come from the same fit", file: replicatesPath)
    }
    var rowOf = Dictionary(replicates.individuals.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    if let missing = calls.first(where: { rowOf[$0.id] == nil }) {
      // A file without ids (ADMIXTURE's .Q) got generated ones: match by order.
      guard individuals == CountTable.defaultIndividualNames(individuals.count),
            replicates.individuals.count == individuals.count else {
        throw PopMixError.badData("individual '\(missing.id)' has no row in the replicates; they must come from the same fit",
                                  file: replicatesPath)
      }
      rowOf = Dictionary(individuals.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
    return calls.map { call in
      let i = rowOf[call.id]!
      let below = replicates.replicates.filter { $0.row(i).max()! < threshold }.count
      return Double(below) / Double(replicates.replicates.count)
    }
  }
}
