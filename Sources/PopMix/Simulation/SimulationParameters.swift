/// The settings of a simulated data set.
public struct SimulationParameters: Sendable, Equatable {
  /// Individuals, n.
  public var individuals: Int
  /// Loci, m.
  public var loci: Int
  /// Populations, r.
  public var populations: Int
  /// How many individuals are hybrids of two populations.
  public var hybrids: Int
  /// The Dirichlet concentration of each locus's H column: 1 is uniform on
  /// the simplex; smaller values make populations more distinct.
  public var alpha: Double
  /// A hybrid's share from its first parent population (the rest from the second).
  public var hybridMix: Double
  /// The mean expected count per individual and locus.
  public var depth: Double
  /// The seed of every random draw.
  public var seed: UInt64
  /// Genotype simulations only: the populations' F_ST to their common
  /// ancestor (Balding–Nichols); larger values make them more distinct.
  public var fst: Double

  /// The defaults mirror the course's beetle study: 120 individuals, 300
  /// loci, 3 populations, 10% hybrids.
  public init(individuals: Int = 120, loci: Int = 300, populations: Int = 3, hybrids: Int = 12,
              alpha: Double = 1, hybridMix: Double = 0.5, depth: Double = Self.defaultDepth, seed: UInt64 = 1, fst: Double = 0.1) {
    self.individuals = individuals
    self.loci = loci
    self.populations = populations
    self.hybrids = hybrids
    self.alpha = alpha
    self.hybridMix = hybridMix
    self.depth = depth
    self.seed = seed
    self.fst = fst
  }

  /// The default mean count per individual and locus. See `popmix simulate --help`.
  public static let defaultDepth = 10.0

  /// The most entries (individuals × loci, and individuals × populations)
  /// a simulation may have: 2^28, a table of about 2 GB of numbers, several
  /// times that while it is drawn and written.
  public static let maximumEntries = 1 << 28
  /// The most populations a simulation may have (hybrids cycle through
  /// their pairs, about half a million then).
  public static let maximumPopulations = 1000
  /// The largest depth: far beyond real data, and it keeps every locus's
  /// expected total within ``maximumLocusTotal`` for up to a thousand individuals.
  public static let maximumDepth = 1e6
  /// The largest expected total per locus (individuals × depth). Every
  /// expected count is at most this, so that each Poisson draw (an unsigned
  /// 32-bit number in GSL, whose sampler loops for ever on means beyond
  /// about 4.9e9) stays far from its limit.
  public static let maximumLocusTotal = 1e9

  /// Checks that the settings describe a possible data set, of a size that
  /// fits in memory (see ``maximumEntries``).
  ///
  /// - Throws: ``PopMixError/setting(_:)`` naming the setting at fault.
  public func validate() throws {
    if individuals < 1 { throw PopMixError.badSetting(.individuals, individuals, .atLeast("1")) }
    if loci < 1 { throw PopMixError.badSetting(.loci, loci, .atLeast("1")) }
    if populations < 1 { throw PopMixError.badSetting(.populations, populations, .atLeast("1")) }
    if hybrids < 0 { throw PopMixError.badSetting(.hybrids, hybrids, .notNegative) }
    if populations > Self.maximumPopulations {
      throw PopMixError.badSetting(.populations, populations, .atMost(Format.grouped(Self.maximumPopulations)))
    }
    try Self.checkEntries(individuals, loci, .loci)
    try Self.checkEntries(individuals, populations, .populations)
    if hybrids > 0 && populations < 2 { throw PopMixError.badSetting(.hybrids, hybrids, .needs("at least 2 populations to mix")) }
    if individuals - hybrids < populations {
      throw PopMixError.badSetting(.hybrids, hybrids, .other("\(individuals) individuals leave \(individuals - hybrids) pure ones after \(hybrids) hybrids, fewer than the \(populations) populations"))
    }
    if !(alpha > 0 && alpha.isFinite) { throw PopMixError.badSetting(.alpha, alpha, .positiveNumber) }
    if !(hybridMix > 0 && hybridMix < 1) { throw PopMixError.badSetting(.hybridMix, hybridMix, .strictlyBetween("0", "1")) }
    if !(fst > 0 && fst < 1) { throw PopMixError.badSetting(.fst, fst, .strictlyBetween("0", "1")) }
    if !(depth > 0 && depth.isFinite) { throw PopMixError.badSetting(.depth, depth, .positiveNumber) }
    if depth > Self.maximumDepth {
      throw PopMixError.badSetting(.depth, Format.general(depth), .atMost(Format.general(Self.maximumDepth)))
    }
    if Double(individuals) * depth > Self.maximumLocusTotal {
      throw PopMixError.badSetting(.depth, Format.general(depth), .other("\(individuals) individuals at depth \(Format.general(depth)) expect \(Format.general(Double(individuals) * depth)) counts per locus, more than the \(Format.general(Self.maximumLocusTotal)) a simulation allows"))
    }
  }

  /// - Throws: ``PopMixError/setting(_:)`` for `setting` (whose value is
  ///   `other`) when `individuals` × `other` exceeds ``maximumEntries``
  ///   (checked without overflow).
  private static func checkEntries(_ individuals: Int, _ other: Int, _ setting: PopMixError.Setting) throws {
    let what = setting == .loci ? "loci" : "populations"
    let (product, overflow) = individuals.multipliedReportingOverflow(by: other)
    if overflow || product > maximumEntries {
      throw PopMixError.badSetting(setting, other, .other("\(individuals) individuals × \(other) \(what) make more than the \(Format.grouped(maximumEntries)) entries a simulation may have"))
    }
  }
}

extension SimulationParameters {
  /// Who belongs where: pure individuals spread evenly over the populations,
  /// then hybrids cycling through the pairs (0,1), (0,2), …, (r−2, r−1), in
  /// an order shuffled by the seed's stream 2 so that it says nothing.
  func shuffledMemberships() -> [[(population: Int, share: Double)]] {
    let r = populations
    var memberships: [[(population: Int, share: Double)]] = []
    for k in 0..<(individuals - hybrids) { memberships.append([(k % r, 1)]) }
    var pairs: [(Int, Int)] = []
    for a in 0..<r { for b in (a + 1)..<max(a + 1, r) { pairs.append((a, b)) } }
    for k in 0..<hybrids {
      let (a, b) = pairs[k % pairs.count]
      memberships.append([(a, hybridMix), (b, 1 - hybridMix)])
    }
    RandomSource(seed: SeedSequence.seed(seed, 2)).shuffle(&memberships)
    return memberships
  }

  /// The individuals' admixture proportions (n × r, rows summing to one)
  /// and labels.
  func proportions(_ memberships: [[(population: Int, share: Double)]], ids: [String])
    -> (proportions: Matrix, labels: [IndividualLabel]) {
    var Q = Matrix(rows: individuals, columns: populations)
    var labels: [IndividualLabel] = []
    for (i, membership) in memberships.enumerated() {
      for part in membership { Q[i, part.population] = part.share }
      labels.append(IndividualLabel(id: ids[i], status: membership.count == 1 ? .pure : .hybrid,
                                    populations: membership.map(\.population).sorted()))
    }
    return (Q, labels)
  }
}
