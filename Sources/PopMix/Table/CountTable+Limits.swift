extension CountTable {
  /// The largest count popmix accepts in a table: 10⁹.
  ///
  /// Far above any real allele count, and small enough that a locus's
  /// total over millions of individuals is an exact `Double` and the
  /// Poisson terms (v log λ, log v!) keep their precision.
  public static let maximumCount: Double = 1_000_000_000
}
