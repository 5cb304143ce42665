import ArgumentParser
import PopMix

/// `fit`'s options for several runs of one data set: seeds, and the held-out
/// score of each K (with a range of K, `--populations 2-8`).
struct SeveralRunsArguments: ParsableArguments {
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Fit each K from each seed of a range like 1-10, and say how many distinct optima the seeds reached.",
    discussion: "Replaces --seed. Every run's files are kept, K and seed in their names, as fastmixture names its runs .K3.s2: PREFIX.K.sSEED.Q, .P, .Q.tsv and .summary.json for genotypes (.Q.tsv, .W.tsv, .H.tsv for tables). The report groups each K's seeds by the optimum they reached (log-likelihoods within \(DistinctOptima.logLikelihoodTolerance) and Q within \(DistinctOptima.rmseTolerance) RMSE after matching columns), and gives each optimum's best log-likelihood, its number of seeds and its gap to the best, and the best seed. `popmix plot PREFIX.3.s*.Q.tsv` aligns the runs' colours and lists their modes (runs grouped by Q alone, --mode-threshold).",
    valueName: "a-b"))
  var seeds: SeedRange?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Also score each K by N-fold cross-validation, as `popmix scan` does (2 to \(ScanOptions.maximumFolds)).",
    discussion: "Each K's fit (the best seed's, with --seeds) is the full-data fit; its N folds start from it. Prints scan's table (held-out score per K, the chosen K, and warnings when the choice sits at an end of the range) and writes it to PREFIX.scan.json, which `popmix plot --scan` and `popmix report` read. ADMIXTURE's --cv=N, once per K.",
    valueName: "n"))
  var cv: Int?

  func validate() throws {
    if let cv, !(2...ScanOptions.maximumFolds).contains(cv) {
      throw ValidationError("--cv must be from 2 to \(ScanOptions.maximumFolds) (got \(cv)).")
    }
    // Compared as a difference: the count of a huge UInt64 range overflows Int.
    if let seeds, seeds.range.upperBound - seeds.range.lowerBound >= UInt64(Self.maximumSeeds) {
      throw ValidationError("--seeds \(seeds.range.lowerBound)-\(seeds.range.upperBound) is more than \(Self.maximumSeeds) seeds.")
    }
  }

  /// The most seeds one run takes: every run's files are kept.
  static let maximumSeeds = 1_000
}
