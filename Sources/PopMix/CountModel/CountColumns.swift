/// The non-zero observed counts laid out locus by locus (compressed sparse
/// columns): what a Newton sweep's column pass reads, one locus's entries
/// together, as ``ObservedCounts`` holds them individual by individual.
struct CountColumns: Sendable {
  /// Locus μ's entries are `start[μ]..<start[μ + 1]`.
  let start: AlignedBuffer<Int>
  /// Individual of each entry.
  let row: AlignedBuffer<Int32>
  /// Count of each entry, `UInt16.max` meaning "look it up in `largeCounts`",
  /// as in ``ObservedCounts``.
  let count: AlignedBuffer<UInt16>
  /// The counts of `UInt16.max` or more, by entry of this layout.
  let largeCounts: [Int: Double]

  /// The transpose of `data`'s non-zero observed entries.
  ///
  /// - Complexity: O(nnz + m).
  init(_ data: ObservedCounts) {
    let n = data.rows, m = data.columns, nnz = data.column.count
    var start = [Int](repeating: 0, count: m + 1)
    for k in 0..<nnz { start[Int(data.column[k]) + 1] += 1 }
    for mu in 0..<m { start[mu + 1] += start[mu] }
    var next = start
    var row = [Int32](repeating: 0, count: nnz), count = [UInt16](repeating: 0, count: nnz)
    var largeCounts: [Int: Double] = [:]
    for i in 0..<n {
      for k in data.rowStart[i]..<data.rowStart[i + 1] {
        let mu = Int(data.column[k])
        let place = next[mu]
        next[mu] += 1
        row[place] = Int32(i)
        count[place] = data.count[k]
        if data.count[k] == .max { largeCounts[place] = data.value(stored: data.count[k], at: k) }
      }
    }
    self.start = AlignedBuffer(start)
    self.row = AlignedBuffer(row)
    self.count = AlignedBuffer(count)
    self.largeCounts = largeCounts
  }
}
