import ArgumentParser
import PopMix

struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit W and H to a count table for a given number of populations.",
    discussion: """
      Maximum likelihood by Lee and Seung's multiplicative updates (an EM \
      algorithm: the log-likelihood never decreases), with the locus totals \
      C_mu kept explicit, accelerated by SQUAREM unless --algorithm mu. Each \
      restart starts from random Dirichlet W and H and runs until the \
      log-likelihood's relative gain falls below --tolerance; the best \
      restart is kept. Missing (NA) entries are left out of the fit. See \
      docs/model.md for the derivation.

      Writes PREFIX.Q.tsv (admixture proportions: W row-normalised, six \
      decimals), PREFIX.W.tsv, PREFIX.H.tsv (one row per locus: total C_mu, \
      then H), PREFIX.summary.json. Populations are numbered by decreasing \
      mean proportion. The same table and seed give the same files (but \
      for the timing in the summary).
      """)

  @OptionGroup var table: TableArguments
  @Option(name: [.short, .long], help: "Number of populations, r (at least 1, at most min(individuals, loci)).")
  var populations: Int
  @Option(help: "Random starts; the best log-likelihood is kept.") var restarts = 10
  @Option(help: "Seed of the starts.") var seed: UInt64 = 1
  @Option(help: "Stop when the log-likelihood's relative gain per iteration is below this.") var tolerance = 1e-10
  @Option(help: "Iteration cap per restart (passes over the data).") var maxIterations = 5000
  @Option(help: "accelerated (SQUAREM over the multiplicative update; the log-likelihood still never decreases) or mu (plain multiplicative updates, for reference).")
  var algorithm: FitAlgorithm = .accelerated
  @Option(help: "Random candidates tried for a few passes at each restart; the best is continued.")
  var candidateStarts = FitOptions(populations: 1).candidateStarts
  @OptionGroup var execution: ExecutionArguments
  @Option(help: "Output prefix: files are PREFIX.Q.tsv and so on.") var out: String
  @Option(help: ArgumentHelp("Also write every restart's accepted steps to this file.",
                             discussion: "Tab-separated: restart, pass, seconds since the restart began, log-likelihood."))
  var trace: String?

  func run() throws {
    var job = FitJob(input: table.input,
                     options: FitOptions(populations: populations, restarts: restarts, seed: seed,
                                         tolerance: tolerance, maxIterations: maxIterations,
                                         threads: execution.threads, algorithm: algorithm,
                                         candidateStarts: candidateStarts),
                     prefix: out)
    job.tracePath = trace
    try runJob { try job.run(progress: execution.progressLine) }
  }
}
