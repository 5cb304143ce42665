/// The two products, over the packed codes: each SNP's four code values
/// (``StandardizedGenotypes/codeValues``) times rows of B, added by the
/// code of each call, four calls (one byte) at a time. B's rows are held as
/// vectors of four doubles, and the loops over them are compiled for each
/// width up to four vectors (blocks of up to 16 columns) so they unroll.
extension StandardizedGenotypes {
  /// X B, an n × k matrix.
  ///
  /// - Precondition: `b.rows == m`.
  /// - Complexity: O(n m k) additions, spread over ``threads``.
  public func multiply(_ b: Matrix) -> Matrix {
    precondition(b.rows == columns, "The genotype operator multiplies \(columns) rows, not \(b.rows)")
    let n = rows, width = (b.columns + 3) / 4
    let vectors = Self.vectors(b)
    let pieces = (n + Self.individualsPerPiece - 1) / Self.individualsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [SIMD4<Double>] in
      let firstByte = piece * Self.individualsPerPiece / 4
      let count = Swift.min(Self.individualsPerPiece, n - 4 * firstByte)
      var y = [SIMD4<Double>](repeating: .zero, count: count * width)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          vectors.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { y in
              let rows = RowPiece(packed: packed.baseAddress! + firstByte, bytesPerSNP: genotypes.bytesPerSNP,
                                  snps: columns, individuals: count, values: values.baseAddress!,
                                  b: b.baseAddress!, y: y.baseAddress!)
              rows.run(specialisedFor: width)
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
    let m = columns, width = (b.columns + 3) / 4
    let vectors = Self.vectors(b)
    let pieces = (m + Self.snpsPerPiece - 1) / Self.snpsPerPiece
    let parts = try! parallelMap(pieces, threads: threads) { piece -> [SIMD4<Double>] in
      let snps = piece * Self.snpsPerPiece ..< Swift.min((piece + 1) * Self.snpsPerPiece, m)
      var z = [SIMD4<Double>](repeating: .zero, count: snps.count * width)
      genotypes.packed.withUnsafeBufferPointer { packed in
        codeValues.withUnsafeBufferPointer { values in
          vectors.withUnsafeBufferPointer { b in
            z.withUnsafeMutableBufferPointer { z in
              let columns = ColumnPiece(packed: packed.baseAddress!, bytesPerSNP: genotypes.bytesPerSNP, snps: snps,
                                        individuals: rows, values: values.baseAddress!, b: b.baseAddress!,
                                        z: z.baseAddress!)
              columns.run(specialisedFor: width)
            }
          }
        }
      }
      return z
    }
    return Self.matrix(Array(parts.joined()), rows: m, columns: b.columns)
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

/// X B for one piece of consecutive individuals (whole bytes): for each
/// SNP, w_c = x(code c) B_j, then each call adds its code's row of w.
private struct RowPiece: ProductPiece {
  /// The piece's first byte of SNP 0.
  let packed: UnsafePointer<UInt8>
  let bytesPerSNP: Int
  let snps: Int
  let individuals: Int
  let values: UnsafePointer<Double>
  let b: UnsafePointer<SIMD4<Double>>
  let y: UnsafeMutablePointer<SIMD4<Double>>

  @inline(__always)
  func run(width: Int) {
    withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 4 * width) { w in
      // The missing code's row stays zero.
      for t in 0..<(4 * width) { w[t] = .zero }
      for j in 0..<snps where values[4 * j] != 0 || values[4 * j + 3] != 0 {
        let (v0, v2, v3) = (values[4 * j], values[4 * j + 2], values[4 * j + 3])
        for v in 0..<width {
          let x = b[j * width + v]
          w[v] = v0 * x
          w[2 * width + v] = v2 * x
          w[3 * width + v] = v3 * x
        }
        let row = packed + j * bytesPerSNP
        for q in 0..<(individuals / 4) {
          let byte = Int(row[q]), out = y + 4 * q * width
          let (c0, c1) = ((byte & 3) * width, (byte >> 2 & 3) * width)
          let (c2, c3) = ((byte >> 4 & 3) * width, (byte >> 6) * width)
          for v in 0..<width {
            out[v] += w[c0 + v]
            out[width + v] += w[c1 + v]
            out[2 * width + v] += w[c2 + v]
            out[3 * width + v] += w[c3 + v]
          }
        }
        for i in (individuals & ~3)..<individuals {
          let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
          for v in 0..<width { y[i * width + v] += w[code * width + v] }
        }
      }
    }
  }
}

/// Xᵀ B for one piece of SNPs: for each SNP, the rows of B summed by the
/// code of each individual's call, then weighted by the code values.
private struct ColumnPiece: ProductPiece {
  let packed: UnsafePointer<UInt8>
  let bytesPerSNP: Int
  let snps: Range<Int>
  let individuals: Int
  let values: UnsafePointer<Double>
  let b: UnsafePointer<SIMD4<Double>>
  /// The piece's rows of the result.
  let z: UnsafeMutablePointer<SIMD4<Double>>

  @inline(__always)
  func run(width: Int) {
    // Two sets of sums (even and odd individuals), so that consecutive
    // calls with the same code do not wait on each other's additions.
    withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 8 * width) { sums in
      let odd = 4 * width
      for j in snps where values[4 * j] != 0 || values[4 * j + 3] != 0 {
        for t in 0..<(8 * width) { sums[t] = .zero }
        let row = packed + j * bytesPerSNP
        for q in 0..<(individuals / 4) {
          let byte = Int(row[q]), source = b + 4 * q * width
          let (c0, c1) = ((byte & 3) * width, odd + (byte >> 2 & 3) * width)
          let (c2, c3) = ((byte >> 4 & 3) * width, odd + (byte >> 6) * width)
          for v in 0..<width {
            sums[c0 + v] += source[v]
            sums[c1 + v] += source[width + v]
            sums[c2 + v] += source[2 * width + v]
            sums[c3 + v] += source[3 * width + v]
          }
        }
        for i in (individuals & ~3)..<individuals {
          let code = Int((row[i >> 2] >> UInt8(2 * (i & 3))) & 3)
          for v in 0..<width { sums[code * width + v] += b[i * width + v] }
        }
        let (v0, v2, v3) = (values[4 * j], values[4 * j + 2], values[4 * j + 3])
        let out = z + (j - snps.lowerBound) * width
        for v in 0..<width {
          let first: SIMD4<Double> = sums[v] + sums[odd + v]
          let het: SIMD4<Double> = sums[2 * width + v] + sums[odd + 2 * width + v]
          let second: SIMD4<Double> = sums[3 * width + v] + sums[odd + 3 * width + v]
          out[v] = v0 * first + v2 * het + v3 * second
        }
      }
    }
  }
}

/// A piece of a product, whose loops run over rows of `width` vectors.
private protocol ProductPiece {
  func run(width: Int)
}

extension ProductPiece {
  /// Runs the loops compiled for the width (up to four vectors), so that
  /// the loops over a row unroll.
  func run(specialisedFor width: Int) {
    switch width {
    case 1: run(One.self)
    case 2: run(Two.self)
    case 3: run(Three.self)
    case 4: run(Four.self)
    default: run(width: width)
    }
  }

  private func run<Width: VectorCount>(_: Width.Type) { run(width: Width.value) }
}

/// A number of vectors known when compiling: the product loops are
/// specialised for each, which makes the width a constant.
private protocol VectorCount { static var value: Int { get } }
private enum One: VectorCount { static var value: Int { 1 } }
private enum Two: VectorCount { static var value: Int { 2 } }
private enum Three: VectorCount { static var value: Int { 3 } }
private enum Four: VectorCount { static var value: Int { 4 } }
