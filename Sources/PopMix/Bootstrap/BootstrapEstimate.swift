/// The replicates of a moving-block bootstrap and the standard errors of
/// the admixture proportions they give.
public struct BootstrapEstimate: Sendable {
  /// Each replicate's proportions, individuals by populations, with its
  /// populations in the fit's order.
  public var replicates: [Matrix]
  /// The blocks the replicates were drawn with.
  public var blocks: MovingBlocks
  /// The standard deviation over the replicates of each proportion
  /// (divisor B − 1), individuals by populations.
  public var standardErrors: Matrix
  /// Replicates whose populations came out in another order than the fit's
  /// and were put back in its order.
  public var reordered: Int
  /// Replicates that hit the iteration cap before converging.
  public var unconverged: Int
  /// Seconds spent on the replicates.
  public var seconds: Double

  /// The sample standard deviation of each entry over `replicates`.
  ///
  /// - Precondition: at least two replicates, all of one shape.
  /// - Complexity: O(B n K).
  public static func standardErrors(_ replicates: [Matrix]) -> Matrix {
    precondition(replicates.count >= 2, "A standard error needs at least two replicates")
    let first = replicates[0]
    precondition(replicates.allSatisfy { $0.rows == first.rows && $0.columns == first.columns },
                 "Replicates must have one shape")
    let b = Double(replicates.count)
    var mean = Matrix(rows: first.rows, columns: first.columns)
    for q in replicates {
      for e in q.elements.indices { mean.elements[e] += q.elements[e] / b }
    }
    var result = Matrix(rows: first.rows, columns: first.columns)
    for q in replicates {
      for e in q.elements.indices {
        let d = q.elements[e] - mean.elements[e]
        result.elements[e] += d * d
      }
    }
    for e in result.elements.indices { result.elements[e] = (result.elements[e] / (b - 1)).squareRoot() }
    return result
  }
}

extension ColumnResampling {
  /// Fits `replicates` moving-block resamples of `data`'s columns, each
  /// warm-started from `fit` (its columns' parameters resampled with the
  /// data's) and run with the fit's algorithm and tolerance, and measures
  /// the spread of the proportions.
  ///
  /// Replicate b draws its blocks from a GSL generator seeded with
  /// `SeedSequence.seed(seed, tag, b)`, so the replicates depend on the
  /// seed alone, not on `threads`. A replicate starts at the fit and so
  /// keeps its populations' order; should one come out swapped, it is put
  /// back in the fit's order by ``ColumnMatching``.
  ///
  /// - Parameters:
  ///   - fixed: what the fit held (supervised rows, projection's P); each
  ///     replicate holds it too, its columns resampled with the data's.
  ///   - progress: called with each replicate (from 0) as it starts, and
  ///     with its passes.
  /// - Precondition: `blocks` covers `data`'s columns; at least 2 replicates.
  /// - Complexity: `replicates` fits, each from a start near the optimum.
  static func bootstrap(_ data: Data, fit: Parameters, blocks: MovingBlocks, replicates: Int, seed: UInt64,
                        algorithm: FitAlgorithm, tolerance: Double, maxIterations: Int, threads: Int,
                        fixed: Fixed? = nil,
                        progress: (@Sendable (_ replicate: Int, _ pass: Int) -> Void)? = nil) -> BootstrapEstimate {
    precondition(blocks.snps == columns(of: data), "The blocks must cover the data's columns")
    let began = ContinuousClock.now
    let fitted = proportions(of: fit)
    var results: [Matrix] = []
    var reordered = 0, unconverged = 0
    for b in 0..<replicates {
      progress?(b, 0)
      let indices = blocks.replicate(using: RandomSource(seed: SeedSequence.seed(seed, bootstrapStream, UInt64(b))))
      var observer: FitObserver? = nil
      if let progress { observer = { step in progress(b, step.pass) } }
      let run = iterate(selectingColumns(indices, of: data), from: selectingColumns(indices, of: fit),
                        algorithm: algorithm, tolerance: tolerance, maxIterations: maxIterations,
                        observer: observer, threads: threads,
                        fixed: fixed.map { selectingColumns(indices, of: $0) })
      if !run.converged { unconverged += 1 }
      var q = proportions(of: run.model)
      let order = ColumnMatching.bestOrder(estimate: q, truth: fitted)
      if order != Array(order.indices) {
        q = q.selectingColumns(order)
        reordered += 1
      }
      results.append(q)
    }
    return BootstrapEstimate(replicates: results, blocks: blocks,
                             standardErrors: BootstrapEstimate.standardErrors(results),
                             reordered: reordered, unconverged: unconverged, seconds: (ContinuousClock.now - began).seconds)
  }

  /// The seed stream of the bootstrap's draws, apart from the restarts'.
  private static var bootstrapStream: UInt64 { 0x626F_6F74 }
}
