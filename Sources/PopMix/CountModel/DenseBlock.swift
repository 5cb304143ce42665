/// One block of the dense pass: tiles of loci and individuals, with the
/// copies of the ratio sums it writes.
struct DenseBlock {
  let tiles: Range<Int>
  let individuals: Range<Int>
  /// Its block of tiles, whose copy of the W ratio sums it writes (0 is
  /// the kernel's own).
  let tileBlock: Int
  /// Its group of individuals, whose copy of the G ratio sums it writes.
  let group: Int
}
