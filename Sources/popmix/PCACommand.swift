import ArgumentParser
import PopMix

struct PCACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pca",
    abstract: "Principal components of a count table or of genotypes, in PLINK 2's .eigenvec and .eigenval files.",
    discussion: """
      Genotypes (--bfile PREFIX or --vcf FILE) are standardised as PLINK \
      does: the call g (copies of A1) of SNP j becomes \
      (g - 2f) / sqrt(2f(1 - f)), f being A1's frequency among the SNP's \
      calls; a missing call becomes 0 (the SNP's mean); SNPs with one \
      allele observed are left out. The eigenvalues are those of \
      PLINK 1.9's relationship matrix, as plink1.9 --pca writes them: \
      X X^T / m over the m SNPs that vary, each pair's sum divided instead \
      by the SNPs both individuals have called when calls are missing (that \
      count taken as if calls go missing independently; docs/pca.md). A \
      count table's loci are centred and divided by their \
      standard deviation; its eigenvalues are those of the loci's \
      correlation matrix.

      The components are found by block Lanczos with a random start \
      (--seed), which never forms the individuals-by-individuals or \
      SNPs-by-SNPs matrix. Each eigenvector is unit length, its largest \
      entry (in magnitude) made positive, so the same data and seed give \
      the same files, whatever --threads.

      Writes PREFIX.eigenvec (header #FID IID PC1 ... for genotypes, \
      #IID PC1 ... for a table; tab-separated, one line per individual in \
      the input's order) and PREFIX.eigenval (one eigenvalue per line), and \
      prints each component's share of the total variance.
      """)

  @OptionGroup var data: DataArguments
  @Option(name: [.customShort("k"), .long], parsing: .unconditional,
          help: "Number of principal components (at least 1, at most min(individuals, SNPs or loci)).")
  var components: Int = PCAJob.defaultComponents
  @Option(parsing: .unconditional, help: "Seed of the random start.") var seed: UInt64 = 1
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Stop when every component's residual |G x - lambda x| is at most this times the largest eigenvalue (above 0, below 1).",
    discussion: "At the default, eigenvectors agreed with plink1.9's to a correlation of 0.9997 or better on the benchmark's genotype sets (docs/pca.md); lower it for closer agreement in the noise components, at the cost of more Krylov blocks.",
    valueName: "x"))
  var tolerance = PCAJob.defaultTolerance
  @OptionGroup var execution: ExecutionArguments
  @Option(help: "Output prefix: files are PREFIX.eigenvec and PREFIX.eigenval.") var out: String

  func run() throws {
    var job = PCAJob(input: data.input, components: components, prefix: out)
    job.seed = seed
    job.tolerance = tolerance
    job.threads = execution.threads
    try runJob { try job.run(progress: execution.progressLine) }
  }
}
