import ArgumentParser
import PopMix

/// `fit`'s reference panels: supervised mode and projection (genotypes only).
struct ReferenceArguments: ParsableArguments {
  @Option(help: ArgumentHelp(
    "Supervised mode: hold reference individuals' proportions at their population (genotypes only).",
    discussion: """
      FILE is ADMIXTURE's .pop layout (one line per individual, in .fam or VCF \
      sample order: a population name, or '-' for an individual to \
      estimate) or 'id population' lines in any order (or 'family id \
      population'; unlisted individuals are estimated; a first line \
      'id ...' that names no individual is a header): the number of fields \
      per line tells which. Reference individuals' Q is fixed to 1 at their \
      population; P and the others' Q are fitted. Populations are numbered \
      in the order the file first names them, and that is the column order \
      of .Q, .P and .Q.tsv, whose header carries the names. K is the number \
      of populations named (--populations may be left out; if given it must \
      match).
      """,
    valueName: "file"))
  var supervised: String?

  @Option(help: ArgumentHelp(
    "Projection: estimate Q with P fixed from an earlier fit's PREFIX.K.P (genotypes only).",
    discussion: """
      Each individual's proportions are fitted alone against the fixed \
      frequencies (ADMIXTURE's -P). SNPs are matched by id: same A1/A2 as \
      is, swapped A1/A2 (or the complementary strand) with P -> 1 - P; \
      strand-ambiguous A/T and C/G SNPs are left out unless \
      --keep-ambiguous; SNPs on one side only are left out; the counts are \
      reported. K is the .P's number of columns (--populations may be left \
      out). Writes PREFIX.K.Q and PREFIX.K.Q.tsv (named as the earlier \
      fit's .Q.tsv beside the .P, if there is one); no .P.
      """,
    valueName: "file"))
  var projection: String?

  @Option(name: .customLong("projection-snps"), help: ArgumentHelp(
    "The SNP list the --projection file's lines follow (.bim layout: chromosome id cM position A1 A2).",
    discussion: "Default: FILE.snps (written by fits of VCF input) if it exists, else PREFIX.bim beside PREFIX.K.P.",
    valueName: "file"))
  var projectionSNPs: String?

  @Flag(help: "With --projection, keep strand-ambiguous A/T and C/G SNPs, trusting that both sides list their alleles on the same strand.")
  var keepAmbiguous = false

  func validate() throws {
    if supervised != nil && projection != nil {
      throw ValidationError("Give --supervised or --projection, not both.")
    }
    if projection == nil, let flag = [(projectionSNPs != nil, "--projection-snps"), (keepAmbiguous, "--keep-ambiguous")]
      .first(where: \.0)?.1 {
      throw ValidationError("\(flag) applies to --projection only.")
    }
  }

  /// The flag given, if any, for messages.
  var flag: String? { supervised != nil ? "--supervised" : projection != nil ? "--projection" : nil }

  /// What the fit holds fixed, if anything.
  var input: ReferenceInput? {
    if let supervised { return .supervised(labels: supervised) }
    if let projection { return .projection(frequencies: projection, snps: projectionSNPs, keepAmbiguous: keepAmbiguous) }
    return nil
  }
}
