/// Every bootstrap replicate's admixture proportions, as `fit --bootstrap`
/// writes them to `PREFIX.K.Q_bootstrap.tsv` and `hybrids --replicates`
/// reads them back.
///
/// The file is tab-separated with a header `id replicate pop0 … pop(K−1)`:
/// replicate 1's individuals in the data's order, then replicate 2's in the
/// same order, and so on (R's `read.delim` reads it as one long table).
public struct BootstrapReplicates: Sendable, Equatable {
  /// The individuals, in the order every replicate lists them.
  public var individuals: [String]
  /// One matrix per replicate, individuals by populations.
  public var replicates: [Matrix]

  /// The file's text.
  ///
  /// - Precondition: every replicate has a row per id.
  static func tsv(_ replicates: [Matrix], individuals ids: [String]) -> String {
    precondition(replicates.allSatisfy { $0.rows == ids.count }, "One id per row is needed")
    let columns = replicates.first?.columns ?? 0
    var rows: [[String]] = []
    rows.reserveCapacity(replicates.count * ids.count)
    for (b, q) in replicates.enumerated() {
      for i in ids.indices { rows.append([TSV.idField(ids[i]), String(b + 1)] + q.row(i).map(TSV.proportion)) }
    }
    return TSV.table(header: ["id", "replicate"] + TSV.populationNames(columns), rows: rows)
  }

  /// Reads a replicates file.
  ///
  /// - Throws: ``PopMixError`` with the place, for a file that cannot be
  ///   read, a header other than `id replicate pop…`, a row with another
  ///   number of fields, a replicate number out of sequence, an individual
  ///   out of the first replicate's order, or a value outside [0, 1].
  public static func read(path: String) throws -> BootstrapReplicates {
    let text = try DelimitedText(contentsOf: path).reading(comments: .wholeLine, separators: .tabs)
    var width = 0
    var individuals: [String] = []
    var seen: Set<String> = []
    var replicates: [Matrix] = []
    var current: [Double] = []
    var row = 0
    func close() {
      replicates.append(Matrix(rows: individuals.count, columns: width - 2, elements: current))
      current = []
      row = 0
    }
    try text.forEachRecord { record in
      let fields = record.fields
      if width == 0 {
        guard fields.count >= 3, text.text(fields[0]) == "id", text.text(fields[1]) == "replicate" else {
          throw PopMixError.badData("a replicates file starts with the header 'id', 'replicate', then a column per population, "
                                      + "as popmix fit --bootstrap writes PREFIX.K.Q_bootstrap.tsv",
                                    at: text.location(of: fields[0], in: record))
        }
        width = fields.count
        return
      }
      guard fields.count == width else {
        throw PopMixError.badData("this row has \(fields.count) fields where the header has \(width)",
                                  at: text.location(of: fields[0], in: record))
      }
      let id = text.id(fields[0])
      let replicate = text.text(fields[1])
      if replicates.isEmpty && replicate == "1" {
        guard seen.insert(id).inserted else {
          throw PopMixError.badData("individual '\(text.quoted(fields[0]))' appears twice in replicate 1",
                                    at: text.location(of: fields[0], in: record))
        }
        individuals.append(id)
      } else {
        if row == individuals.count && !individuals.isEmpty { close() }
        guard replicate == String(replicates.count + 1) else {
          throw PopMixError.badData("replicate '\(text.quoted(fields[1]))' is out of sequence: expected \(replicates.count + 1)",
                                    at: text.location(of: fields[1], in: record))
        }
        guard id == individuals[row] else {
          throw PopMixError.badData("individual '\(text.quoted(fields[0]))' is out of order: every replicate lists the individuals "
                                      + "as replicate 1 does, and '\(individuals[row])' comes here",
                                    at: text.location(of: fields[0], in: record))
        }
      }
      row += 1
      for field in fields[2...] {
        guard case .number(let value) = text.number(field), value >= 0 && value <= 1 else {
          throw PopMixError.badData("'\(text.quoted(field))' is not a proportion between 0 and 1",
                                    at: text.location(of: field, in: record))
        }
        current.append(value)
      }
    }
    guard width > 0, !individuals.isEmpty else {
      throw PopMixError.badData("the replicates file has no rows", file: path)
    }
    guard row == individuals.count else {
      throw PopMixError.badData("the last replicate lists \(row) of the \(individuals.count) individuals", file: path)
    }
    close()
    return BootstrapReplicates(individuals: individuals, replicates: replicates)
  }
}
