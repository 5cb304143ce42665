/// What kind of mixture an individual's ancestry proportions look like,
/// from the proportions alone.
///
/// A first-generation hybrid (F1) of two populations carries about 1/2 from
/// each, a backcross to one parent about 3/4 + 1/4; but later generations
/// (F2, F3, a hybrid swarm) also average 1/2 + 1/2, and several
/// generations of mixing can give any share. Telling F1 from later
/// generations needs ancestry along the genome (how often both ancestries
/// meet at one locus), which proportions do not hold.
public enum MixtureKind: String, Sendable, Codable, Equatable {
  /// Two populations in about equal shares.
  case halfAndHalf = "1/2 + 1/2"
  /// Two populations, about three to one.
  case threeQuartersOneQuarter = "3/4 + 1/4"
  /// Two populations, one far ahead (a later backcross, or noise).
  case mostlyOne = "mostly one"
  /// More than a tenth of the ancestry outside the two main populations.
  case severalPopulations = "several populations"

  /// The kind for proportions sorted largest first: several populations
  /// when the two largest hold less than 0.9; otherwise by the larger's
  /// share of the two, against the midpoints 0.625 (between 1/2 and 3/4)
  /// and 0.875 (between 3/4 and 1).
  ///
  /// - Precondition: at least two proportions, largest first.
  public init(sortedProportions q: [Double]) {
    precondition(q.count >= 2 && q[0] >= q[1], "Two proportions, largest first, are needed")
    let two = q[0] + q[1]
    guard two >= 0.9 else {
      self = .severalPopulations
      return
    }
    let share = q[0] / two
    self = share < 0.625 ? .halfAndHalf : share < 0.875 ? .threeQuartersOneQuarter : .mostlyOne
  }

  /// The caution the hybrids report ends with on genotype data.
  public static let generationsCaution = """
    Ancestry proportions alone cannot tell a first-generation hybrid from later ones: \
    F1s, F2s and hybrid swarms all sit near 1/2 + 1/2, and 3/4 + 1/4 may be a backcross or a \
    later mix. Telling them apart needs ancestry along the genome (how often both ancestries \
    meet at one SNP), e.g. with NewHybrids or a local-ancestry method.
    """
}
