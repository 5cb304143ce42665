/// A count table stored whole as 16-bit counts for the dense kernel
/// (``DenseCountPass``), in tiles of T = 256 columns: tile t holds loci
/// t·L ..< (t + 1)·L of every individual, individual after individual, so
/// the kernel reads the counts in storage order. L ≤ T is the same for
/// every tile but the last, which holds the rest; columns past a tile's
/// loci are padded with zeros, and hidden entries are stored as zero.
///
/// A zero, observed or hidden, adds nothing to the pass's ratio sums or to
/// Σ V log λ (hidden entries enter the update through ``CountKernel``'s
/// separate hidden sums), so the dense pass gives the sparse pass's sums.
struct DenseCounts: Sendable {
  let rows: Int
  let columns: Int
  /// Tiles × T: the loci stored, padding included.
  let paddedColumns: Int
  /// Loci in each tile but the last, L: the fewest tiles of at most T
  /// loci, with the loci shared out about evenly (L a multiple of four,
  /// the loci of a vector): full tiles and one short last tile would make
  /// unequal blocks of work, and one thread would wait for the other.
  let tileLoci: Int
  let counts: AlignedBuffer<UInt16>

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
    let tiles = (data.columns + width - 1) / width
    paddedColumns = tiles * width
    // At most T (a tile of ⌈m / tiles⌉ ≤ T loci, T a multiple of four), so
    // the first tiles − 1 tiles hold fewer than m loci and the last at least one.
    let tileLoci = ((data.columns + tiles - 1) / tiles + 3) / 4 * 4
    self.tileLoci = tileLoci
    var counts = AlignedBuffer<UInt16>(repeating: 0, count: rows * paddedColumns)
    let target = counts.mutablePointer
    let (rowStart, column, count) = (data.rowStart.pointer, data.column.pointer, data.count.pointer)
    for i in 0..<rows {
      for k in rowStart[i]..<rowStart[i + 1] {
        let mu = Int(column[k])
        target[(mu / tileLoci * rows + i) * width + mu % tileLoci] = count[k]
      }
    }
    self.counts = counts
  }
}
