import ArgumentParser
import Foundation
import PopMix

/// The data a fitting command reads: a count table, or genotypes with
/// --bfile or --vcf.
struct DataArguments: ParsableArguments {
  @Argument(help: ArgumentHelp(
    "A count table: whitespace-delimited, one row per individual (or give --bfile or --vcf instead).",
    discussion: """
      '#' starts a comment; NA marks a missing entry. Counts are whole \
      numbers from 0 to 1000000000. Loci whose counts are all zero are \
      dropped with a warning. \
      The first line is a header when it starts with 'id' (or sample, \
      individual, locus, ...) or a field after its first is not a number; \
      a line of numbers is counts, except that a first line counting \
      0 1 2 ... or 1 2 3 ... is refused as ambiguous: start a numeric \
      header with 'id'. The first column holds ids when the header has one \
      name fewer than the rows, or starts with 'id' and is as wide as the \
      rows, or, without a header, \
      when the first row's first field is not a number. Ids must not \
      repeat. For PLINK or VCF files give --bfile or --vcf.
      """,
    valueName: "table"))
  var path: String?

  @Flag(help: "The table has one row per locus and one column per individual.")
  var lociAsRows = false

  @Option(help: ArgumentHelp(
    "Genotypes in PLINK 1 binary format: PREFIX.bed, PREFIX.bim, PREFIX.fam.",
    discussion: "Fitted by ADMIXTURE's binomial model; P is the frequency of each SNP's A1 allele (.bim column 5). A path ending in .bed, .bim or .fam is taken as its prefix.",
    valueName: "prefix"))
  var bfile: String?

  @Option(help: ArgumentHelp(
    "Genotypes in a VCF file, plain or gzip/bgzip-compressed (the GT field of biallelic sites).",
    discussion: "Fitted by ADMIXTURE's binomial model; A1 is the ALT allele, as PLINK's --vcf makes it.",
    valueName: "file"))
  var vcf: String?

  func validate() throws {
    let given = [path != nil, bfile != nil, vcf != nil].filter { $0 }.count
    if given == 0 { throw ValidationError("Give the data: a count table, --bfile PREFIX or --vcf FILE.") }
    if given > 1 { throw ValidationError("Give one data source only: a count table, --bfile or --vcf.") }
    if lociAsRows && path == nil { throw ValidationError("--loci-as-rows applies to count tables only.") }
  }

  var input: DataInput {
    if let bfile { return .genotypes(GenotypeInput(format: .plink, path: bfile)) }
    if let vcf { return .genotypes(GenotypeInput(format: .vcf, path: vcf)) }
    return .table(TableInput(path: path!, orientation: lociAsRows ? .lociAsRows : .individualsAsRows))
  }
}
