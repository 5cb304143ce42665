import ArgumentParser
import PopMix

struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Draw a count table (or genotypes) from the generative model, with its truth.",
    discussion: """
      H: each locus's column is Dirichlet(alpha) over populations. W: pure \
      individuals spread evenly over the populations, hybrids cycling \
      through the population pairs with --hybrid-mix from the first; W's \
      columns are normalised to sum to one. C_mu = individuals * depth, so \
      the mean expected count per individual and locus is --depth. \
      V ~ Poisson(C_mu (W H)). All draws use GSL's MT19937 seeded from \
      --seed: the same seed writes byte-identical files.

      Writes PREFIX.counts.tsv (header id + loci; one row per individual), \
      PREFIX.W.tsv and PREFIX.Q.tsv (true W and its row-normalised form, the \
      admixture proportions), PREFIX.H.tsv (one row per locus: total C_mu \
      and H), and PREFIX.labels.tsv (id, pure|hybrid, populations from 0).

      With --genotypes, draws diploid genotypes from ADMIXTURE's model \
      instead: each SNP's ancestral frequency is uniform on [0.05, 0.95] and \
      each population's frequency of A1 is Beta-distributed around it with \
      F_ST --fst (Balding-Nichols); a call has Binomial(2, sum_k Q_ik P_jk) \
      copies of A1. Writes PREFIX.bed/.bim/.fam, PREFIX.Q.tsv (true Q), \
      PREFIX.K.P (true P) and PREFIX.labels.tsv.
      """)

  // Numeric options parse their next argument whatever it looks like, so
  // that a negative number is refused by the range check.
  @Option(parsing: .unconditional,
          help: "Individuals (rows); individuals x loci at most \(SimulationParameters.maximumEntries).")
  var individuals = 120
  @Option(parsing: .unconditional, help: "Loci (columns).") var loci = 300
  @Option(parsing: .unconditional, help: "Populations (1 to \(SimulationParameters.maximumPopulations)).")
  var populations = 3
  @Option(parsing: .unconditional, help: "How many individuals are hybrids of two populations.") var hybrids = 12
  @Option(parsing: .unconditional,
          help: "Dirichlet concentration of H's columns; below 1 makes populations more distinct.") var alpha = 1.0
  @Option(parsing: .unconditional, help: "A hybrid's share from its first parent population.") var hybridMix = 0.5
  @Option(parsing: .unconditional, help: ArgumentHelp(
    "Mean expected count per individual and locus (at most 1e6, and individuals x depth at most 1e9).",
    discussion: """
      The default, 10, is beetle-like: the course's beetle loci are short \
      stretches in which the derived sites of one individual are counted, \
      and a few hundred bases at insect-like diversity (about 1%) hold on \
      the order of ten such sites.
      """))
  var depth = SimulationParameters.defaultDepth
  @Option(parsing: .unconditional, help: "Seed of every random draw.") var seed: UInt64 = 1
  @Flag(help: "Write diploid genotypes in PLINK format (--loci SNPs) instead of a count table.")
  var genotypes = false
  @Option(parsing: .unconditional, help: "With --genotypes: the populations' F_ST to their ancestor; larger is more distinct.")
  var fst = 0.1
  @Option(help: "Output prefix: files are PREFIX.counts.tsv and so on.") var out: String

  func run() throws {
    try runJob {
      try SimulateJob(parameters: SimulationParameters(
        individuals: individuals, loci: loci, populations: populations, hybrids: hybrids,
        alpha: alpha, hybridMix: hybridMix, depth: depth, seed: seed, fst: fst), prefix: out,
        genotypes: genotypes).run()
    }
  }
}
