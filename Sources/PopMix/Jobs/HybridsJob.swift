import Foundation

/// `popmix hybrids`: lists the individuals whose largest admixture
/// proportion is below a threshold, with the bootstrap's support for each
/// when replicates are given, and on genotype data the kind of mixture the
/// proportions look like.
public struct HybridsJob: Sendable {
  /// The proportions file (`.Q.tsv` or ADMIXTURE `.Q`).
  public var path: String
  public var threshold: Double
  /// JSON instead of a table.
  public var json: Bool
  /// Bootstrap replicates (`PREFIX.K.Q_bootstrap.tsv`), if any.
  public var replicatesPath: String? = nil
  /// List only individuals whose support is at least this (needs replicates).
  public var minSupport: Double? = nil

  public init(path: String, threshold: Double = 0.9, json: Bool = false) {
    self.path = path
    self.threshold = threshold
    self.json = json
  }

  private struct Output: Codable {
    var threshold: Double
    var replicates: Int?
    var minSupport: Double?
    var hybrids: [HybridCall]
  }

  /// Reads the proportions (and replicates) and reports the hybrids.
  ///
  /// - Throws: ``PopMixError`` for a threshold or least support outside
  ///   (0, 1], a least support without replicates, or a bad file.
  public func run() throws -> JobReport {
    guard threshold > 0 && threshold <= 1 else {
      throw PopMixError.badSetting(.threshold, threshold, .positiveFraction)
    }
    if let minSupport {
      guard minSupport > 0 && minSupport <= 1 else { throw PopMixError.badSetting(.minSupport, minSupport, .positiveFraction) }
      guard replicatesPath != nil else {
        throw PopMixError.badSetting(.minSupport, minSupport, .needs("--replicates PREFIX.K.Q_bootstrap.tsv from fit --bootstrap"))
      }
    }
    let table = try ProportionTable.read(path: path)
    var calls = table.hybrids(threshold: threshold)
    let genotypes = isGenotypeFit
    if !genotypes { for c in calls.indices { calls[c].mixture = nil } }
    var replicateCount: Int? = nil
    if let replicatesPath {
      let replicates = try BootstrapReplicates.read(path: replicatesPath)
      replicateCount = replicates.replicates.count
      let support = try table.support(of: calls, threshold: threshold, replicates: replicates, replicatesPath: replicatesPath)
      for c in calls.indices { calls[c].support = support[c] }
    }
    let below = calls.count
    if let minSupport { calls.removeAll { $0.support! < minSupport } }
    if json {
      return JobReport(text: Format.json(Output(threshold: threshold, replicates: replicateCount, minSupport: minSupport,
                                                hybrids: calls)))
    }
    var text = "\(below) of \(table.individuals.count) individuals have a largest proportion below \(Format.general(threshold))\n"
    if let replicateCount {
      text += "support: the share of \(replicateCount) bootstrap replicates in which it is below \(Format.general(threshold)) too"
      text += minSupport.map { "; \(calls.count) listed with support of at least \(Format.general($0))\n" } ?? "\n"
    }
    guard !calls.isEmpty else { return JobReport(text: text) }
    text += Self.table(calls, populations: table.populations)
    if genotypes { text += MixtureKind.generationsCaution + "\n" }
    return JobReport(text: text)
  }

  /// The calls as aligned columns: id, main and second population with
  /// their shares, then support and mixture when known.
  private static func table(_ calls: [HybridCall], populations: [String]) -> String {
    let idWidth = max(2, calls.map(\.id.count).max()!)
    let name = { (k: Int) in populations[k] }
    let popWidth = max(10, populations.map(\.count).max()!)
    let withSupport = calls[0].support != nil, withMixture = calls[0].mixture != nil
    var text = Format.left("id", idWidth) + "  " + Format.left("main", popWidth) + "  share  "
      + Format.left("second", popWidth) + "  share" + (withSupport ? "  support" : "") + (withMixture ? "  looks like" : "") + "\n"
    for call in calls {
      text += Format.left(call.id, idWidth) + "  "
        + Format.left(name(call.populations[0]), popWidth) + "  " + Format.fixed(call.proportions[0], 3) + "  "
        + Format.left(name(call.populations[1]), popWidth) + "  " + Format.fixed(call.proportions[1], 3)
      if let support = call.support { text += "  " + Format.right(Format.fixed(support, 2), 7) }
      if let mixture = call.mixture { text += "  " + mixture.rawValue }
      text += "\n"
    }
    return text
  }

  /// Whether the proportions come from genotypes: ADMIXTURE's `.Q`, or a
  /// `PREFIX.K.Q.tsv` beside the `PREFIX.K.P` that only genotype fits write.
  private var isGenotypeFit: Bool {
    if path.hasSuffix(".Q") { return true }
    guard path.hasSuffix(".Q.tsv") else { return false }
    return FileManager.default.fileExists(atPath: String(path.dropLast(".Q.tsv".count)) + ".P")
  }
}
