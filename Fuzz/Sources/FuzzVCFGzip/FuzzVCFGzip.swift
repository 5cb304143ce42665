import FuzzSupport

/// The compressed VCF file, rewritten for every input.
let vcfPath = FuzzScratch.path("raw.vcf.gz")

/// One input: a gzip or bgzip file's raw bytes, loaded as `fit --vcf` loads
/// it. Mutations hit zlib's header, deflate and trailer checks and the
/// reader's handling of what zlib reports (truncated, corrupt, several members).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVCFGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzOracle.loadVCF(data, size, at: vcfPath)
  return 0
}
