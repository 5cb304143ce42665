/// A label (sampling site, population, family) for each individual id, for
/// grouping bars and colouring points.
public struct GroupLabels: Sendable, Equatable {
  /// The label of each id.
  public var labels: [String: String]

  public init(labels: [String: String]) { self.labels = labels }

  /// Reads `path`: a PLINK `.fam` (the family id labels the individual id)
  /// or a table whose first column is the id and column `column` (from 1)
  /// the label, such as the 1000 Genomes panel (`sample pop super_pop
  /// gender`: 2 for the population, 3 for the super-population). A first line
  /// whose id is `id`, `sample`, `iid` or `individual` (any case) is a
  /// header; whitespace separates fields; a line starting with `#` is a
  /// comment.
  ///
  /// - Precondition: `column` is at least 2.
  /// - Throws: ``PopMixError`` at a line without the label's column or an
  ///   id listed twice with different labels, or for a file that cannot be
  ///   read or lists nobody.
  public static func read(path: String, column: Int = 2) throws -> GroupLabels {
    precondition(column >= 2, "The label's column comes after the id's")
    if path.hasSuffix(".fam") {
      var labels: [String: String] = [:]
      let samples = try GenotypeData.readFam(path)
      for sample in samples {
        labels[sample.id] = sample.family
        // popmix names individuals FID_IID when IIDs repeat.
        labels["\(sample.family)_\(sample.id)"] = sample.family
        labels["\(sample.family) \(sample.id)"] = sample.family
      }
      return GroupLabels(labels: labels)
    }
    let text = try DelimitedText(contentsOf: path, comments: .wholeLine)
    var labels: [String: String] = [:]
    var first = true
    try text.forEachRecord { record in
      let id = text.id(record.fields[0])
      defer { first = false }
      if first && ["id", "sample", "iid", "individual"].contains(id.lowercased()) { return }
      guard record.fields.count >= column else {
        throw PopMixError.badData("expected the label in column \(column), found \(record.fields.count) field\(record.fields.count == 1 ? "" : "s")",
                                  at: text.endLocation(of: record))
      }
      let label = text.text(record.fields[column - 1])
      if let earlier = labels[id], earlier != label {
        throw PopMixError.badData("individual '\(id)' is labelled both '\(earlier)' and '\(label)'",
                                  at: text.location(of: record.fields[column - 1], in: record))
      }
      labels[id] = label
    }
    guard !labels.isEmpty else { throw PopMixError.badData("the groups file lists no individuals", file: path) }
    return GroupLabels(labels: labels)
  }

  /// The label of each of `ids`, and the ids that have none (labelled
  /// "unlabelled").
  public func labels(for ids: [String]) -> (labels: [String], missing: [String]) {
    var missing: [String] = []
    let found = ids.map { id -> String in
      if let label = labels[id] { return label }
      missing.append(id)
      return "unlabelled"
    }
    return (found, missing)
  }
}
