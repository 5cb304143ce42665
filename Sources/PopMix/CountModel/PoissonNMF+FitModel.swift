/// The count model's part of the fit: its kernel, its starts and the
/// shape of table it takes.
extension PoissonNMF: FitModel {
  static func kernel(_ data: ObservedCounts, populations: Int, threads: Int,
                     algorithm: FitAlgorithm, fixed: Never?) -> CountKernel {
    precondition(algorithms.contains(algorithm), "The count model has no \(algorithm) steps")
    return CountKernel(data: data, populations: populations, threads: threads, newtonSteps: algorithm == .newton)
  }

  static func informedStart(_ data: ObservedCounts, populations: Int, seed: UInt64, threads: Int,
                            algorithm: FitAlgorithm) -> Factorization? { nil }

  static var algorithms: [FitAlgorithm] { [.accelerated, .mu, .newton] }

  static func state(_ parameters: Factorization) -> CountState { CountState(parameters) }

  /// When nothing was hidden, C is reported as the observed locus totals,
  /// which the update keeps in exact arithmetic (avoiding totals like
  /// 287.99999999999994).
  static func parameters(_ state: CountState, data: ObservedCounts) -> Factorization {
    state.model(individuals: data.rows, observedTotals: data.hiddenColumn.isEmpty ? data.columnTotals : nil)
  }

  /// A random start: W's columns Dirichlet(1) over individuals, H's columns
  /// Dirichlet(1) over populations, C the observed totals (scaled up for
  /// missing entries).
  static func randomStart(_ data: ObservedCounts, populations r: Int, seed: UInt64) -> Factorization {
    let random = RandomSource(seed: seed)
    var W = Matrix(rows: data.rows, columns: r)
    for a in 0..<r {
      let column = random.dirichlet(count: data.rows)
      for i in 0..<data.rows { W[i, a] = column[i] }
    }
    var H = Matrix(rows: r, columns: data.columns)
    for mu in 0..<data.columns {
      let column = random.dirichlet(count: r)
      for a in 0..<r { H[a, mu] = column[a] }
    }
    return Factorization(W: W, H: H, totals: data.scaledColumnTotals)
  }

  static func individuals(of data: ObservedCounts) -> Int { data.rows }

  static func columns(of data: ObservedCounts) -> Int { data.columns }

  static var dataName: String { "count tables" }

  static var columnsName: String { "loci" }

  static var emptyDataName: String { "the table is empty" }

  static func everyColumn(_ stride: Int, of data: ObservedCounts) -> ObservedCounts { data.everyColumn(stride) }

  static func subsampleMinimum(algorithm: FitAlgorithm) -> Int { 200 }

  /// Loose: the subsample's fit only has to find the populations' outline
  /// (the trade-off is measured in docs/benchmarks.md).
  static var subsampleTolerance: Double { 1e-4 }

  /// The share of W that the start spreads evenly over the individuals:
  /// the subsample's W has entries near zero, which multiplicative updates
  /// take hundreds of passes to move.
  static var subsampleSmoothing: Double { 0.1 }

  /// The subsample's W, smoothed (``subsampleSmoothing``), and H after one
  /// EM step from uniform given that W, H_aμ ∝ Σ_i (V_iμ / Σ_b W_ib) W_ia,
  /// so that the full fit starts from a consistent pair.
  static func start(fromSubsampleFit fit: Factorization, data: ObservedCounts) -> Factorization {
    let m = data.columns, n = data.rows, r = fit.populations
    var W = fit.W
    let smoothing = subsampleSmoothing
    // Columns still sum to one: (1 − s) · 1 + s · n / n.
    for index in W.elements.indices { W.elements[index] = (1 - smoothing) * W.elements[index] + smoothing / Double(n) }
    let sums = data.ancestrySums(weights: W)
    var H = Matrix(rows: r, columns: m)
    for mu in 0..<m {
      var total = 0.0
      for a in 0..<r { total += sums[mu * r + a] }
      for a in 0..<r { H[a, mu] = total > 0 ? sums[mu * r + a] / total : 1 / Double(r) }
    }
    return Factorization(W: W, H: H, totals: data.scaledColumnTotals)
  }

  /// A few plain passes tell a promising random start from a poor one.
  static var screeningPasses: Int { 10 }

  static func passesSplit(_ data: ObservedCounts, threads: Int) -> Bool { false }

  static func sortedByPopulationShare(_ parameters: Factorization) -> Factorization {
    parameters.sortedByPopulationShare()
  }
}
