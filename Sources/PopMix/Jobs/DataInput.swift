/// What a command fits: a count table or genotypes.
public enum DataInput: Sendable, Equatable {
  /// A table of allele counts, fitted by Poisson NMF.
  case table(TableInput)
  /// Genotypes (PLINK or VCF), fitted by the binomial admixture model.
  case genotypes(GenotypeInput)
}
