extension FitJob.Summary {
  /// What a summary records of a supervised fit or a projection (its
  /// `reference` object).
  public struct ReferenceFields: Sendable, Codable, Equatable {
    /// `supervised` or `projection`.
    public var mode: String
    /// The labels file, or the `.P` file.
    public var path: String
    /// The populations, in column order (named by the labels; `pop0, …`
    /// for a projection).
    public var populations: [String]
    /// Supervised: the labels file's layout and the reference individuals.
    public var layout: ReferenceLabels.Layout?
    public var referenceIndividuals: Int?
    /// Projection: the SNP list and how the SNPs matched.
    public var snpList: String?
    public var snpsMatched: Int?
    public var snpsFlipped: Int?
    public var snpsAmbiguousDropped: Int?
    public var snpsAlleleMismatch: Int?
    public var snpsOnlyInPanel: Int?
    public var snpsOnlyInData: Int?
  }
}
