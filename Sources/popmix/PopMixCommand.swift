import ArgumentParser

@main
struct PopMixCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "popmix",
    abstract: "Admixture analysis of allele-count tables by Poisson non-negative matrix factorisation.",
    discussion: """
      A table of derived-allele counts (individuals by loci) is modelled as
      V ~ Poisson(C_mu * (W H)): W says how much each individual draws from
      each population, H how each locus's alleles are shared among the
      populations, C_mu is the locus total. A typical session:

        popmix simulate --seed 1 --out data/beetles      # or bring your own table
        popmix scan data/beetles.counts.tsv --populations 1-6
        popmix fit data/beetles.counts.tsv --populations 3 --out out/beetles
        popmix hybrids out/beetles.3.Q.tsv
        popmix compare out/beetles.3.Q.tsv data/beetles.Q.tsv --labels data/beetles.labels.tsv
        popmix report out/beetles.3.summary.json --out out/beetles.html
      """,
    version: "0.1.0",
    subcommands: [SimulateCommand.self, FitCommand.self, HybridsCommand.self, ScanCommand.self, CompareCommand.self, PlotCommand.self, ReportCommand.self, PCACommand.self]
  )
}
