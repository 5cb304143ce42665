import Foundation
import PopMix

/// What a fuzz target checks on each input: popmix's readers either load it
/// or throw a ``PopMixError`` that prints as one line. A trap, a crash or a
/// hang anywhere is a finding (libFuzzer reports it); so, here, is any other
/// error and a message that is empty or spans lines, which the command would
/// print as something other than one clear sentence.
public enum FuzzOracle {
  /// With `POPMIX_FUZZ_VERBOSE` set, each input's outcome is printed, to
  /// check what seeds or a saved crash do (`TARGET -runs=0 FILE...`).
  static let verbose = ProcessInfo.processInfo.environment["POPMIX_FUZZ_VERBOSE"] != nil

  /// Runs `load`, and stops the process (a finding) unless it returns or
  /// throws a well-formed ``PopMixError``.
  public static func expectLoadOrPopMixError(_ load: () throws -> Void) {
    do {
      try load()
      if verbose { print("loaded") }
    } catch let error as PopMixError {
      if verbose { print("PopMixError: \(error)") }
      if error.message.isEmpty {
        fatalError("a PopMixError with an empty message: \(error)")
      }
      if error.description.contains(where: { $0 == "\n" || $0 == "\r\n" }) {
        fatalError("a PopMixError that spans lines: \(error.description.debugDescription)")
      }
    } catch {
      fatalError("a reader threw \(type(of: error)), not a PopMixError: \(error)")
    }
  }

  /// Writes the input to `path` and loads it as `fit --vcf` does
  /// (``GenotypeInput/load()``), plain or compressed as its bytes say.
  public static func loadVCF(_ data: UnsafePointer<UInt8>, _ size: Int, at path: String) {
    FuzzScratch.write(bytes(data, size), to: path)
    expectLoadOrPopMixError { _ = try GenotypeInput(format: .vcf, path: path).load() }
  }

  /// The fuzzer's input as a buffer.
  public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: data, count: size)
  }
}
