/// An individual whose largest admixture proportion is below a threshold.
public struct HybridCall: Sendable, Equatable, Codable {
  /// The individual's id.
  public var id: String
  /// Its two main populations (column indices, from 0), largest first.
  public var populations: [Int]
  /// Their proportions, in the same order.
  public var proportions: [Double]
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
      return HybridCall(id: individuals[i], populations: [order[0], order[1]],
                        proportions: [row[order[0]], row[order[1]]])
    }
  }
}
