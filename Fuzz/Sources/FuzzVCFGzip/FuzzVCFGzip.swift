import FuzzSupport
import PopMix

/// The compressed VCF file, rewritten for every input.
let vcfPath = FuzzScratch.path("raw.vcf.gz")

/// One input: a gzip or bgzip file's raw bytes, loaded as `fit --vcf` loads
/// it. Mutations hit zlib's header, deflate and trailer checks and the
/// reader's handling of what zlib reports (truncated, corrupt, several members).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVCFGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzScratch.write(FuzzOracle.bytes(data, size), to: vcfPath)
  FuzzOracle.expectLoadOrInputError {
    _ = try GenotypeInput(format: .vcf, path: vcfPath).load()
  }
  return 0
}
