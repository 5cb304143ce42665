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
  /// x for each code of each SNP: four per SNP, indexed by the code (the
  /// missing code's entry is 0).
  private let codeValues: [Double]

  /// n, the individuals.
  public var rows: Int { genotypes.individuals }
  /// m, the SNPs.
  public var columns: Int { genotypes.snps }

  /// Individuals per piece of a product X B (a multiple of four: whole bytes).
  private static let individualsPerPiece = 256
  /// SNPs per piece of a product Xᵀ B.
  private static let snpsPerPiece = 256

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
    var variable = 0
    for j in 0..<genotypes.snps where counts[j].calls > 0 {
      let f = Double(counts[j].copies) / Double(2 * counts[j].calls)
      frequencies[j] = f
      let variance = 2 * f * (1 - f)
      guard variance > 0 else { continue }
      let scale = scaling == .standardized ? 1 / variance.squareRoot() : 1
      // Codes 00, 10, 11 carry 2, 1, 0 copies of A1; 01 (missing) stays 0.
      values[4 * j + 0b00] = (2 - 2 * f) * scale
      values[4 * j + 0b10] = (1 - 2 * f) * scale
      values[4 * j + 0b11] = (0 - 2 * f) * scale
      variable += 1
    }
    self.frequencies = frequencies
    self.codeValues = values
    self.variableSNPs = variable
  }

  /// Copies of A1 and observed calls per SNP.
  private static func alleleCounts(_ genotypes: GenotypeMatrix) -> [(copies: Int, calls: Int)] {
    // Per byte value: copies of A1 and calls among its four slots.
    let table = (0..<256).map { byte -> (Int, Int) in
      (0..<4).reduce((0, 0)) { sum, slot in
        switch (byte >> (2 * slot)) & 3 {
        case 0b00: return (sum.0 + 2, sum.1 + 1)
        case 0b10: return (sum.0 + 1, sum.1 + 1)
        case 0b11: return (sum.0, sum.1 + 1)
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
        var copies = 0, calls = 0
        for b in 0..<bytes {
          var byte = packed[j * bytes + b]
          if b == bytes - 1 { byte = byte & lastMask | padding }
          let (c, k) = table[Int(byte)]
          copies += c
          calls += k
        }
        return (copies, calls)
      }
    }
  }

  /// X B, an n × k matrix.
  ///
  /// - Precondition: `b.rows == m`.
  /// - Complexity: O(n m k) additions, spread over ``threads``.
  public func multiply(_ b: Matrix) -> Matrix {
    precondition(b.rows == columns, "The genotype operator multiplies \(columns) rows, not \(b.rows)")
    let k = b.columns, n = rows, m = columns, bytes = genotypes.bytesPerSNP
    let pieces = (n + Self.individualsPerPiece - 1) / Self.individualsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [Double] in
      let firstByte = piece * Self.individualsPerPiece / 4
      let first = 4 * firstByte, count = Swift.min(Self.individualsPerPiece, n - first)
      var y = [Double](repeating: 0, count: count * k)
      var w = [Double](repeating: 0, count: 4 * k)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          b.elements.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { y in
              w.withUnsafeMutableBufferPointer { w in
                for j in 0..<m where values[4 * j] != 0 || values[4 * j + 3] != 0 {
                  // w_c = x(code c) B_j, so that each call adds one row of w.
                  for c in 0..<4 {
                    let value = values[4 * j + c]
                    for t in 0..<k { w[c * k + t] = value * b[j * k + t] }
                  }
                  let row = packed.baseAddress! + j * bytes + firstByte
                  for i in 0..<count {
                    let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
                    for t in 0..<k { y[i * k + t] += w[code * k + t] }
                  }
                }
              }
            }
          }
        }
      }
      return y
    }
    return Matrix(rows: n, columns: k, elements: Array(parts.joined()))
  }

  /// Xᵀ B, an m × k matrix.
  ///
  /// - Precondition: `b.rows == n`.
  /// - Complexity: O(n m k) additions, spread over ``threads``.
  public func multiplyTransposed(_ b: Matrix) -> Matrix {
    precondition(b.rows == rows, "The genotype operator's transpose multiplies \(rows) rows, not \(b.rows)")
    let k = b.columns, n = rows, m = columns, bytes = genotypes.bytesPerSNP
    let pieces = (m + Self.snpsPerPiece - 1) / Self.snpsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [Double] in
      let snps = piece * Self.snpsPerPiece ..< Swift.min((piece + 1) * Self.snpsPerPiece, m)
      var z = [Double](repeating: 0, count: snps.count * k)
      // The rows of B summed by the code of each individual's call.
      var sums = [Double](repeating: 0, count: 4 * k)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          b.elements.withUnsafeBufferPointer { b in
            z.withUnsafeMutableBufferPointer { z in
              sums.withUnsafeMutableBufferPointer { sums in
                for j in snps where values[4 * j] != 0 || values[4 * j + 3] != 0 {
                  for t in 0..<(4 * k) { sums[t] = 0 }
                  let row = packed.baseAddress! + j * bytes
                  for i in 0..<n {
                    let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
                    for t in 0..<k { sums[code * k + t] += b[i * k + t] }
                  }
                  let out = (j - snps.lowerBound) * k
                  for c in 0..<4 where c != 0b01 {
                    let value = values[4 * j + c]
                    for t in 0..<k { z[out + t] += value * sums[c * k + t] }
                  }
                }
              }
            }
          }
        }
      }
      return z
    }
    return Matrix(rows: m, columns: k, elements: Array(parts.joined()))
  }
}
