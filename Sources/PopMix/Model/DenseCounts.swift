/// A count table stored whole as 16-bit counts for the dense kernel
/// (``DenseCountPass``), in tiles of T = 256 loci: tile t holds loci
/// t·T ..< (t + 1)·T of every individual, individual after individual, so
/// the kernel reads the counts in storage order. Loci past the last are
/// padded with zeros; hidden entries are stored as zero.
///
/// A zero, observed or hidden, adds nothing to the pass's ratio sums or to
/// Σ V log λ (hidden entries enter the update through ``EMKernel``'s
/// separate hidden sums), so the dense pass gives the sparse pass's sums.
struct DenseCounts: Sendable {
  let rows: Int
  let columns: Int
  /// Tiles × T: the loci stored, padding included.
  let paddedColumns: Int
  let counts: [UInt16]

  var tileCount: Int { paddedColumns / Self.tileWidth }

  /// Loci per tile, T: with r = 4 a tile's G and its ratio sums take
  /// 16 KiB, half of a 32 KiB first-level cache, and each individual's
  /// stretch of counts is 512 bytes read in order. Fixed, so that the
  /// kernel's offsets within a tile are constants of its instructions; a
  /// table of fewer loci is padded to one tile.
  static let tileWidth = 256

  /// Below this share of non-zero observed entries the sparse layout is
  /// kept: it stores 6 bytes per non-zero entry against 2 per entry here, and
  /// it skips the zeros, so at a third it is as compact and about as fast.
  static let minimumDensity = 1.0 / 3.0

  /// The dense copy of `data`, or nil when the sparse layout suits it
  /// better (fewer than `minimumDensity` of the entries are non-zero) or is
  /// needed (a count of 65,535 or more).
  init?(_ data: ObservedCounts, minimumDensity: Double = Self.minimumDensity) {
    let entries = data.rows * data.columns
    guard entries > 0, data.largeCounts.isEmpty,
          Double(data.column.count) >= minimumDensity * Double(entries) else { return nil }
    rows = data.rows
    columns = data.columns
    let width = Self.tileWidth, rows = data.rows
    paddedColumns = (data.columns + width - 1) / width * width
    var counts = [UInt16](repeating: 0, count: rows * paddedColumns)
    counts.withUnsafeMutableBufferPointer { counts in
    data.rowStart.withUnsafeBufferPointer { rowStart in
    data.column.withUnsafeBufferPointer { column in
    data.count.withUnsafeBufferPointer { count in
      for i in 0..<rows {
        for k in rowStart[i]..<rowStart[i + 1] {
          let mu = Int(column[k])
          counts[(mu / width * rows + i) * width + mu % width] = count[k]
        }
      }
    }}}}
    self.counts = counts
  }
}
