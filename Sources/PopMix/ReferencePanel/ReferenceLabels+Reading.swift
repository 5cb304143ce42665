extension ReferenceLabels {
  /// Reads the labels of `samples` from the file at `path`.
  ///
  /// The layout is told by the number of fields on the file's lines: one
  /// (a `.pop` file: one line per individual, in order), two (`id
  /// population`) or three (`family id population`), the same on every
  /// line. An id is an individual's id (`.fam` column 2, or the VCF sample
  /// name) or the `.Q.tsv` name popmix gives it when ids repeat across
  /// families. A first line `id population` (or starting with `iid`, `fid`,
  /// `sample`, `individual`) that names no individual is a header. `#`
  /// starts a comment line; blank lines are skipped.
  ///
  /// - Parameters:
  ///   - samples: the genotypes' individuals, in order.
  ///   - ids: their names as popmix prints them (``GenotypeData/sampleIDs``).
  /// - Throws: ``PopMixError`` naming the file (and line and column where
  ///   there is one) when it cannot be read, lines differ in their number
  ///   of fields, a `.pop` file has a line per individual too few or too
  ///   many, an id is not an individual's or is listed twice, or no line
  ///   names a population.
  /// - Complexity: O(lines + individuals).
  public static func read(path: String, samples: [GenotypeData.Sample], ids: [String]) throws -> ReferenceLabels {
    precondition(samples.count == ids.count, "One printed id per individual is needed")
    let text = try DelimitedText(contentsOf: path, comments: .wholeLine)
    var records: [(line: Int, fields: [String], locations: [SourceLocation])] = []
    try text.forEachRecord { record in
      let fields = record.fields.map(text.text)
      let locations = record.fields.map { text.location(of: $0, in: record) }
      if let first = records.first, fields.count != first.fields.count {
        throw PopMixError.badData("this line has \(fields.count) field\(fields.count == 1 ? "" : "s") but line \(first.line) has "
                                    + "\(first.fields.count); a labels file has one population (or '-') per line, "
                                    + "or 'id population' on every line", at: locations[0])
      }
      records.append((record.line, fields, locations))
    }
    guard let first = records.first else {
      throw PopMixError.badData("the labels file is empty: it names no population", file: path)
    }
    var labels = ReferenceLabels(path: path, layout: .idAndPopulation, populations: [],
                                 assignments: Array(repeating: nil, count: samples.count))
    var numbers: [String: Int] = [:]
    func number(_ name: String) -> Int? {
      guard name != unknown else { return nil }
      if let k = numbers[name] { return k }
      labels.populations.append(name)
      numbers[name] = labels.populations.count - 1
      return labels.populations.count - 1
    }
    switch first.fields.count {
    case 1:
      labels.layout = .populationPerLine
      if records.count != samples.count {
        let place = records.count > samples.count ? " (line \(records[samples.count].line) is one too many)" : ""
        throw PopMixError.badData("a .pop file needs one line per individual, in the genotypes' order, but this one has "
                                    + "\(records.count) and the genotypes have \(samples.count) individuals\(place)", file: path)
      }
      for (i, record) in records.enumerated() { labels.assignments[i] = number(record.fields[0]) }
    case 2, 3:
      let index = IndividualIndex(samples: samples, ids: ids)
      var listedOn: [Int: Int] = [:]
      for (r, record) in records.enumerated() {
        let idFields = record.fields.dropLast()
        guard let i = index.find(Array(idFields)) else {
          if r == 0, Self.headerWords.contains(record.fields[0].lowercased()) { continue }
          let shown = idFields.map { QuotedText.excerpt($0) }.joined(separator: " ")
          throw PopMixError.badData("'\(shown)' is not an individual of the genotypes (ids are matched to "
                                      + (idFields.count == 1 ? "the .fam's individual ids or the VCF's sample names)"
                                                             : "the .fam's family and individual ids)"),
                                    at: record.locations[0])
        }
        if let line = listedOn[i] {
          throw PopMixError.badData("individual '\(QuotedText.excerpt(ids[i]))' is listed twice (first on line \(line))",
                                    at: record.locations[0])
        }
        listedOn[i] = record.line
        labels.assignments[i] = number(record.fields.last!)
      }
    default:
      throw PopMixError.badData("expected one field (a population or '-') or two (id population), found "
                                  + "\(first.fields.count)", at: first.locations[0])
    }
    if labels.populations.isEmpty {
      throw PopMixError.badData("no individual has a population (every label is '-'); supervised mode needs "
                                  + "reference individuals", file: path)
    }
    return labels
  }

  /// First fields that mark a header line.
  private static let headerWords: Set<String> = ["id", "iid", "fid", "sample", "individual"]
}

/// Finds individuals by the id fields of a labels line.
private struct IndividualIndex {
  private var byID: [String: Int] = [:]
  private var byFamilyAndID: [GenotypeData.Sample: Int] = [:]

  /// Indexes individual ids when they are unique, and popmix's printed ids
  /// (which are), and family and id pairs.
  init(samples: [GenotypeData.Sample], ids: [String]) {
    for (i, id) in ids.enumerated() { byID[id] = i }
    let iids = samples.map(\.id)
    if Set(iids).count == iids.count {
      for (i, id) in iids.enumerated() { byID[id] = i }
    }
    for (i, sample) in samples.enumerated() { byFamilyAndID[sample] = i }
  }

  /// The individual named by `[id]` or `[family, id]`, if any.
  func find(_ fields: [String]) -> Int? {
    fields.count == 1 ? byID[fields[0]] : byFamilyAndID[GenotypeData.Sample(family: fields[0], id: fields[1])]
  }
}
