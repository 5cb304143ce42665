extension IndividualLabel {
  /// Reads a labels file as `popmix simulate` writes it: header
  /// `id status populations`, then one row per individual. As for Q
  /// files, a file starting with `id` and a tab is split at tabs alone.
  ///
  /// - Throws: ``PopMixError`` at the first malformed field.
  public static func read(path: String) throws -> [IndividualLabel] {
    let text = try DelimitedText.popmixOutput(contentsOf: path)
    var labels: [IndividualLabel] = []
    var sawHeader = false
    try text.forEachRecord { record in
      let fields = record.fields.map(text.text)
      if !sawHeader {
        sawHeader = true
        if fields.first?.lowercased() == "id" { return }
      }
      guard fields.count == 3 else {
        throw PopMixError.badData("expected 3 fields (id, status, populations), found \(fields.count)",
                         at: text.location(of: record.fields[0], in: record))
      }
      guard let status = Status(rawValue: fields[1]) else {
        throw PopMixError.badData("status '\(text.quoted(record.fields[1]))' is neither 'pure' nor 'hybrid'",
                         at: text.location(of: record.fields[1], in: record))
      }
      let populations = fields[2].split(separator: ",").compactMap { Int($0) }
      guard !populations.isEmpty, populations.count == fields[2].split(separator: ",").count,
            populations.allSatisfy({ $0 >= 0 }) else {
        throw PopMixError.badData("populations '\(text.quoted(record.fields[2]))' is not a comma-separated list of numbers from 0",
                         at: text.location(of: record.fields[2], in: record))
      }
      labels.append(IndividualLabel(id: text.id(record.fields[0]), status: status, populations: populations))
    }
    guard !labels.isEmpty else { throw PopMixError.badData("the labels file has no rows", file: path) }
    return labels
  }
}
