import RealModule

/// A count table laid out for fitting: the non-zero observed entries row by
/// row (compressed sparse rows) and the hidden entries (missing or held out)
/// row by row.
///
/// Zero counts contribute only −λ to the log-likelihood and nothing to the
/// update ratios, and the sum of λ has a closed form, so the fitter never
/// visits them.
struct ObservedCounts: Sendable {
  /// Individuals, n.
  let rows: Int
  /// Loci, m.
  let columns: Int
  /// Row i's non-zero observed entries are `rowStart[i]..<rowStart[i + 1]`.
  private(set) var rowStart = AlignedBuffer<Int>([0])
  /// Locus of each non-zero observed entry.
  private(set) var column = AlignedBuffer<Int32>([])
  /// Count of each non-zero observed entry; `UInt16.max` means "look the
  /// count up in `largeCounts`" (6 bytes an entry with the locus index).
  private(set) var count = AlignedBuffer<UInt16>([])
  /// The counts of `UInt16.max` or more, by entry.
  private(set) var largeCounts: [Int: Double] = [:]

  /// Entry k's count, given its stored value `stored` (`count[k]`, which
  /// hot loops read through a pointer).
  @inline(__always)
  func value(stored: UInt16, at k: Int) -> Double { stored == .max ? largeCounts[k]! : Double(stored) }
  /// Row i's hidden entries are `hiddenStart[i]..<hiddenStart[i + 1]`.
  private(set) var hiddenStart = AlignedBuffer<Int>([0])
  /// Locus of each hidden entry.
  private(set) var hiddenColumn = AlignedBuffer<Int32>([])
  /// Σ log V! over the observed entries: the constant part of the likelihood.
  private(set) var logFactorialSum = 0.0
  /// The observed total at each locus.
  private(set) var columnTotals: [Double]
  /// The number of observed entries at each locus.
  private(set) var columnObserved: [Int]
  /// The observed total of each individual.
  private(set) var rowTotals: [Double]

  /// Lays out `counts` (NaN = missing), hiding also the entries for which
  /// `hidden` is true.
  ///
  /// - Parameters:
  ///   - counts: individuals by loci; NaN marks a missing entry.
  ///   - hidden: optional row-major flags, one per entry, for entries to
  ///     leave out (cross-validation's held-out fold).
  /// - Complexity: O(n m).
  init(counts: Matrix, hidden: [Bool]? = nil) {
    precondition(hidden == nil || hidden!.count == counts.elements.count, "One hidden flag per entry is needed")
    self.init(rows: counts.rows, columns: counts.columns)
    var entries = Entries()
    var logFactorials: [Double] = []
    for i in 0..<rows {
      for mu in 0..<columns {
        let index = i * columns + mu
        let v = counts.elements[index]
        if v.isNaN || (hidden?[index] ?? false) {
          entries.hiddenColumn.append(Int32(mu))
          continue
        }
        columnTotals[mu] += v
        columnObserved[mu] += 1
        rowTotals[i] += v
        guard v > 0 else { continue }
        if v >= Double(UInt16.max) { largeCounts[entries.column.count] = v }
        entries.column.append(Int32(mu))
        entries.count.append(v < Double(UInt16.max) ? UInt16(v) : UInt16.max)
        logFactorialSum += Self.logFactorial(v, cache: &logFactorials)
      }
      entries.endRow()
    }
    store(entries)
  }

  /// The number of observed (not hidden) entries.
  var observedEntryCount: Int { rows * columns - hiddenColumn.count }

  /// Each locus's observed total scaled up for its hidden entries (0 for a
  /// locus with none observed): the C_μ a start takes.
  var scaledColumnTotals: [Double] {
    (0..<columns).map { mu in
      columnObserved[mu] == 0 ? 0 : columnTotals[mu] * Double(rows) / Double(columnObserved[mu])
    }
  }

  /// The loci 0, `stride`, 2 `stride`, … as a table of their own, with
  /// their hidden entries (the subsample that a fit's start is found on).
  ///
  /// - Precondition: `stride >= 1`.
  /// - Complexity: O(nnz + hidden).
  func everyColumn(_ stride: Int) -> ObservedCounts {
    precondition(stride >= 1, "A subsample needs a stride of at least 1")
    var subsample = ObservedCounts(rows: rows, columns: (columns + stride - 1) / stride)
    // Each locus's place in the subsample, or −1: a look-up per entry
    // instead of an integer division, which cost more than the rest.
    var place = AlignedBuffer<Int32>(repeating: -1, count: columns)
    for mu in Swift.stride(from: 0, to: columns, by: stride) { place[mu] = Int32(mu / stride) }
    var entries = Entries()
    let share = self.column.count / stride + rows
    entries.column.reserveCapacity(share)
    entries.count.reserveCapacity(share)
    entries.rowStart.reserveCapacity(rows + 1)
    entries.hiddenStart.reserveCapacity(rows + 1)
    var logFactorials: [Double] = []
    let (rowStart, column, count) = (self.rowStart.pointer, self.column.pointer, self.count.pointer)
    let (hiddenStart, hiddenColumn) = (self.hiddenStart.pointer, self.hiddenColumn.pointer)
    let placeOf = place.pointer
    for i in 0..<rows {
      for k in rowStart[i]..<rowStart[i + 1] {
        let mu = Int(placeOf[Int(column[k])])
        guard mu >= 0 else { continue }
        let v = value(stored: count[k], at: k)
        if count[k] == .max { subsample.largeCounts[entries.column.count] = v }
        entries.column.append(Int32(mu))
        entries.count.append(count[k])
        subsample.columnTotals[mu] += v
        subsample.rowTotals[i] += v
        subsample.logFactorialSum += Self.logFactorial(v, cache: &logFactorials)
      }
      for k in hiddenStart[i]..<hiddenStart[i + 1] where placeOf[Int(hiddenColumn[k])] >= 0 {
        entries.hiddenColumn.append(placeOf[Int(hiddenColumn[k])])
      }
      entries.endRow()
    }
    extendLifetime(place)
    subsample.store(entries)
    for mu in 0..<subsample.columns { subsample.columnObserved[mu] = columnObserved[mu * stride] }
    return subsample
  }

  /// The entries' arrays while a layout is filled, stored aligned at the end.
  private struct Entries {
    var rowStart = [0]
    var column: [Int32] = []
    var count: [UInt16] = []
    var hiddenStart = [0]
    var hiddenColumn: [Int32] = []

    /// Closes the row being filled.
    mutating func endRow() {
      rowStart.append(column.count)
      hiddenStart.append(hiddenColumn.count)
    }
  }

  private mutating func store(_ entries: Entries) {
    rowStart = AlignedBuffer(entries.rowStart)
    column = AlignedBuffer(entries.column)
    count = AlignedBuffer(entries.count)
    hiddenStart = AlignedBuffer(entries.hiddenStart)
    hiddenColumn = AlignedBuffer(entries.hiddenColumn)
  }

  /// An empty layout of the given shape, to be filled.
  private init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    columnTotals = [Double](repeating: 0, count: columns)
    columnObserved = [Int](repeating: 0, count: columns)
    rowTotals = [Double](repeating: 0, count: rows)
  }

  private static func logFactorial(_ v: Double, cache: inout [Double]) -> Double {
    guard v < 4096 else { return .logGamma(v + 1) }
    let k = Int(v)
    while cache.count <= k { cache.append(.logGamma(Double(cache.count) + 1)) }
    return cache[k]
  }
}
