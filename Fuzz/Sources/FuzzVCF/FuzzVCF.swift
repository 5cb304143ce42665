import FuzzSupport

/// The VCF file, rewritten for every input.
let vcfPath = FuzzScratch.path("plain.vcf")

/// One input: a VCF file's bytes as they are (plain text from the seeds;
/// should a mutation start it with gzip's magic bytes, the reader inflates it),
/// loaded as `fit --vcf` loads it (``GenotypeInput/load()``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVCF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzOracle.loadVCF(data, size, at: vcfPath)
  return 0
}
