/// How well a fit recovered a simulation's truth.
public struct TruthComparison: Sendable, Equatable, Codable {
  /// Root mean squared difference between estimated and true admixture
  /// proportions, over all individuals and populations, after the best
  /// matching of populations.
  public var proportionRMSE: Double
  /// The largest absolute difference of one proportion after matching.
  public var proportionMaxError: Double
  /// The estimate's population matched to each true population.
  public var matching: [Int]
  /// Hybrid calls at the threshold, when labels were given.
  public var hybrids: HybridAccuracy?

  /// Hybrid calls scored against the labels.
  public struct HybridAccuracy: Sendable, Equatable, Codable {
    public var threshold: Double
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    /// Of the individuals called hybrid, the share that are; 1 when none is called.
    public var precision: Double {
      truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    /// Of the true hybrids, the share called; 1 when there are none.
    public var recall: Double {
      truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }

    private enum CodingKeys: String, CodingKey {
      case threshold, truePositives, falsePositives, falseNegatives, precision, recall
    }

    /// Encodes the counts and the precision and recall derived from them.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(threshold, forKey: .threshold)
      try container.encode(truePositives, forKey: .truePositives)
      try container.encode(falsePositives, forKey: .falsePositives)
      try container.encode(falseNegatives, forKey: .falseNegatives)
      try container.encode(precision, forKey: .precision)
      try container.encode(recall, forKey: .recall)
    }

    public init(threshold: Double, truePositives: Int, falsePositives: Int, falseNegatives: Int) {
      self.threshold = threshold
      self.truePositives = truePositives
      self.falsePositives = falsePositives
      self.falseNegatives = falseNegatives
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      self.init(threshold: try container.decode(Double.self, forKey: .threshold),
                truePositives: try container.decode(Int.self, forKey: .truePositives),
                falsePositives: try container.decode(Int.self, forKey: .falsePositives),
                falseNegatives: try container.decode(Int.self, forKey: .falseNegatives))
    }
  }

  /// Compares `estimate` with `truth` (and, given labels, the hybrid calls
  /// at `threshold` with the true hybrids).
  ///
  /// - Throws: ``PopMixError`` when the two tables do not list the same
  ///   individuals with the same number of populations.
  public init(estimate: ProportionTable, truth: ProportionTable,
              labels: [IndividualLabel]? = nil, threshold: Double = 0.9) throws {
    guard estimate.proportions.columns == truth.proportions.columns else {
      throw PopMixError.badData("the estimate has \(estimate.proportions.columns) populations and the truth \(truth.proportions.columns); compare fits of the true number")
    }
    guard estimate.individuals == truth.individuals else {
      throw PopMixError.badData("the estimate and the truth do not list the same individuals in the same order")
    }
    (matching, proportionRMSE, proportionMaxError) =
      ColumnMatching.matchedErrors(estimate: estimate.proportions, truth: truth.proportions)
    if let labels {
      let known = Dictionary(labels.map { ($0.id, $0.status) }, uniquingKeysWith: { first, _ in first })
      let called = Set(estimate.hybrids(threshold: threshold).map(\.id))
      var accuracy = HybridAccuracy(threshold: threshold, truePositives: 0, falsePositives: 0, falseNegatives: 0)
      for id in estimate.individuals {
        guard let status = known[id] else {
          throw PopMixError.badData("individual '\(id)' is not in the labels file")
        }
        switch (status == .hybrid, called.contains(id)) {
        case (true, true): accuracy.truePositives += 1
        case (false, true): accuracy.falsePositives += 1
        case (true, false): accuracy.falseNegatives += 1
        case (false, false): break
        }
      }
      hybrids = accuracy
    } else {
      hybrids = nil
    }
  }
}
