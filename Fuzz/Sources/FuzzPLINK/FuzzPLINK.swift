import FuzzSupport
import PopMix

/// The trio's prefix, its three files rewritten for every input.
let prefix = FuzzScratch.path("trio")

/// One input: a PLINK trio (see ``TrioSplit`` for how one input holds three
/// files), loaded as `fit --bfile` loads it (``GenotypeInput/load()``: the
/// reader, then the dropping of monomorphic SNPs and the check that every
/// individual has a call).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPLINK(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let trio = TrioSplit(FuzzOracle.bytes(data, size))
  for (part, ext) in [(trio.fam, ".fam"), (trio.bim, ".bim"), (trio.bed, ".bed")] {
    if let part { FuzzScratch.write(part, to: prefix + ext) } else { FuzzScratch.remove(prefix + ext) }
  }
  FuzzOracle.expectLoadOrPopMixError {
    _ = try GenotypeInput(format: .plink, path: prefix).load()
  }
  return 0
}
