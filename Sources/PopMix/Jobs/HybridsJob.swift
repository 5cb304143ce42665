/// `popmix hybrids`: lists the individuals whose largest admixture
/// proportion is below a threshold.
public struct HybridsJob: Sendable {
  /// The proportions file (`.Q.tsv` or ADMIXTURE `.Q`).
  public var path: String
  public var threshold: Double
  /// JSON instead of a table.
  public var json: Bool

  public init(path: String, threshold: Double = 0.9, json: Bool = false) {
    self.path = path
    self.threshold = threshold
    self.json = json
  }

  private struct Output: Codable {
    var threshold: Double
    var hybrids: [HybridCall]
  }

  /// Reads the proportions and reports the hybrids.
  ///
  /// - Throws: ``PopMixError`` for a threshold outside (0, 1] or a bad file.
  public func run() throws -> JobReport {
    guard threshold > 0 && threshold <= 1 else {
      throw PopMixError.badSetting(.threshold, threshold, .positiveFraction)
    }
    let table = try ProportionTable.read(path: path)
    let calls = table.hybrids(threshold: threshold)
    if json { return JobReport(text: Format.json(Output(threshold: threshold, hybrids: calls))) }
    var text = "\(calls.count) of \(table.individuals.count) individuals have a largest proportion below \(Format.general(threshold))\n"
    guard !calls.isEmpty else { return JobReport(text: text) }
    let idWidth = max(2, calls.map(\.id.count).max()!)
    let name = { (k: Int) in table.populations[k] }
    let popWidth = max(10, table.populations.map(\.count).max()!)
    text += Format.left("id", idWidth) + "  " + Format.left("main", popWidth) + "  share  "
      + Format.left("second", popWidth) + "  share\n"
    for call in calls {
      text += Format.left(call.id, idWidth) + "  "
        + Format.left(name(call.populations[0]), popWidth) + "  " + Format.fixed(call.proportions[0], 3) + "  "
        + Format.left(name(call.populations[1]), popWidth) + "  " + Format.fixed(call.proportions[1], 3) + "\n"
    }
    return JobReport(text: text)
  }
}
