/// Packed genotypes seen as the n × m matrix of the standard genotype PCA,
/// with entries
///
///     x_ij = (g_ij − 2 f_j) / √(2 f_j (1 − f_j))     (``Scaling/standardized``, PLINK's)
///     x_ij =  g_ij − 2 f_j                          (``Scaling/centred``)
///
/// where g_ij counts copies of A1 and f_j is A1's frequency among SNP j's
/// observed calls. A missing call is 0 (the SNP's mean, as PLINK imputes
/// it); a SNP with no variation (or no calls) is a column of zeros. Calls
/// are read by their two-bit code, so a haploid call counts as the
/// homozygous diploid call the `.bed` format stores for it.
///
/// Products decode the packed bytes on the fly and never form X, XXᵀ or
/// XᵀX. They split the work into fixed pieces (groups of individuals for
/// X B, blocks of SNPs for Xᵀ B), each writing its own rows, so the bits of
/// a result do not depend on the number of threads.
public struct StandardizedGenotypes: LinearOperator, Sendable {
  /// How each SNP's column is scaled after centring.
  public enum Scaling: Sendable {
    /// Divided by √(2f(1 − f)), the binomial standard deviation (PLINK's GRM).
    case standardized
    /// Not scaled.
    case centred
  }

  /// The genotypes.
  public let genotypes: GenotypeMatrix
  /// The scaling.
  public let scaling: Scaling
  /// The threads a product may use.
  public let threads: Int
  /// f_j, A1's frequency among the observed calls of each SNP (0 when none is observed).
  public let frequencies: [Double]
  /// The SNPs whose column is not zero (observed and not monomorphic).
  public let variableSNPs: Int
  /// Whether each SNP has a missing call.
  let hasMissingCalls: [Bool]
  /// ‖X‖²_F, the sum of the squared entries: the total variance that
  /// principal components share out.
  public let squaredNorm: Double
  /// x for each code of each SNP: four per SNP, indexed by the code (the
  /// missing code's entry is 0).
  let codeValues: [Double]

  /// n, the individuals.
  public var rows: Int { genotypes.individuals }
  /// m, the SNPs.
  public var columns: Int { genotypes.snps }

  /// Individuals per piece of a product X B (a multiple of four: whole bytes).
  static let individualsPerPiece = 256
  /// SNPs per piece of a product Xᵀ B.
  static let snpsPerPiece = 256

  /// The operator over `genotypes`.
  ///
  /// - Precondition: `threads >= 1`.
  /// - Complexity: O(n m / 4), one pass over the packed bytes for the frequencies.
  public init(_ genotypes: GenotypeMatrix, scaling: Scaling = .standardized, threads: Int = 1) {
    precondition(threads >= 1, "An operator needs at least one thread")
    self.genotypes = genotypes
    self.scaling = scaling
    self.threads = threads
    let counts = Self.alleleCounts(genotypes)
    var frequencies = [Double](repeating: 0, count: genotypes.snps)
    var values = [Double](repeating: 0, count: 4 * genotypes.snps)
    var variable = 0, squares = 0.0
    for j in 0..<genotypes.snps where counts[j].calls > 0 {
      let (copies, calls) = (Double(counts[j].copies), Double(counts[j].calls))
      let f = copies / (2 * calls)
      frequencies[j] = f
      let variance = 2 * f * (1 - f)
      guard variance > 0 else { continue }
      let scale = scaling == .standardized ? 1 / variance.squareRoot() : 1
      // Σ (g − 2f)² = Σ g² − 4f Σ g + 4f² × calls.
      squares += (Double(counts[j].squares) - 4 * f * copies + 4 * f * f * calls) * scale * scale
      // Codes 00, 10, 11 carry 2, 1, 0 copies of A1; 01 (missing) stays 0.
      values[4 * j + 0b00] = (2 - 2 * f) * scale
      values[4 * j + 0b10] = (1 - 2 * f) * scale
      values[4 * j + 0b11] = (0 - 2 * f) * scale
      variable += 1
    }
    self.frequencies = frequencies
    self.codeValues = values
    self.variableSNPs = variable
    self.hasMissingCalls = counts.map { $0.calls < genotypes.individuals }
    self.squaredNorm = squares
  }

  /// Copies of A1, observed calls and the sum of squared copies per SNP.
  private static func alleleCounts(_ genotypes: GenotypeMatrix) -> [(copies: Int, calls: Int, squares: Int)] {
    // Per byte value: copies of A1, calls and squared copies among its four slots.
    let table = (0..<256).map { byte -> (Int, Int, Int) in
      (0..<4).reduce((0, 0, 0)) { sum, slot in
        switch (byte >> (2 * slot)) & 3 {
        case 0b00: return (sum.0 + 2, sum.1 + 1, sum.2 + 4)
        case 0b10: return (sum.0 + 1, sum.1 + 1, sum.2 + 1)
        case 0b11: return (sum.0, sum.1 + 1, sum.2)
        default: return sum
        }
      }
    }
    let bytes = genotypes.bytesPerSNP, n = genotypes.individuals
    // Padding slots of the last byte are not calls: they are masked to 01.
    let real = n % 4 == 0 ? 4 : n % 4
    let padding = UInt8(truncatingIfNeeded: 0b0101_0101 & ~((1 << (2 * real)) - 1))
    let lastMask = UInt8((1 << (2 * real)) - 1)
    return genotypes.packed.withUnsafeBufferPointer { packed in
      (0..<genotypes.snps).map { j in
        var copies = 0, calls = 0, squares = 0
        for b in 0..<bytes {
          var byte = packed[j * bytes + b]
          if b == bytes - 1 { byte = byte & lastMask | padding }
          let (c, k, s) = table[Int(byte)]
          copies += c
          calls += k
          squares += s
        }
        return (copies, calls, squares)
      }
    }
  }
}
