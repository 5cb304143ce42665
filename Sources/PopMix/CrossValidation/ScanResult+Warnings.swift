extension ScanResult {
  /// What a scan's held-out score measures, which decides its sign in
  /// reports and whether the linkage hint applies.
  public enum Measure: Sendable {
    /// Poisson log-likelihood per held-out entry (count tables; higher is better).
    case poisson
    /// Binomial deviance per held-out call (genotypes; lower is better).
    case binomialDeviance
    /// Squared error per held-out entry (least squares; lower is better).
    case squaredError
  }

  /// Warnings on the choice: when it sits at an end of the range tried
  /// (the best K may lie outside it), and, on genotypes, when the held-out
  /// deviance falls at every step up to the largest K, which is chosen, a
  /// hint that linked SNPs may be the cause. Two K (one step) are too few
  /// to call that a trend.
  ///
  /// A range of one K gives no warning: nothing was chosen. The smallest
  /// end warns only above 1, below which there is nothing to try.
  ///
  /// - Parameter measure: what the held-out score is.
  /// - Complexity: O(rows).
  public func warnings(measure: Measure) -> [String] {
    guard let first = rows.first, let last = rows.last, rows.count > 1 else { return [] }
    var warnings: [String] = []
    if chosen == last.populations {
      warnings.append("the chosen number of populations, \(chosen), is the largest tried: the best may lie above it; "
                        + "scan a range that goes further (e.g. \(first.populations)-\(last.populations + 4))")
    } else if chosen == first.populations && first.populations > 1 {
      warnings.append("the chosen number of populations, \(chosen), is the smallest tried: the best may lie below it; "
                        + "scan a range that starts lower (e.g. 1-\(last.populations))")
    }
    let keepsImproving = zip(rows, rows.dropFirst()).allSatisfy { $1.heldOut > $0.heldOut }
    if measure == .binomialDeviance && keepsImproving && rows.count >= 3 && chosen == last.populations {
      warnings.append("the held-out deviance falls at every K up to the largest tried, \(last.populations); "
                        + "if the SNPs are in linkage disequilibrium, added populations can fit local haplotype "
                        + "structure rather than ancestry: as ADMIXTURE's manual advises, prune them first "
                        + "(e.g. `plink --indep-pairwise 50 10 0.1`, then `--extract` the .prune.in list) and scan again")
    }
    return warnings
  }
}
