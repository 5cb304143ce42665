/// Genotypes with the names of their individuals and SNPs, as read from a
/// PLINK 1 binary set or a VCF file.
public struct GenotypeData: Sendable, Equatable {
  /// One individual: PLINK's family and individual ids (a VCF sample has its
  /// name as both).
  public struct Sample: Sendable, Equatable, Hashable {
    public var family: String
    public var id: String
    public init(family: String, id: String) {
      self.family = family
      self.id = id
    }
  }

  /// One biallelic SNP, as a `.bim` line describes it.
  public struct Variant: Sendable, Equatable {
    public var chromosome: String
    public var id: String
    /// The genetic position in centimorgans, as written (`0` when unknown).
    public var geneticPosition: String
    /// The base-pair position.
    public var position: Int
    /// A1: the allele whose copies a genotype counts and whose frequency P is.
    public var firstAllele: String
    /// A2: the other allele.
    public var secondAllele: String
    public init(chromosome: String, id: String, geneticPosition: String = "0", position: Int,
                firstAllele: String, secondAllele: String) {
      self.chromosome = chromosome
      self.id = id
      self.geneticPosition = geneticPosition
      self.position = position
      self.firstAllele = firstAllele
      self.secondAllele = secondAllele
    }
  }

  /// A SNP left out of the fit.
  public struct DroppedSNP: Sendable, Equatable {
    public var index: Int
    public var observedFrequency: Double?
  }

  /// The genotypes, individuals in ``samples`` order, SNPs in ``variants`` order.
  public var genotypes: GenotypeMatrix
  public var samples: [Sample]
  public var variants: [Variant]
  /// What was read (a `.bed` prefix or a VCF path), for messages and summaries.
  public var source: String
  /// The SNPs dropped because only one allele (or nothing) was observed:
  /// their index among the SNPs as read, and the observed frequency of A1
  /// (0 or 1; nil when the SNP had no call).
  public var droppedSNPs: [DroppedSNP] = []
  /// How many SNPs were dropped because only one allele (or nothing) was observed.
  public var droppedMonomorphic: Int { droppedSNPs.count }
  /// VCF sites skipped because they have more than two alleles.
  public var skippedMultiallelic: Int = 0

  /// - Precondition: one sample per individual and one variant per SNP.
  public init(genotypes: GenotypeMatrix, samples: [Sample], variants: [Variant], source: String) {
    precondition(samples.count == genotypes.individuals, "One sample per individual is needed")
    precondition(variants.count == genotypes.snps, "One variant per SNP is needed")
    self.genotypes = genotypes
    self.samples = samples
    self.variants = variants
    self.source = source
  }

  /// The individuals' ids for tables with an id column (`.Q.tsv`): unique,
  /// so that popmix's own `hybrids` and `compare` can read them back.
  ///
  /// PLINK's IID when no two individuals share one (always for a VCF);
  /// otherwise `FID_IID` for every individual, as PLINK 2 names samples
  /// when it writes a VCF; and should those collide too (underscores in the
  /// ids), `FID IID`, unique because PLINK ids hold no whitespace and a
  /// `.fam` does not repeat a family and IID pair.
  public var sampleIDs: [String] {
    let iids = samples.map(\.id)
    if Set(iids).count == iids.count { return iids }
    let joined = samples.map { "\($0.family)_\($0.id)" }
    if Set(joined).count == joined.count { return joined }
    return samples.map { "\($0.family) \($0.id)" }
  }
}
