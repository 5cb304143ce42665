/// The settings of `fit --bootstrap`: how many replicates, and how long
/// their blocks are.
public struct BootstrapOptions: Sendable, Equatable {
  /// Replicates to fit (ADMIXTURE's `-B`; fastmixture2's `--bootstrap`
  /// takes 200 by default).
  public var replicates: Int
  /// The block length in base pairs, converted to SNPs at the data's density.
  public var blockBases: Int = MovingBlocks.defaultBases
  /// The block length in SNPs, when given; overrides ``blockBases``.
  public var blockSNPs: Int? = nil

  /// Two replicates are the fewest with a spread; beyond 10,000 the
  /// standard errors gain nothing a user could see.
  public static let replicateRange = 2...10_000

  /// The relative gain per pass at which a replicate stops, unless the
  /// fit's own tolerance is looser: a replicate starts at the fit and
  /// moves by about a standard error, and stopping there instead of at
  /// 1e-9 changed coverage by at most 0.2 % and cut the time by 30 %
  /// (docs/bootstrap.md).
  public static let replicateTolerance = 1e-7

  public init(replicates: Int) {
    self.replicates = replicates
  }

  /// - Throws: ``PopMixError`` when the number of replicates or a block
  ///   length is out of range.
  public func validate() throws {
    if replicates < Self.replicateRange.lowerBound {
      throw PopMixError.badSetting(.bootstrap, replicates, .needs("at least \(Self.replicateRange.lowerBound) replicates (one has no spread to measure; got \(replicates))"))
    }
    if replicates > Self.replicateRange.upperBound {
      throw PopMixError.badSetting(.bootstrap, replicates, .atMost(Format.grouped(Self.replicateRange.upperBound)))
    }
    if blockBases < 1 { throw PopMixError.badSetting(.blockBases, blockBases, .atLeast("1")) }
    if let blockSNPs, blockSNPs < 1 { throw PopMixError.badSetting(.blockSNPs, blockSNPs, .atLeast("1")) }
  }
}
