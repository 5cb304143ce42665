extension PopMixError {
  /// A setting of a fit, a scan, a simulation or a report.
  public enum Setting: String, Sendable, Equatable, CaseIterable {
    case populations, restarts, tolerance, maxIterations, threads, candidateStarts, folds, algorithm
    case individuals, loci, hybrids, alpha, hybridMix, fst, depth, threshold
    case modeThreshold, colourComponent, groupColumn
    case loss, l2, learningRate, epochs
    case components
    case bootstrap, blockBases, blockSNPs, minSupport
    case supervised, projection

    /// The setting in plain words, as the library's messages name it.
    public var name: String {
      switch self {
      case .populations: "the number of populations"
      case .restarts: "the number of restarts"
      case .tolerance: "the tolerance"
      case .maxIterations: "the iteration cap"
      case .threads: "the number of threads"
      case .candidateStarts: "the number of candidate starts"
      case .folds: "the number of folds"
      case .algorithm: "the algorithm"
      case .individuals: "the number of individuals"
      case .loci: "the number of loci"
      case .hybrids: "the number of hybrids"
      case .alpha: "the Dirichlet concentration alpha"
      case .hybridMix: "the hybrid mix"
      case .fst: "F_ST"
      case .depth: "the depth"
      case .threshold: "the hybrid threshold"
      case .modeThreshold: "the threshold for runs to agree"
      case .colourComponent: "the component that colours the PCA"
      case .groupColumn: "the groups file's label column"
      case .loss: "the loss"
      case .l2: "the L2 penalty"
      case .learningRate: "the learning rate"
      case .epochs: "the number of epochs"
      case .components: "the number of principal components"
      case .bootstrap: "the number of bootstrap replicates"
      case .blockBases: "the bootstrap block length in base pairs"
      case .blockSNPs: "the bootstrap block length in SNPs"
      case .minSupport: "the least bootstrap support"
      case .supervised: "the supervised mode's labels"
      case .projection: "the projection's frequencies"
      }
    }
  }

  /// What a setting must be.
  public enum Requirement: Sendable, Equatable {
    /// At least the bound (as printed).
    case atLeast(String)
    /// A range whose first value is at least the bound.
    case startingAtLeast(String)
    /// Zero or more.
    case notNegative
    /// A finite number, zero or more.
    case nonNegativeNumber
    /// A finite number above zero.
    case positiveNumber
    /// Strictly between two bounds (as printed).
    case strictlyBetween(String, String)
    /// Above 0 and at most 1.
    case positiveFraction
    /// Another setting's value, e.g. "at least 2 populations to mix".
    case needs(String)
    /// At most popmix's own cap (as printed), whatever the data.
    case atMost(String)
    /// At most what the data allows (as printed), and why.
    case atMostForData(String, because: String)
    /// One of a few choices (as printed, e.g. "accelerated or mu") for
    /// some kind of data.
    case oneOf(String, forData: String)
    /// Something only a sentence says (a conflict with another setting,
    /// or a size the data or the machine cannot take).
    case other(String)

    /// The requirement as a predicate on the setting, e.g. "must be at
    /// least 1"; for ``other(_:)``, the sentence.
    public var phrase: String {
      switch self {
      case .atLeast(let bound): "must be at least \(bound)"
      case .startingAtLeast(let bound): "must start at \(bound) or more"
      case .notNegative: "must not be negative"
      case .nonNegativeNumber: "must be a number of 0 or more"
      case .positiveNumber: "must be a positive number"
      case .strictlyBetween(let low, let high): "must lie strictly between \(low) and \(high)"
      case .positiveFraction: "must lie in (0, 1]"
      case .needs(let what): "needs \(what)"
      case .atMost(let bound): "must be at most \(bound)"
      case .atMostForData(let bound, let reason): "must be at most \(bound) (\(reason))"
      case .oneOf(let choices, let data): "must be \(choices) for \(data)"
      case .other(let sentence): sentence
      }
    }
  }

  /// A setting out of range: which setting, the value given, and what it
  /// must be.
  public struct SettingProblem: Sendable, Equatable, CustomStringConvertible {
    /// The setting at fault.
    public var setting: Setting
    /// The value given, as it prints.
    public var value: String
    /// What the setting must be.
    public var requirement: Requirement

    public init(setting: Setting, value: String, requirement: Requirement) {
      self.setting = setting
      self.value = value
      self.requirement = requirement
    }

    /// One sentence naming the setting in plain words, e.g. "the number of
    /// folds must be at least 2 (got 1)".
    public var description: String {
      switch requirement {
      case .atMostForData(let bound, let reason):
        "\(setting.name), \(value), is more than the data allows: at most \(bound) (\(reason))"
      case .other(let sentence): sentence
      default: "\(setting.name) \(requirement.phrase) (got \(value))"
      }
    }
  }

  /// A setting out of range: `setting` was given `value`, which fails `requirement`.
  public static func badSetting(_ setting: Setting, _ value: some Any, _ requirement: Requirement) -> PopMixError {
    .setting(SettingProblem(setting: setting, value: "\(value)", requirement: requirement))
  }
}
