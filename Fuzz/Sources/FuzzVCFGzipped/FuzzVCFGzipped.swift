import FuzzSupport
import PopMix

/// The compressed VCF file, rewritten for every input.
let vcfPath = FuzzScratch.path("members.vcf.gz")

/// The bytes per gzip member: small and odd, so that most lines straddle two.
let memberSize = 61

/// One input: a plain VCF text, compressed here into gzip members (see
/// ``GzipMembers``) and loaded as `fit --vcf` loads it, so that the parser
/// behind the decompressor is fuzzed as well as the decompressor's errors.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVCFGzipped(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let compressed = GzipMembers.compress(FuzzOracle.bytes(data, size), memberSize: memberSize)
  compressed.withUnsafeBufferPointer { FuzzScratch.write($0, to: vcfPath) }
  FuzzOracle.expectLoadOrPopMixError {
    _ = try GenotypeInput(format: .vcf, path: vcfPath).load()
  }
  return 0
}
