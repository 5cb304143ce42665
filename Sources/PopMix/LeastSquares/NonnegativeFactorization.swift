/// A least-squares NMF, V ≈ W H with W, H ≥ 0: W is individuals by r,
/// H is r by loci.
///
/// The product W H does not change when a column of W is multiplied by
/// c > 0 and the matching row of H divided by it; popmix fixes that freedom
/// by giving every non-zero row of H a mean of 1, so that W is in the
/// data's units and the row-normalised W compares the components fairly.
public struct NonnegativeFactorization: Sendable, Equatable {
  /// Individuals by components.
  public var W: Matrix
  /// Components by loci.
  public var H: Matrix

  /// - Precondition: W's columns match H's rows.
  public init(W: Matrix, H: Matrix) {
    precondition(W.columns == H.rows, "W's columns must match H's rows")
    self.W = W
    self.H = H
  }

  /// The number of components, r.
  public var populations: Int { W.columns }

  /// The row-normalised W, each row summing to one: the share of each
  /// component in an individual's fitted values. A row of W that is all
  /// zero (an individual with no signal) gets equal shares.
  ///
  /// These are shares of a least-squares fit, not the proportions of an
  /// admixture model: mixed rows can appear where the data hold separate
  /// clusters and no mixture (docs/model.md).
  public var admixtureProportions: Matrix {
    var q = W
    let r = populations
    for i in 0..<q.rows {
      let total = W.row(i).reduce(0, +)
      for k in 0..<r { q.elements[i * r + k] = total > 0 ? W[i, k] / total : 1 / Double(r) }
    }
    return q
  }

  /// W H at one entry.
  public func fitted(individual i: Int, locus j: Int) -> Double {
    var sum = 0.0
    for k in 0..<populations { sum += W[i, k] * H[k, j] }
    return sum
  }

  /// The same product with every non-zero row of H scaled to mean 1 (W's
  /// columns scaled the other way) and the components ordered by
  /// decreasing mean share, as the count fit orders its populations.
  func normalized() -> NonnegativeFactorization {
    var w = W, h = H
    let r = populations, n = W.rows, m = H.columns
    for k in 0..<r {
      let mean = h.row(k).reduce(0, +) / Double(m)
      guard mean > 0 else { continue }
      for j in 0..<m { h.elements[k * m + j] /= mean }
      for i in 0..<n { w.elements[i * r + k] *= mean }
    }
    let shares = NonnegativeFactorization(W: w, H: h).admixtureProportions.columnSums()
    // Ties keep their index order, so equal shares sort the same every run.
    let order = (0..<r).sorted { shares[$0] > shares[$1] || shares[$0] == shares[$1] && $0 < $1 }
    return NonnegativeFactorization(W: w.selectingColumns(order), H: h.selectingRows(order))
  }
}
