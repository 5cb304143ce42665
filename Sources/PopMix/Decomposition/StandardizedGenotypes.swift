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
  /// ‖X‖²_F, the sum of the squared entries: the total variance that
  /// principal components share out.
  public let squaredNorm: Double
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

  /// X B, an n × k matrix.
  ///
  /// - Precondition: `b.rows == m`.
  /// - Complexity: O(n m k) additions, spread over ``threads``.
  public func multiply(_ b: Matrix) -> Matrix {
    precondition(b.rows == columns, "The genotype operator multiplies \(columns) rows, not \(b.rows)")
    let n = rows, m = columns, bytes = genotypes.bytesPerSNP, width = (b.columns + 3) / 4
    let vectors = Self.vectors(b)
    let pieces = (n + Self.individualsPerPiece - 1) / Self.individualsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [SIMD4<Double>] in
      let firstByte = piece * Self.individualsPerPiece / 4
      let count = Swift.min(Self.individualsPerPiece, n - 4 * firstByte)
      var y = [SIMD4<Double>](repeating: .zero, count: count * width)
      // w_c = x(code c) B_j, so that each call adds one row of w; the
      // missing code's row stays zero.
      var w = [SIMD4<Double>](repeating: .zero, count: 4 * width)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          vectors.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { y in
              w.withUnsafeMutableBufferPointer { w in
                for j in 0..<m where values[4 * j] != 0 || values[4 * j + 3] != 0 {
                  let (v0, v2, v3) = (values[4 * j], values[4 * j + 2], values[4 * j + 3])
                  for v in 0..<width {
                    let x = b[j * width + v]
                    w[v] = v0 * x
                    w[2 * width + v] = v2 * x
                    w[3 * width + v] = v3 * x
                  }
                  let row = packed.baseAddress! + j * bytes + firstByte
                  for q in 0..<(count / 4) {
                    let byte = Int(row[q]), out = 4 * q * width
                    let (c0, c1) = ((byte & 3) * width, (byte >> 2 & 3) * width)
                    let (c2, c3) = ((byte >> 4 & 3) * width, (byte >> 6) * width)
                    for v in 0..<width {
                      y[out + v] += w[c0 + v]
                      y[out + width + v] += w[c1 + v]
                      y[out + 2 * width + v] += w[c2 + v]
                      y[out + 3 * width + v] += w[c3 + v]
                    }
                  }
                  for i in (count & ~3)..<count {
                    let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
                    for v in 0..<width { y[i * width + v] += w[code * width + v] }
                  }
                }
              }
            }
          }
        }
      }
      return y
    }
    return Self.matrix(Array(parts.joined()), rows: n, columns: b.columns)
  }

  /// Xᵀ B, an m × k matrix.
  ///
  /// - Precondition: `b.rows == n`.
  /// - Complexity: O(n m k) additions, spread over ``threads``.
  public func multiplyTransposed(_ b: Matrix) -> Matrix {
    precondition(b.rows == rows, "The genotype operator's transpose multiplies \(rows) rows, not \(b.rows)")
    let k = b.columns, n = rows, m = columns, bytes = genotypes.bytesPerSNP, width = (k + 3) / 4
    let vectors = Self.vectors(b)
    let pieces = (m + Self.snpsPerPiece - 1) / Self.snpsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [Double] in
      let snps = piece * Self.snpsPerPiece ..< Swift.min((piece + 1) * Self.snpsPerPiece, m)
      var z = [Double](repeating: 0, count: snps.count * k)
      // The rows of B summed by the code of each individual's call, in two
      // sets (even and odd individuals) so that consecutive calls with the
      // same code do not wait on each other's sums.
      var sums = [SIMD4<Double>](repeating: .zero, count: 8 * width)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          vectors.withUnsafeBufferPointer { b in
            z.withUnsafeMutableBufferPointer { z in
              sums.withUnsafeMutableBufferPointer { sums in
                let odd = 4 * width
                for j in snps where values[4 * j] != 0 || values[4 * j + 3] != 0 {
                  for t in 0..<(8 * width) { sums[t] = .zero }
                  let row = packed.baseAddress! + j * bytes
                  for q in 0..<(n / 4) {
                    let byte = Int(row[q]), source = 4 * q * width
                    let (c0, c1) = ((byte & 3) * width, odd + (byte >> 2 & 3) * width)
                    let (c2, c3) = ((byte >> 4 & 3) * width, odd + (byte >> 6) * width)
                    for v in 0..<width {
                      sums[c0 + v] += b[source + v]
                      sums[c1 + v] += b[source + width + v]
                      sums[c2 + v] += b[source + 2 * width + v]
                      sums[c3 + v] += b[source + 3 * width + v]
                    }
                  }
                  for i in (n & ~3)..<n {
                    let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
                    for v in 0..<width { sums[code * width + v] += b[i * width + v] }
                  }
                  let out = (j - snps.lowerBound) * k
                  let (v0, v2, v3) = (values[4 * j], values[4 * j + 2], values[4 * j + 3])
                  for v in 0..<width {
                    let first: SIMD4<Double> = sums[v] + sums[odd + v]
                    let het: SIMD4<Double> = sums[2 * width + v] + sums[odd + 2 * width + v]
                    let second: SIMD4<Double> = sums[3 * width + v] + sums[odd + 3 * width + v]
                    let total: SIMD4<Double> = v0 * first + v2 * het + v3 * second
                    for t in 0..<Swift.min(4, k - 4 * v) { z[out + 4 * v + t] = total[t] }
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

  /// The rows of `b` as vectors of four, the last padded with zeros.
  private static func vectors(_ b: Matrix) -> [SIMD4<Double>] {
    let width = (b.columns + 3) / 4
    var vectors = [SIMD4<Double>](repeating: .zero, count: b.rows * width)
    for i in 0..<b.rows {
      for t in 0..<b.columns { vectors[i * width + t / 4][t % 4] = b.elements[i * b.columns + t] }
    }
    return vectors
  }

  /// A `rows` × `columns` matrix from rows of vectors of four (padding dropped).
  private static func matrix(_ vectors: [SIMD4<Double>], rows: Int, columns: Int) -> Matrix {
    let width = (columns + 3) / 4
    var result = Matrix(rows: rows, columns: columns)
    for i in 0..<rows {
      for t in 0..<columns { result.elements[i * columns + t] = vectors[i * width + t / 4][t % 4] }
    }
    return result
  }
}
