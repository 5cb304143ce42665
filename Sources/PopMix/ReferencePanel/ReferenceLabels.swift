/// Which individuals are references of which population, as supervised
/// mode reads them: ADMIXTURE's `.pop` file or an id → population file.
///
/// Populations are numbered in the order in which the file first names
/// them; that order is the fit's column order.
public struct ReferenceLabels: Sendable, Equatable {
  /// How the file lays out its labels (told apart by the number of fields
  /// on its lines).
  public enum Layout: String, Sendable, Codable {
    /// ADMIXTURE's `.pop`: one line per individual in the genotypes' order,
    /// a population name or `-` for unknown.
    case populationPerLine = "pop"
    /// `id population` lines (or `family id population`) in any order;
    /// individuals not listed are unknown.
    case idAndPopulation = "ids"
  }

  /// The file read, for messages and summaries.
  public var path: String
  public var layout: Layout
  /// The populations named, in order of first appearance.
  public var populations: [String]
  /// Each individual's population (an index into ``populations``), or nil
  /// when it is not a reference.
  public var assignments: [Int?]

  /// The marker of an individual of unknown population.
  static let unknown = "-"

  /// The reference individuals.
  public var referenceCount: Int { assignments.count { $0 != nil } }

  /// Each reference individual's proportions: one at its population, zero
  /// elsewhere (the fit floors the zeros at its bound).
  public var fixedProportions: [Int: [Double]] {
    var rows: [Int: [Double]] = [:]
    for (i, population) in assignments.enumerated() {
      guard let population else { continue }
      var row = [Double](repeating: 0, count: populations.count)
      row[population] = 1
      rows[i] = row
    }
    return rows
  }

  /// Throws unless `populations` (K) is the number of populations named.
  public func check(populations k: Int) throws {
    guard k != populations.count else { return }
    throw PopMixError.badSetting(.populations, k, .other(
      "K is \(k) but \(path) names \(populations.count) population\(populations.count == 1 ? "" : "s"): "
        + "\(populations.map { QuotedText.excerpt($0) }.joined(separator: ", ")) (leave the number of populations "
        + "unset to take it from the file)"))
  }
}
