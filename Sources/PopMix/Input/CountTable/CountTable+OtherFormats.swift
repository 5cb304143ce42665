extension CountTable {
  /// Throws when `text` is plainly not a count table but genotypes or other
  /// binary data, saying what to give instead (ADMIXTURE takes the `.bed`
  /// itself, so `popmix fit data.bed` is an easy slip).
  ///
  /// - Throws: ``PopMixError`` naming the file: for a name ending in `.bed`,
  ///   `.bim` or `.fam` or a file starting with PLINK's magic bytes, one
  ///   ending in `.vcf`, `.vcf.gz` or `.bcf` or starting with
  ///   `##fileformat=VCF`, gzip data, or a file with a NUL byte near its
  ///   start.
  static func refuseOtherFormats(_ text: DelimitedText) throws {
    let path = text.path
    let bytes = text.bytes
    let name = path.lowercased()
    if let plinkExtension = [".bed", ".bim", ".fam"].first(where: name.hasSuffix) {
      let prefix = String(path.dropLast(plinkExtension.count))
      throw PopMixError.genotypesGiven("this is a PLINK \(plinkExtension) file, not a count table", file: path,
                                       .plink(prefix: prefix))
    }
    if [".vcf", ".vcf.gz", ".bcf"].contains(where: name.hasSuffix) || bytes.starts(with: Array("##fileformat=VCF".utf8)) {
      throw PopMixError.genotypesGiven("this is a VCF file, not a count table", file: path, .vcf(path: path))
    }
    if bytes.starts(with: GenotypeData.plinkMagic) {
      throw PopMixError.genotypesGiven("this is a PLINK .bed file (it starts with PLINK's bytes 0x6C 0x1B), not a count table",
                                       file: path, .plink(prefix: nil))
    }
    if bytes.starts(with: [0x1F, 0x8B]) {
      throw PopMixError.genotypesGiven("the file is gzip-compressed, and count tables are read as plain text: decompress it "
                                         + "first", file: path, .gzippedVCF)
    }
    if let nul = bytes.prefix(1 << 16).firstIndex(of: 0) {
      throw PopMixError.badData("this is a binary file, not a text table (byte \(nul + 1) is 0x00)", file: path)
    }
  }
}
