import FuzzSupport
import PopMix

/// The count table, rewritten for every input.
let tablePath = FuzzScratch.path("table.tsv")

/// One input: a count table's file, loaded as `fit` and `scan` load it
/// (``TableInput/load()``: the reader, then the dropping of empty loci),
/// with rows as individuals and then as loci.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCountTable(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzScratch.write(FuzzOracle.bytes(data, size), to: tablePath)
  for orientation in [TableOrientation.individualsAsRows, .lociAsRows] {
    FuzzOracle.expectLoadOrPopMixError {
      _ = try TableInput(path: tablePath, orientation: orientation).load()
    }
  }
  return 0
}
