/// A count table laid out for the Newton sweep's fast path (r ≤ 4): every
/// line's counts (an individual's over the loci, or a locus's over the
/// individuals) stored whole and contiguous as 16-bit values, the line
/// padded with zeros to a multiple of four entries. Hidden entries are
/// stored as zeros: they enter the line's problem through s alone, as the
/// sparse layout's absent entries do.
///
/// The pass puts four entries of a line in a vector's lanes and the other
/// factor's populations in four rows (``fillFactorRows(_:count:stride:populations:into:)``),
/// so λ, ρ and the curvature's products are vector operations with no sum
/// across lanes, and no column index is read per entry.
struct CountNewtonDenseLines: Sendable {
  /// Lines stored.
  let lines: Int
  /// Entries per line, padding included (a multiple of four).
  let length: Int
  /// Line ℓ's counts are `counts[ℓ · length ..< (ℓ + 1) · length]`.
  let counts: AlignedBuffer<UInt16>

  /// Below this share of non-zero observed entries the sparse layout is
  /// kept: it reads 6 bytes per non-zero entry against 2 per entry here,
  /// and skips the zeros (as ``DenseCounts/minimumDensity``).
  static let minimumDensity = DenseCounts.minimumDensity

  /// Whether `data` suits the dense layout: every count below 65,535, and
  /// at least ``minimumDensity`` of the entries non-zero.
  static func suits(_ data: ObservedCounts) -> Bool {
    let entries = data.rows * data.columns
    return entries > 0 && data.largeCounts.isEmpty
      && Double(data.column.count) >= minimumDensity * Double(entries)
  }

  /// `data`'s counts by individual (`byLocus` false) or by locus (true).
  ///
  /// - Precondition: `data` has no count of 65,535 or more.
  /// - Complexity: O(n m).
  init(_ data: ObservedCounts, byLocus: Bool) {
    precondition(data.largeCounts.isEmpty, "the dense Newton layout holds 16-bit counts only")
    lines = byLocus ? data.columns : data.rows
    length = ((byLocus ? data.rows : data.columns) + 3) / 4 * 4
    var counts = AlignedBuffer<UInt16>(repeating: 0, count: lines * length)
    let target = counts.mutablePointer, length = self.length
    let (rowStart, column, count) = (data.rowStart.pointer, data.column.pointer, data.count.pointer)
    for i in 0..<data.rows {
      for k in rowStart[i]..<rowStart[i + 1] {
        let mu = Int(column[k])
        target[byLocus ? mu * length + i : i * length + mu] = count[k]
      }
    }
    self.counts = counts
  }

  /// Lays the other factor (`count` rows of `stride` lanes, r used) out as
  /// four rows of `length` values, population after population: rows past
  /// r are zero, and the padding past `count` is 1 in the first r rows, so
  /// that λ stays positive where the count is a padding zero.
  ///
  /// - Precondition: `rows` holds 4 × `length` values; r ≤ 4.
  /// - Complexity: O(length).
  func fillFactorRows(_ factor: UnsafePointer<Double>, count: Int, stride p: Int, populations r: Int,
                      into rows: UnsafeMutablePointer<Double>) {
    precondition(r <= 4 && count <= length, "four factor rows of the line's length")
    rows.update(repeating: 0, count: 4 * length)
    for a in 0..<r {
      let row = rows + a * length
      for j in 0..<count { row[j] = factor[j * p + a] }
      for j in count..<length { row[j] = 1 }
    }
  }
}
