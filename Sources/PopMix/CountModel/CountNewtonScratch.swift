/// What a Newton sweep of the count model (``CountKernel`` in Newton mode)
/// reads besides the rows and writes, allocated once with the kernel.
///
/// Sizes are for n individuals, m loci, p lanes per row and the kernel's
/// blocks (the row pass's and the column pass's, as many of each).
struct CountNewtonScratch {
  /// The counts by locus, for the column pass (empty when the dense
  /// layout is read).
  let columns: CountColumns
  /// The counts by individual and by locus in the dense layout of the
  /// fast path (r ≤ 4), or nil for the sparse layouts.
  let rowLines: CountNewtonDenseLines?
  let columnLines: CountNewtonDenseLines?
  /// 4 × the longer dense line: the other factor's rows for the fast path.
  var factorRows: AlignedBuffer<Double>
  /// Column blocks of about equal numbers of entries, as many as the row blocks.
  let columnBlocks: [Range<Int>]
  /// n × p (or p with nothing hidden): Σ over row i's observed loci of G_·μ.
  var rowLinear: AlignedBuffer<Double>
  /// m × p (or p with nothing hidden): Σ over locus μ's observed rows of W_i·.
  var columnLinear: AlignedBuffer<Double>
  /// Blocks: Σ of the lines' f at the start of a half-sweep.
  var blockLogLikelihood: AlignedBuffer<Double>
  /// Blocks: lines that kept their Newton step in the last half-sweep.
  var blockNewtonLines: AlignedBuffer<Int>
  /// m: 1 / C_μ, the scale of G's entries in a flat point (as H's).
  let flatScale: AlignedBuffer<Double>
  /// The point last laid flat: a quasi-Newton point's entries may shrink
  /// to no less than ``CountKernel/shrinkLimit`` of its.
  var reference: AlignedBuffer<Double>

  /// Zeroed buffers for `data`, with `blocks` row blocks, and the dense
  /// layout of the fast path when `dense` is set.
  ///
  /// - Precondition: with `dense`, `data` has no count of 65,535 or more.
  /// - Complexity: O(nnz + (n + m) p), or O(n m) with `dense`.
  init(_ data: ObservedCounts, stride p: Int, rowBlocks blocks: Int, dense: Bool = false) {
    let hidden = !data.hiddenColumn.isEmpty
    if dense {
      let rowLines = CountNewtonDenseLines(data, byLocus: false)
      let columnLines = CountNewtonDenseLines(data, byLocus: true)
      self.rowLines = rowLines
      self.columnLines = columnLines
      factorRows = AlignedBuffer(repeating: 0, count: 4 * Swift.max(rowLines.length, columnLines.length))
      columns = CountColumns(ObservedCounts(counts: Matrix(rows: 0, columns: 0)))
      // Every dense line costs the same: blocks of equal numbers of loci.
      let m = data.columns, count = Swift.max(1, Swift.min(blocks, m))
      columnBlocks = (0..<count).map { b in m * b / count..<m * (b + 1) / count }
    } else {
      rowLines = nil
      columnLines = nil
      factorRows = AlignedBuffer(repeating: 0, count: 0)
      columns = CountColumns(data)
      columnBlocks = CountKernel.balancedBlocks(columns.start, count: blocks)
    }
    rowLinear = AlignedBuffer(repeating: 0, count: (hidden ? data.rows : 1) * p)
    columnLinear = AlignedBuffer(repeating: 0, count: (hidden ? data.columns : 1) * p)
    blockLogLikelihood = AlignedBuffer(repeating: 0, count: Swift.max(blocks, columnBlocks.count))
    blockNewtonLines = AlignedBuffer(repeating: 0, count: Swift.max(blocks, columnBlocks.count))
    flatScale = AlignedBuffer(data.columnTotals.map { $0 > 0 ? 1 / $0 : 1 })
    reference = AlignedBuffer(repeating: 0, count: (data.rows + data.columns) * p)
  }

  /// An empty scratch, for a kernel that takes EM steps.
  init() {
    columns = CountColumns(ObservedCounts(counts: Matrix(rows: 0, columns: 0)))
    rowLines = nil
    columnLines = nil
    factorRows = AlignedBuffer(repeating: 0, count: 0)
    columnBlocks = []
    rowLinear = AlignedBuffer(repeating: 0, count: 0)
    columnLinear = rowLinear
    blockLogLikelihood = rowLinear
    blockNewtonLines = AlignedBuffer(repeating: 0, count: 0)
    flatScale = rowLinear
    reference = rowLinear
  }
}
