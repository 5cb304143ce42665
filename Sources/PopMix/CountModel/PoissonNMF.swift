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
    return try fitAllowingEmpty(data, options: options, observer: observer)
  }

  /// The table laid out for fitting, once its counts and shape are checked.
  ///
  /// - Throws: ``PopMixError`` as ``fit(_:options:hidden:observer:)`` does.
  static func checkedLayout(_ table: CountTable, populations r: Int) throws -> ObservedCounts {
    try table.checkCounts()
    let full = ObservedCounts(counts: table.counts)
    try checkShape(full, populations: r)
    try checkEveryRowAndColumnCounted(full, table: table)
    return full
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
    return traced(ObservedCounts(counts: table.counts, hidden: hidden), from: start, algorithm: algorithm,
                  tolerance: tolerance, maxIterations: maxIterations)
  }

  /// A random start: W's columns Dirichlet(1) over individuals, H's columns
  /// Dirichlet(1) over populations, C the observed totals (scaled up for
  /// missing entries).
  public static func randomStart(_ table: CountTable, populations: Int, seed: UInt64) -> Factorization {
    randomStart(ObservedCounts(counts: table.counts), populations: populations, seed: seed)
  }

  /// Refuses a table in which a locus or an individual has no observed
  /// count above zero: its parameters would be its random start's.
  static func checkEveryRowAndColumnCounted(_ data: ObservedCounts, table: CountTable) throws {
    if let mu = data.columnTotals.firstIndex(where: { $0 <= 0 }) {
      throw PopMixError.badData("locus '\(table.loci[mu])' has no observed count above zero; drop it before fitting")
    }
    if let i = data.rowTotals.firstIndex(where: { $0 <= 0 }) {
      throw PopMixError.badData("individual '\(table.individuals[i])' has no observed count above zero, so its ancestry cannot be estimated; remove it from the table")
    }
  }
}
