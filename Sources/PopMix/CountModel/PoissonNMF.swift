import Foundation
import RealModule

/// Fits λ = C ∘ (W H) to a count table by maximum likelihood.
///
/// The update is Lee and Seung's multiplicative update as the course notes
/// derive it (docs/model.md): with W's columns and H's columns summing to
/// one and C fixed, the simultaneous update of W and H from the same λ is an
/// EM step, so the log-likelihood never decreases. With hidden entries
/// (missing, or held out for cross-validation) it becomes an ECM step that
/// also re-estimates C, and reduces to the plain update when nothing is
/// hidden.
public enum PoissonNMF {
  /// Fits `table` with `options.restarts` random starts and keeps the best.
  ///
  /// - Parameters:
  ///   - table: the counts; loci whose counts are all zero must have been
  ///     dropped (``CountTable/droppingEmptyLoci()``).
  ///   - options: the settings.
  ///   - hidden: optional flags, one per entry (row-major), for entries to
  ///     leave out of the fit as if missing.
  /// - Throws: ``PopMixError`` when the settings are out of range, a count is
  ///   not a whole number from 0 to ``CountTable/maximumCount``, or an
  ///   individual or a locus has no observed count above zero (missing
  ///   entries do not count).
  /// - Complexity: O(restarts × iterations × nnz × r), nnz the non-zero
  ///   observed entries.
  public static func fit(_ table: CountTable, options: FitOptions, hidden: [Bool]? = nil,
                         observer: FitObserver? = nil) throws -> FitResult<Factorization> {
    try options.validate()
    let full = try checkedLayout(table, populations: options.populations)
    let data = hidden == nil ? full : ObservedCounts(counts: table.counts, hidden: hidden)
    return try fit(data, table: table, options: options, observer: observer)
  }

  /// The table laid out for fitting, once its counts and shape are checked.
  ///
  /// - Throws: ``PopMixError`` as ``fit(_:options:hidden:observer:)`` does.
  static func checkedLayout(_ table: CountTable, populations r: Int) throws -> ObservedCounts {
    try table.checkCounts()
    let full = ObservedCounts(counts: table.counts)
    try checkFittable(full, table: table, populations: r)
    return full
  }

  /// Fits counts already laid out for fitting (the scan reuses the layout
  /// to score its held-out entries).
  ///
  /// The data are not checked beyond their shape: the callers have checked
  /// the full table, and a cross-validation fold may leave an individual or
  /// a locus without a count (its W or G entries then shrink to the floor,
  /// and the scan does not score it).
  static func fit(_ data: ObservedCounts, table: CountTable, options: FitOptions,
                  observer: FitObserver? = nil) throws -> FitResult<Factorization> {
    try options.validate()
    try checkFittable(data, table: table, populations: options.populations, requireCounts: false)
    var result = try FitResult<Factorization>.bestOfRestarts(options: options) { restart, seed, threads in
      let began = ContinuousClock.now
      let start = subsampledStart(data, populations: options.populations, seed: seed, candidates: options.candidateStarts,
                                  algorithm: options.algorithm, maxIterations: options.maxIterations, threads: threads)
        ?? screenedStart(data, populations: options.populations, seed: seed, candidates: options.candidateStarts)
      var run = iterate(data, from: start.model, algorithm: options.algorithm,
                        tolerance: options.tolerance, maxIterations: options.maxIterations,
                        recordTrace: options.recordTrace, restart: restart, observer: observer, threads: threads,
                        began: began, passesBefore: start.passes)
      run.iterations += start.passes
      return run
    }
    result.model = result.model.sortedByPopulationShare()
    return result
  }

  /// Runs the iteration from a given start and returns every iteration's
  /// log-likelihood as well (for tests and diagnostics).
  ///
  /// - Precondition: `start` matches the table's shape, W's columns and H's
  ///   columns sum to one.
  public static func trace(_ table: CountTable, from start: Factorization, hidden: [Bool]? = nil,
                           algorithm: FitAlgorithm = .accelerated, tolerance: Double,
                           maxIterations: Int) -> (model: Factorization, logLikelihoods: [Double], passes: Int) {
    precondition(start.individuals == table.individualCount && start.loci == table.locusCount,
                 "The start does not match the table's shape")
    let data = ObservedCounts(counts: table.counts, hidden: hidden)
    let run = iterate(data, from: start, algorithm: algorithm, tolerance: tolerance,
                      maxIterations: maxIterations, recordTrace: true)
    return (run.model, run.trace.map(\.logLikelihood), run.iterations)
  }

  /// A random start: W's columns Dirichlet(1) over individuals, H's columns
  /// Dirichlet(1) over populations, C the observed totals (scaled up for
  /// missing entries).
  public static func randomStart(_ table: CountTable, populations: Int, seed: UInt64) -> Factorization {
    randomStart(ObservedCounts(counts: table.counts), populations: populations, seed: seed)
  }

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

  /// Passes of plain updates each candidate start gets before the best is kept.
  static let screeningPasses = 10

  /// The best of `candidates` random starts after ``screeningPasses`` plain
  /// updates each (one random start when `candidates` is 1), and the passes
  /// spent choosing it. A start that is already better after a few passes
  /// tends to reach a better optimum sooner.
  static func screenedStart(_ data: ObservedCounts, populations r: Int, seed: UInt64,
                            candidates: Int) -> (model: Factorization, passes: Int) {
    guard candidates > 1 else { return (randomStart(data, populations: r, seed: seed), 0) }
    let (best, passes) = SingleRun.bestOfCandidates(candidates, seed: seed) { candidateSeed in
      iterate(data, from: randomStart(data, populations: r, seed: candidateSeed), algorithm: .mu, tolerance: 0,
              maxIterations: screeningPasses)
    }
    return (best.model, passes)
  }

  /// Loci a subsample keeps: one in `subsampleStride`, and at least
  /// `subsampleMinimum`; smaller tables start from random points directly.
  static let subsampleStride = 8
  static let subsampleMinimum = 200
  /// The subsample's fit stops at this relative gain per pass: it only has to
  /// find the populations' outline, which the full fit then refines. 1e-5
  /// reached scikit-learn's final log-likelihood 1.5–2.4 times sooner than
  /// 1e-7 on 1,000 × 20,000 (seeds 1, 2), with as many passes in all. 1e-4
  /// against 1e-5, on 180 × 2,000 (seeds 1–5, two threads): 342–436 passes
  /// in all against 414–692, 0.13–0.15 s against 0.14–0.31 s, the final l
  /// within 0.02 either way; on 1,000 × 20,000 (seeds 1, 2) it reached
  /// scikit-learn's value 15% later (0.85 and 1.13 s against 0.74 and
  /// 1.00 s, of scikit-learn's 48 s) in 629 and 763 passes against 1,148
  /// and 746.
  static let subsampleTolerance = 1e-4
  /// The share of W that the start spreads evenly over the individuals.
  /// The subsample's W has entries near zero (an individual's share of a
  /// population it does not belong to), which multiplicative updates take
  /// hundreds of passes to move; unsmoothed, the full fit took 640–1,410
  /// passes and stopped 0.1–1.2 log-units lower on 180 × 2,000 (five seeds),
  /// smoothed by 0.1 it took 356–418 and ended higher than from random starts.
  static let subsampleSmoothing = 0.1

  /// A start from fits to every ``subsampleStride``-th locus, or nil when the
  /// table has too few loci for one: `candidates` random points (the first
  /// from `seed`) are fitted there, at an eighth of the cost per pass, and
  /// the best W, smoothed (``subsampleSmoothing``), is kept. H then takes one
  /// EM step from uniform given that W, H_aμ ∝ Σ_i (V_iμ / Σ_b W_ib) W_ia,
  /// so that the full fit starts from a consistent pair. Returns the start
  /// and its cost in full passes (subsample passes × the subsample's share
  /// of the loci, rounded up).
  static func subsampledStart(_ data: ObservedCounts, populations r: Int, seed: UInt64, candidates: Int,
                              algorithm: FitAlgorithm, maxIterations: Int,
                              threads: Int) -> (model: Factorization, passes: Int)? {
    let m = data.columns, n = data.rows
    guard m / subsampleStride >= subsampleMinimum else { return nil }
    let subsample = data.everyColumn(subsampleStride)
    let (best, subsamplePasses) = SingleRun.bestOfCandidates(candidates, seed: seed) { candidateSeed in
      iterate(subsample, from: randomStart(subsample, populations: r, seed: candidateSeed), algorithm: algorithm,
              tolerance: subsampleTolerance, maxIterations: maxIterations, threads: threads)
    }
    var W = best.model.W
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
    let cost = (subsamplePasses * subsample.columns + m - 1) / m
    return (Factorization(W: W, H: H, totals: data.scaledColumnTotals), cost)
  }

  /// Refuses data the model cannot be fitted to, with a sentence saying why.
  static func checkFittable(_ data: ObservedCounts, table: CountTable, populations r: Int,
                            requireCounts: Bool = true) throws {
    if data.rows == 0 || data.columns == 0 {
      throw PopMixError.badData("the table is empty (\(data.rows) individuals, \(data.columns) loci)")
    }
    let limit = Swift.min(data.rows, data.columns)
    if r > limit {
      throw PopMixError.badSetting(.populations, r, .atMostForData("\(limit)", because: "the smaller of \(data.rows) individuals and \(data.columns) loci"))
    }
    guard requireCounts else { return }
    if let mu = data.columnTotals.firstIndex(where: { $0 <= 0 }) {
      throw PopMixError.badData("locus '\(table.loci[mu])' has no observed count above zero; drop it before fitting")
    }
    if let i = data.rowTotals.firstIndex(where: { $0 <= 0 }) {
      throw PopMixError.badData("individual '\(table.individuals[i])' has no observed count above zero, so its ancestry cannot be estimated; remove it from the table")
    }
  }
}
