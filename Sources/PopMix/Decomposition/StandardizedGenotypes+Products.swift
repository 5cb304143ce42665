/// The two products, over the packed codes, one byte (four calls) at a
/// time: X B adds, per call, its code's value (``StandardizedGenotypes/codeValues``)
/// times the SNP's row of B; Xᵀ B adds, per byte, a precomputed row for
/// the byte's value. B's rows are held as vectors of four doubles, and the
/// loops over them are compiled for each width up to four vectors (blocks
/// of up to 16 columns) so they unroll.
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
  /// Per SNP, z_j = s_j Σ_i g_ij B_i − 2 f_j s_j Σ_{i called} B_i. The first
  /// sum is read four individuals at a time from a table of its 256 values
  /// per byte (built once per product, a chunk of bytes at a time so the
  /// tables stay in cache); the second is the total of B's rows less those
  /// of the missing calls, visited only for SNPs that have any.
  ///
  /// - Precondition: `b.rows == n`.
  /// - Complexity: O(n m k / 4) additions, spread over ``threads``, and
  ///   O(256 n k / 4) for the tables.
  public func multiplyTransposed(_ b: Matrix) -> Matrix {
    precondition(b.rows == rows, "The genotype operator's transpose multiplies \(rows) rows, not \(b.rows)")
    let m = columns, n = rows, width = (b.columns + 3) / 4, bytes = genotypes.bytesPerSNP
    // B's rows, padded to whole bytes with zero rows for the padding slots.
    var vectors = Self.vectors(b)
    vectors.append(contentsOf: repeatElement(.zero, count: (4 * bytes - n) * width))
    var total = [SIMD4<Double>](repeating: .zero, count: width)
    for i in 0..<n { for v in 0..<width { total[v] += vectors[i * width + v] } }
    let sums = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: Swift.max(m * width, 1))
    sums.initialize(repeating: .zero)
    defer { sums.deallocate() }
    let tables = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: Self.bytesPerChunk * 256 * width)
    defer { tables.deallocate() }
    let pieces = (m + Self.snpsPerPiece - 1) / Self.snpsPerPiece
    genotypes.packed.withUnsafeBufferPointer { packed in
      codeValues.withUnsafeBufferPointer { values in
        for first in stride(from: 0, to: bytes, by: Self.bytesPerChunk) {
          let chunk = first ..< Swift.min(first + Self.bytesPerChunk, bytes)
          vectors.withUnsafeBufferPointer { rows in
            Self.copies.withUnsafeBufferPointer { copies in
              Self.buildTables(for: chunk, rows: rows.baseAddress!, width: width, weights: copies.baseAddress!,
                               weightStride: 0, into: tables.baseAddress!)
            }
          }
          let shared = SharedBuffers(packed: packed.baseAddress!, values: values.baseAddress!,
                                     sums: sums.baseAddress!, tables: tables.baseAddress!)
          _ = try! parallelMap(pieces, threads: threads) { piece in
            let piece = TablePiece(packed: shared.packed, bytesPerRow: bytes, chunk: chunk,
                                   rows: piece * Self.snpsPerPiece ..< Swift.min((piece + 1) * Self.snpsPerPiece, m),
                                   values: shared.values, tables: shared.tables, sums: shared.sums)
            piece.run(specialisedFor: width)
          }
        }
        // z_j = (v₂ − v₃) G_j + v₃ (total − missing_j), as v₂ − v₃ = s_j and v₃ = −2 f_j s_j.
        vectors.withUnsafeBufferPointer { rows in
          for j in 0..<m {
            let (v2, v3) = (values[4 * j + 2], values[4 * j + 3])
            var called = total
            if hasMissingCalls[j] {
              let row = packed.baseAddress! + j * bytes
              for i in 0..<n where (row[i >> 2] >> UInt8(2 * (i & 3))) & 3 == 0b01 {
                for v in 0..<width { called[v] -= rows[i * width + v] }
              }
            }
            for v in 0..<width { sums[j * width + v] = (v2 - v3) * sums[j * width + v] + v3 * called[v] }
          }
        }
      }
    }
    return Self.matrix(Array(sums.prefix(m * width)), rows: m, columns: b.columns)
  }

  /// X B through the individual-major copy of the calls: per individual,
  /// one precomputed row per byte (four SNPs), the sum over its slots of
  /// the code's value (``codeValues``) times the SNP's row of B. The same
  /// product as ``multiply(_:)``, with a quarter of the additions.
  ///
  /// The chunks of bytes go to a fixed number of groups, each with its own
  /// tables and sums; the groups' sums are added in order, so the result
  /// does not depend on the threads.
  ///
  /// - Precondition: `b.rows == m`, `calls` made from these genotypes.
  /// - Complexity: O(n m k / 4) additions and O(256 m k / 4) for the
  ///   tables, spread over ``threads``.
  func multiply(_ b: Matrix, individualMajor calls: IndividualMajorCalls) -> Matrix {
    precondition(b.rows == columns, "The genotype operator multiplies \(columns) rows, not \(b.rows)")
    precondition(calls.individuals == rows && calls.snps == columns, "The calls are not these genotypes'")
    let n = rows, width = (b.columns + 3) / 4, bytes = calls.bytesPerIndividual
    // B's rows and the codes' values, padded to whole bytes with zeros for the slots past the last SNP.
    let vectors = Self.vectors(b) + repeatElement(.zero, count: (4 * bytes - columns) * width)
    let weights = codeValues + repeatElement(0, count: 4 * (4 * bytes - columns))
    let chunks = (bytes + Self.bytesPerChunk - 1) / Self.bytesPerChunk
    let groups = Swift.min(Self.chunkGroups, chunks)
    let parts = try! parallelMap(groups, threads: threads) { group -> [SIMD4<Double>] in
      var sums = [SIMD4<Double>](repeating: .zero, count: n * width)
      let tables = UnsafeMutableBufferPointer<SIMD4<Double>>.allocate(capacity: Self.bytesPerChunk * 256 * width)
      defer { tables.deallocate() }
      calls.packed.withUnsafeBufferPointer { packed in
        vectors.withUnsafeBufferPointer { rows in
          weights.withUnsafeBufferPointer { weights in
            sums.withUnsafeMutableBufferPointer { sums in
              for chunkIndex in group * chunks / groups ..< (group + 1) * chunks / groups {
                let chunk = chunkIndex * Self.bytesPerChunk ..< Swift.min((chunkIndex + 1) * Self.bytesPerChunk, bytes)
                Self.buildTables(for: chunk, rows: rows.baseAddress!, width: width, weights: weights.baseAddress!,
                                 weightStride: 4, into: tables.baseAddress!)
                TablePiece(packed: packed.baseAddress!, bytesPerRow: bytes, chunk: chunk, rows: 0..<n, values: nil,
                           tables: tables.baseAddress!, sums: sums.baseAddress!).run(specialisedFor: width)
              }
            }
          }
        }
      }
      return sums
    }
    var sums = parts[0]
    for part in parts.dropFirst() { for index in sums.indices { sums[index] += part[index] } }
    return Self.matrix(sums, rows: n, columns: b.columns)
  }

  /// Groups of chunks in ``multiply(_:individualMajor:)``: enough to keep
  /// a few threads busy, few enough that their sums (n × k each) stay small.
  private static let chunkGroups = 8

  /// Bytes (groups of four slots) whose tables are built at a time:
  /// 32 × 256 rows of up to four vectors is 1 MiB, within a core's L2.
  private static let bytesPerChunk = 32

  /// What a code adds per slot in Xᵀ B: copies of A1, g = 2, 0, 1, 0 for
  /// the codes 00, 01, 10, 11 (a missing call adds nothing).
  private static let copies: [Double] = [2, 0, 1, 0]

  /// For each byte position in `chunk` and each byte value, Σ over its four
  /// slots, in slot order, of the slot's weight for its code times the
  /// slot's row of B. Slot s of byte q is row 4q + s of `rows`, and its
  /// weights for the four codes start at `weights + (4q + s) × weightStride`
  /// (a stride of 0 gives every slot the same weights).
  ///
  /// The 256 sums come from the first two slots' 16 and the first three's
  /// 64, each extended by one slot, so a table costs about 340 vector
  /// additions instead of 1,024, and each entry adds its terms in slot order.
  private static func buildTables(for chunk: Range<Int>, rows: UnsafePointer<SIMD4<Double>>, width: Int,
                                  weights: UnsafePointer<Double>, weightStride: Int,
                                  into tables: UnsafeMutablePointer<SIMD4<Double>>) {
    withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 80 * width) { scratch in
      let (two, three) = (scratch.baseAddress!, scratch.baseAddress! + 16 * width)
      for (q, byte) in chunk.enumerated() {
        let table = tables + q * 256 * width
        let row = { (slot: Int) in rows + (4 * byte + slot) * width }
        let weight = { (slot: Int, code: Int) in weights[(4 * byte + slot) * weightStride + code] }
        for value in 0..<16 {
          let (w0, w1) = (weight(0, value & 3), weight(1, value >> 2))
          for v in 0..<width { two[value * width + v] = SIMD4<Double>.zero + w0 * row(0)[v] + w1 * row(1)[v] }
        }
        for value in 0..<64 {
          let w2 = weight(2, value >> 4)
          for v in 0..<width { three[value * width + v] = two[(value & 15) * width + v] + w2 * row(2)[v] }
        }
        for value in 0..<256 {
          let w3 = weight(3, value >> 6)
          for v in 0..<width { table[value * width + v] = three[(value & 63) * width + v] + w3 * row(3)[v] }
        }
      }
    }
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

/// Where a table piece reads and writes: the product's shared tables and
/// sums (each piece writes only its own SNPs' rows).
private struct SharedBuffers: @unchecked Sendable {
  let packed: UnsafePointer<UInt8>
  let values: UnsafePointer<Double>
  let sums: UnsafeMutablePointer<SIMD4<Double>>
  let tables: UnsafeMutablePointer<SIMD4<Double>>
}

/// One chunk of bytes for one piece of rows of packed codes (SNPs for
/// Xᵀ B, individuals for X B): a table row per byte, added to the row's
/// running sum.
private struct TablePiece: ProductPiece {
  let packed: UnsafePointer<UInt8>
  let bytesPerRow: Int
  let chunk: Range<Int>
  let rows: Range<Int>
  /// The SNPs' code values, to skip the SNPs that do not vary; nil to skip none.
  let values: UnsafePointer<Double>?
  let tables: UnsafeMutablePointer<SIMD4<Double>>
  let sums: UnsafeMutablePointer<SIMD4<Double>>

  @inline(__always)
  func run(width: Int) {
    for j in rows where values.map({ $0[4 * j] != 0 || $0[4 * j + 3] != 0 }) ?? true {
      let row = packed + j * bytesPerRow + chunk.lowerBound, out = sums + j * width
      guard width <= 4 else {
        for q in 0..<chunk.count {
          let entry = tables + (q * 256 + Int(row[q])) * width
          for v in 0..<width { out[v] += entry[v] }
        }
        continue
      }
      // Up to four vectors summed in registers (the width is a constant here).
      var (a0, a1, a2, a3) = (SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero)
      for q in 0..<chunk.count {
        let entry = tables + (q * 256 + Int(row[q])) * width
        a0 += entry[0]
        if width > 1 { a1 += entry[1] }
        if width > 2 { a2 += entry[2] }
        if width > 3 { a3 += entry[3] }
      }
      out[0] += a0
      if width > 1 { out[1] += a1 }
      if width > 2 { out[2] += a2 }
      if width > 3 { out[3] += a3 }
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
