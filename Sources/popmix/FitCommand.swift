import ArgumentParser
import PopMix

struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit a count table (W, H) or genotypes (Q, P) for a given number of populations.",
    discussion: """
      Maximum likelihood by Lee and Seung's multiplicative updates (an EM \
      algorithm: the log-likelihood never decreases), with the locus totals \
      C_mu kept explicit, accelerated by SQUAREM unless --algorithm mu. Each \
      restart starts from random Dirichlet W and H and runs until the \
      log-likelihood's relative gain falls below --tolerance; the best \
      restart is kept. Missing (NA) entries are left out of the fit. See \
      docs/model.md for the derivation.

      Writes PREFIX.K.Q.tsv (admixture proportions: W row-normalised, six \
      decimals), PREFIX.K.W.tsv, PREFIX.K.H.tsv (one row per locus: total \
      C_mu, then H), PREFIX.K.summary.json, K being --populations, so fits \
      of several K under one prefix sit side by side. Populations are numbered by decreasing \
      mean proportion. The same table and seed give the same files (but \
      for the timing in the summary).

      Genotypes (--bfile PREFIX for PLINK .bed/.bim/.fam, or --vcf FILE) are \
      fitted by ADMIXTURE's binomial model: each call of t copies has \
      Binomial(t, sum_k Q_ik P_jk) copies of A1, which is Poisson NMF on the \
      table [copies of A1, copies of A2]. By default it is fitted by Newton \
      block sweeps (each individual's proportions, then each SNP's \
      frequencies, take a checked Newton step, as ADMIXTURE's do) with \
      quasi-Newton acceleration, from the best of --candidate-starts SVD \
      starts; --algorithm em fits it by the accelerated EM count tables use. \
      Missing calls are left out; SNPs with only one allele observed are \
      dropped with a warning. Writes ADMIXTURE's files PREFIX.K.Q (one line \
      per individual in .fam order, K proportions, six decimals, no header) \
      and PREFIX.K.P (one line per SNP in .bim order, the frequency of A1 in \
      each population), plus PREFIX.K.Q.tsv with ids and PREFIX.K.summary.json \
      with the binomial log-likelihood as ADMIXTURE and fastmixture report it. \
      .P keeps a line per SNP read, dropped ones included, so for --bfile it \
      follows the .bim line for line; a VCF's skipped sites (more than two \
      alleles) have no line, so a VCF fit also writes PREFIX.K.P.snps, the \
      SNPs .P follows in .bim layout (chromosome, ID or CHROM:POS when the \
      ID is '.', cM 0, position, A1 = ALT, A2 = REF).

      ADMIXTURE's habits: -K 2-8 fits each K in turn from one reading of \
      the data; --seeds 1-10 keeps every seed's files and says how many \
      distinct optima they reached; --cv 5 adds each K's held-out score as \
      scan computes it (PREFIX.scan.json); -j N is --threads N.

      --loss squared fits a table of non-negative reals (expression levels, \
      intensities) by least squares, minimising ||V - WH||^2 over the \
      observed entries with --solver hals (default), mu or sgd; it writes \
      the same files (H.tsv without the totals) and a summary with \
      relative_error = ||V - WH||_F / ||V||_F; --trace records the \
      relative error per iteration. Default there: 1 restart (local \
      minima exist: --restarts keeps the best of several), tolerance \
      3e-5 on the relative fall per iteration of the squared error (plus \
      the --l2 penalty, if any). Caveat: its Q is W \
      row-normalised, the share of each component in an individual's \
      fitted values; least squares has no model of mixture, so mixed rows \
      can appear where the data hold separate clusters and no mixture.
      """)

  @OptionGroup var data: DataArguments
  // Numeric options parse their next argument whatever it looks like, so
  // that `-p -1` is refused by the range check rather than as a missing value.
  @Option(name: [.short, .customShort("K"), .long], parsing: .unconditional,
          help: ArgumentHelp("Number of populations, K (at least 1, at most min(individuals, loci)), or a range like 2-8.",
                             discussion: "A range fits each K in turn from one reading of the data, writes each K's files as one fit would (K in every name), and ends with a line per K: its log-likelihood, iterations and time. -K is ADMIXTURE's name for it. Required, except with --supervised or --projection, which take K from their file.",
                             valueName: "K"))
  var populations: PopulationRange?
  @Option(parsing: .unconditional,
          help: ArgumentHelp("Random starts; the best log-likelihood is kept (1 to \(FitOptions.maximumRestarts)).",
                             discussion: "Default: 10 for count tables, 1 for genotypes (--bfile, --vcf), whose start is already the best of --candidate-starts, 1 for --loss squared.",
                             valueName: "n"))
  var restarts: Int?
  @Option(parsing: .unconditional, help: "Seed of the starts.") var seed: UInt64 = 1
  @Option(parsing: .unconditional,
          help: ArgumentHelp("Stop when the log-likelihood's relative gain per iteration is below this (0 or more).",
                             discussion: "Default: 1e-10 for count tables, 1e-9 for genotypes, 3e-5 for --loss squared (its squared error's relative fall).",
                             valueName: "x"))
  var tolerance: Double?
  @Option(parsing: .unconditional,
          help: "Iteration cap per restart (passes over the data; 1 to \(FitOptions.maximumIterations)).")
  var maxIterations = 5000
  @Option(help: ArgumentHelp(
    "newton, accelerated (also em) or mu; the log-likelihood never decreases with any.",
    discussion: "newton: Newton block steps (each individual's row, then each SNP's or locus's, takes the constrained Newton step of its own concave problem, checked against the log-likelihood, with EM's update as the fallback), quasi-Newton accelerated; the default for genotypes (from a truncated-SVD start). For count tables an option: it ends at a log-likelihood at or above accelerated's in tens to hundreds of sweeps; up to 4 populations a sweep costs about 6 EM passes (a fifth of accelerated's time on 1,000 × 20,000), beyond 4 about 25 (docs/benchmarks.md). accelerated (em): SQUAREM over the multiplicative EM update; the default for count tables. mu: plain multiplicative updates, for reference.",
    valueName: "algorithm"))
  var algorithm: FitAlgorithm?
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Candidate starts tried at each restart; the best is continued (1 to \(FitOptions.maximumRestarts)).",
    discussion: "Each is fitted to every 8th locus or SNP when that leaves at least 200 loci (count tables), 1,000 SNPs (genotypes by em or mu, from random points) or 10,000 SNPs (genotypes by newton, from SVD starts that differ in their random projection and least-squares seed). On smaller genotype sets, newton fits each SVD start on all SNPs until it gains less than 1e-7 per sweep (which optimum a start reaches shows only near the end); smaller count tables give each random start 10 plain passes. Default: \(FitOptions.newtonCandidateStarts) for genotypes by newton (one start often misses the best of competing optima), 4 by em or mu, 1 for count tables.",
    valueName: "n"))
  var candidateStarts: Int?
  @OptionGroup var severalRuns: SeveralRunsArguments
  @OptionGroup var lossArguments: LossArguments
  @OptionGroup var reference: ReferenceArguments
  @OptionGroup var execution: ExecutionArguments
  @Option(help: "Output prefix: files are PREFIX.K.Q.tsv, PREFIX.K.summary.json and so on (K, the number of populations, in every name).") var out: String
  @Option(help: ArgumentHelp("Also write every restart's accepted steps to this file.",
                             discussion: "Tab-separated: restart, pass, seconds since the restart began, log-likelihood; passes and seconds include the start's subsample fits. The log-likelihood is computed once per SQUAREM cycle, so those are the passes listed; with --algorithm mu, at every 10th pass that could converge (checks a lower bound on the gain rules out are skipped, at most 100 passes in a row)."))
  var trace: String?
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Bootstrap replicates for standard errors of Q (genotypes only; \(BootstrapOptions.replicateRange.lowerBound) to \(BootstrapOptions.replicateRange.upperBound)).",
    discussion: "ADMIXTURE's -B, fastmixture2's --bootstrap (200 by default there; 100 to 200 is usual, 20 gives rough errors). Moving-block bootstrap over SNPs: each replicate is as many SNPs as the data, drawn as blocks of consecutive SNPs (--bootstrap-block) at random starts, chromosome by chromosome, and is fitted from the fit's Q and P with the same algorithm and tolerance. Writes PREFIX.K.Q_se (ADMIXTURE's layout: a line per individual, K standard errors: the replicates' standard deviation), PREFIX.K.Q_bootstrap.tsv (every replicate's Q; popmix hybrids --replicates reads it) and the errors in the summary. With --supervised or --projection, every replicate holds what the fit held (the references; the panel's P). Reproducible per --seed, whatever --threads. See docs/bootstrap.md.",
    valueName: "n"))
  var bootstrap: Int?
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Bootstrap block length in base pairs (default \(MovingBlocks.defaultBases)).",
    discussion: "Converted to SNPs at the data's mean density (SNPs per base pair along each chromosome, from the .bim or VCF positions); \(MovingBlocks.fallbackLength) SNPs when the positions span nothing. Blocks should outreach linkage disequilibrium, so that each carries its SNPs' dependence with it.",
    valueName: "bp"))
  var bootstrapBlock: Int?
  @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap block length in SNPs, instead of --bootstrap-block.", valueName: "n"))
  var bootstrapBlockSnps: Int?

  func validate() throws {
    try lossArguments.refuse([(algorithm != nil, "--algorithm"), (candidateStarts != nil, "--candidate-starts"),
                              (data.bfile != nil, "--bfile"), (data.vcf != nil, "--vcf")])
    if bootstrap == nil && (bootstrapBlock != nil || bootstrapBlockSnps != nil) {
      throw ValidationError("--bootstrap-block and --bootstrap-block-snps set the blocks of --bootstrap N, which is not given")
    }
    if let flag = reference.flag, data.bfile == nil && data.vcf == nil {
      throw ValidationError("\(flag) applies to genotypes: give --bfile or --vcf.")
    }
    if populations == nil && reference.flag == nil {
      throw ValidationError("Missing expected argument '--populations <K>'.")
    }
  }

  func run() throws {
    let input = data.input
    // 0: the reference's number of populations (--supervised, --projection).
    let range = self.populations?.range ?? 0...0
    let populations = range.lowerBound
    var options: FitOptions
    if case .genotypes = input { options = .forGenotypes(populations: populations, algorithm: algorithm ?? .newton) } else {
      options = FitOptions(populations: populations)
    }
    options.restarts = restarts ?? options.restarts
    options.tolerance = tolerance ?? options.tolerance
    options.seed = seed
    options.maxIterations = maxIterations
    options.threads = execution.threads
    options.algorithm = algorithm ?? options.algorithm
    options.candidateStarts = candidateStarts ?? options.candidateStarts
    var job = FitJob(input: input, options: options, prefix: out)
    job.tracePath = trace
    job.command = commandLineText
    job.bootstrap = bootstrap.map { replicates in
      var settings = BootstrapOptions(replicates: replicates)
      settings.blockBases = bootstrapBlock ?? settings.blockBases
      settings.blockSNPs = bootstrapBlockSnps
      return settings
    }
    job.reference = reference.input
    job.leastSquares = lossArguments.leastSquares(populations: populations, restarts: restarts, seed: seed,
                                                  tolerance: tolerance, maxIterations: maxIterations,
                                                  threads: execution.threads)
    let runs = FitJob.Runs(populations: range, seeds: severalRuns.seeds?.range, folds: severalRuns.cv)
    try runJob { try job.run(runs, progress: execution.progressLine) }
  }
}
