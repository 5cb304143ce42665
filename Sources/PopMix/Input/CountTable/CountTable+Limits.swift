extension CountTable {
  /// The largest count a table may hold: 10^9.
  ///
  /// Far above any real allele count or read depth, and low enough that the
  /// fit's arithmetic stays exact or well conditioned: a locus's counts sum
  /// exactly in a Double (10^9 times a million individuals is below 2^53),
  /// and the Poisson terms V log λ and log V! keep their precision. Larger
  /// values (2^53 + 1, 10^20, 10^308) would be rounded or overflow and give
  /// a meaningless fit, so the reader refuses them.
  public static let maximumCount: Double = 1_000_000_000
}
