/// `popmix compare`: scores a fit's proportions against a simulation's truth.
public struct CompareJob: Sendable {
  public var estimatePath: String
  public var truthPath: String
  public var labelsPath: String?
  public var threshold: Double
  public var json: Bool

  public init(estimatePath: String, truthPath: String, labelsPath: String? = nil,
              threshold: Double = 0.9, json: Bool = false) {
    self.estimatePath = estimatePath
    self.truthPath = truthPath
    self.labelsPath = labelsPath
    self.threshold = threshold
    self.json = json
  }

  /// Reads the files and reports the comparison.
  ///
  /// - Throws: ``PopMixError`` for unreadable or mismatched files.
  public func run() throws -> JobReport {
    guard threshold > 0 && threshold <= 1 else {
      throw PopMixError.badSetting(.threshold, threshold, .positiveFraction)
    }
    let estimate = try ProportionTable.read(path: estimatePath)
    let truth = try ProportionTable.read(path: truthPath)
    let labels = try labelsPath.map { try IndividualLabel.read(path: $0) }
    let comparison = try TruthComparison(estimate: estimate, truth: truth, labels: labels, threshold: threshold)
    if json { return JobReport(text: Format.json(comparison)) }
    var text = "Q RMSE \(Format.fixed(comparison.proportionRMSE, 4)), largest error \(Format.fixed(comparison.proportionMaxError, 4))"
    text += " (estimate populations \(comparison.matching.map { "pop\($0)" }.joined(separator: ",")) matched to true pop0…pop\(comparison.matching.count - 1))\n"
    if let h = comparison.hybrids {
      text += "hybrids at \(Format.general(h.threshold)): precision \(Format.fixed(h.precision, 3)), recall \(Format.fixed(h.recall, 3))"
      text += " (\(h.truePositives) found, \(h.falsePositives) false, \(h.falseNegatives) missed)\n"
    }
    return JobReport(text: text)
  }
}
