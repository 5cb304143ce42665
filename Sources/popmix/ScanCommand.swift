import ArgumentParser
import PopMix

struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Fit a range of population numbers and choose one honestly.",
    discussion: """
      The log-likelihood always grows with the number of populations, so it \
      cannot choose it. For each r this reports the best log-likelihood, \
      the free parameters r (n + m - 1), BIC, and a held-out score: the \
      observed entries are split at random into --folds folds; each fold in \
      turn is hidden, the model is fitted to the rest, and the hidden \
      entries are scored by their Poisson log-likelihood per entry. The \
      chosen r is the smallest whose mean held-out score is within one \
      standard error (over folds) of the best: the simplest model the data \
      cannot tell from the best one. A warning (on standard error and in the \
      JSON's warnings) says when the choice is the largest K tried, or the \
      smallest above 1: the best may lie outside the range.

      Genotypes (--bfile or --vcf) are scanned as ADMIXTURE's --cv does: \
      the folds hide genotype calls, and the held-out calls are scored by \
      their binomial deviance per call (lower is better; the table and \
      the JSON's heldout show it, and the JSON's heldout_measure says \
      so). Their free parameters are n (K - 1) + K m: each row of Q \
      sums to one, and every P is free. BIC takes N = the observed entries \
      (genotype calls). When the deviance falls at every K up to the largest \
      tried (three K or more), a warning suggests pruning SNPs in linkage \
      disequilibrium first (plink --indep-pairwise 50 10 0.1), as \
      ADMIXTURE's manual does. `popmix fit -K 2-8 --cv 5` scores the K of \
      its own fits the same way.

      --loss squared scans a table of non-negative reals fitted by least \
      squares (see fit --help): the held-out entries are scored by their \
      squared error per entry (lower is better; so is the JSON's \
      heldout, as its heldout_measure says); loglik is the Gaussian \
      log-likelihood with the variance at its maximum, \
      -N/2 (log(2 pi S/N) + 1) for squared error S over N entries, and \
      the free parameters r (n + m - 1).
      """)

  @OptionGroup var data: DataArguments
  @Option(name: [.short, .long], parsing: .unconditional,
          help: "Numbers of populations to try: a range like 1-6, or one number.")
  var populations: PopulationRange = PopulationRange(1...6)
  @Option(parsing: .unconditional,
          help: ArgumentHelp("Random starts per fit (the full fit and each fold's; 1 to \(FitOptions.maximumRestarts)).",
                             discussion: "Default: 3 for count tables, 1 for genotypes (--bfile, --vcf).",
                             valueName: "n"))
  var restarts: Int?
  @Option(parsing: .unconditional, help: "Cross-validation folds (2 to \(ScanOptions.maximumFolds)).") var folds = 5
  @Option(parsing: .unconditional, help: "Seed of the folds and the starts.") var seed: UInt64 = 1
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Stop a fit when the relative gain per iteration is below this (0 or more).",
    discussion: "Default: 1e-8; 1e-5 with --loss squared (the squared error's relative fall).", valueName: "x"))
  var tolerance: Double?
  @Option(parsing: .unconditional, help: "Iteration cap per fit (1 to \(FitOptions.maximumIterations)).")
  var maxIterations = 5000
  @Option(help: ArgumentHelp("newton, accelerated (also em) or mu, as for fit.",
                             discussion: "Default: newton for genotypes, accelerated for count tables.",
                             valueName: "algorithm"))
  var algorithm: FitAlgorithm?
  @Flag(help: ArgumentHelp(
    "Fit each fold from its own start, not from the full fit of the same number of populations.",
    discussion: "By default a fold's fit starts from the full fit (which has seen the held-out entries) and runs to --tolerance from there: several times faster. docs/model.md (Choosing r) measures what that start leaks into the held-out scores."))
  var independentFolds = false
  @OptionGroup var lossArguments: LossArguments
  @OptionGroup var execution: ExecutionArguments
  @Flag(help: "Print JSON: {\"chosen\": K, \"results\": [{\"populations\", \"loglik\", \"bic\", \"heldout\", \"heldout_se\"}, ...]}.")
  var json = false
  @Option(help: ArgumentHelp("Keep each K's full-data fit under this prefix, and write the JSON summary to PREFIX.scan.json.",
                             discussion: "Files are named as fit names them, with K in every name: PREFIX.K.Q.tsv, PREFIX.K.W.tsv, PREFIX.K.H.tsv for count tables; PREFIX.K.Q, PREFIX.K.P and PREFIX.K.Q.tsv for genotypes. Then `popmix plot PREFIX.*.Q.tsv --scan PREFIX.scan.json` draws every K, and `popmix report PREFIX.scan.json` makes a page of it.",
                             valueName: "prefix"))
  var out: String?

  func validate() throws {
    try lossArguments.refuse([(algorithm != nil, "--algorithm"), (data.bfile != nil, "--bfile"), (data.vcf != nil, "--vcf")])
  }

  func run() throws {
    let input = data.input
    var options: ScanOptions
    if case .genotypes = input { options = .forGenotypes(populations: populations.range) } else {
      options = ScanOptions(populations: populations.range)
    }
    options.restarts = restarts ?? options.restarts
    options.folds = folds
    options.seed = seed
    let leastSquares = lossArguments.leastSquares(populations: 1, restarts: restarts, seed: seed, tolerance: tolerance,
                                                  maxIterations: maxIterations, threads: 1)
    options.tolerance = tolerance ?? leastSquares?.tolerance ?? options.tolerance
    options.maxIterations = maxIterations
    options.threads = execution.threads
    options.algorithm = algorithm ?? options.algorithm
    options.independentFolds = independentFolds
    var job = ScanJob(input: input, options: options, json: json)
    job.prefix = out
    job.command = commandLineText
    job.leastSquares = leastSquares
    try runJob { try job.run(progress: execution.progressLine) }
  }
}

/// A range of population numbers given as `1-6` or `3`.
typealias PopulationRange = IntegerRange<Int>
/// A range of seeds given as `1-10` or `7`.
typealias SeedRange = IntegerRange<UInt64>

/// A range of whole numbers given as `1-6`, or one number.
struct IntegerRange<Bound: FixedWidthInteger & Sendable>: ExpressibleByArgument {
  var range: ClosedRange<Bound>

  init(_ range: ClosedRange<Bound>) { self.range = range }

  init?(argument: String) {
    // One number, negative ones included, so that `-p -1` is refused by the
    // range check with the value it got.
    if let value = Bound(argument) {
      range = value...value
      return
    }
    let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let low = Bound(parts[0]), let high = Bound(parts.last!), low <= high else {
      return nil
    }
    range = low...high
  }

  var defaultValueDescription: String { "\(range.lowerBound)-\(range.upperBound)" }
}
