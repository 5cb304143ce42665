extension PopMixError {
  /// Data that cannot be read as what it claims to be, or cannot be fitted.
  public struct DataProblem: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as a sentence without a trailing period (and without
    /// ``hint``'s advice).
    public var message: String
    /// Where, when the problem is at one place in a file.
    public var location: SourceLocation?
    /// The file concerned, when there is one (also set with ``location``).
    public var path: String?
    /// How to read the file instead, when it holds genotypes given as a
    /// count table.
    public var hint: GenotypeHint?

    public init(message: String, location: SourceLocation? = nil, path: String? = nil, hint: GenotypeHint? = nil) {
      self.message = message
      self.location = location
      self.path = location?.path ?? path
      self.hint = hint
    }

    /// `file:line:column` or the path, when the problem has one.
    public var place: String? { location?.description ?? path }

    /// The message with the hint's advice in plain words.
    public var sentence: String { message + (hint?.advice ?? "") }

    /// `file:line:column: sentence`, `path: sentence`, or the sentence alone.
    public var description: String { place.map { "\($0): \(sentence)" } ?? sentence }
  }

  /// Genotypes given where a count table was expected, and how to read them.
  public enum GenotypeHint: Sendable, Equatable {
    /// PLINK files with this prefix (nil when only the contents tell).
    case plink(prefix: String?)
    /// A VCF file at this path.
    case vcf(path: String)
    /// Gzip data, which may be a compressed VCF.
    case gzippedVCF

    /// The advice appended to the message, in plain words.
    public var advice: String {
      switch self {
      case .plink(let prefix?): ": for genotypes read the PLINK files \(prefix).bed, \(prefix).bim and \(prefix).fam"
      case .plink(nil): ": for genotypes read it as PLINK genotypes, with its .bim and .fam files"
      case .vcf(let path): ": for genotypes read \(path) as a VCF"
      case .gzippedVCF: " (a gzipped VCF is read as genotypes)"
      }
    }
  }

  /// Bad data at `location`.
  public static func badData(_ message: String, at location: SourceLocation) -> PopMixError {
    .data(DataProblem(message: message, location: location))
  }

  /// Bad data in the file at `path` as a whole.
  public static func badData(_ message: String, file path: String) -> PopMixError {
    .data(DataProblem(message: message, path: path))
  }

  /// Bad data with no file, such as a table built in memory.
  public static func badData(_ message: String) -> PopMixError {
    .data(DataProblem(message: message))
  }

  /// Genotypes in the file at `path`, given as a count table.
  public static func genotypesGiven(_ message: String, file path: String, _ hint: GenotypeHint) -> PopMixError {
    .data(DataProblem(message: message, path: path, hint: hint))
  }
}
