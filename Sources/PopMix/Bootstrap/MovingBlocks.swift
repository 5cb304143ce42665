/// The moving-block bootstrap over SNPs: each replicate is as many SNPs as
/// the data, made of runs of `length` consecutive SNPs with random starts,
/// drawn chromosome by chromosome so that no block crosses from one
/// chromosome to the next.
///
/// Neighbouring SNPs are in linkage disequilibrium, so they are not
/// independent draws; resampling them in blocks longer than the reach of
/// LD keeps that dependence in every replicate, and the spread of the
/// replicates' estimates then reflects it (docs/bootstrap.md).
public struct MovingBlocks: Sendable, Equatable {
  /// The chromosomes' SNPs: consecutive index ranges that cover the data.
  public let chromosomes: [Range<Int>]
  /// SNPs per block (a chromosome with fewer SNPs is one block).
  public let length: Int

  /// The default block: one megabase, longer than LD's reach in most
  /// outbred populations (r² falls to background within a few hundred
  /// kilobases in humans), short enough to give a chromosome tens of blocks.
  public static let defaultBases = 1_000_000
  /// The block length, in SNPs, when positions cannot convert bases into
  /// SNPs (every chromosome a single position, or positions all 0).
  public static let fallbackLength = 500

  /// - Precondition: the ranges are non-empty, consecutive from 0, and
  ///   `length >= 1`.
  public init(chromosomes: [Range<Int>], length: Int) {
    precondition(length >= 1, "A block holds at least one SNP")
    precondition(!chromosomes.isEmpty && chromosomes.first!.lowerBound == 0
                   && zip(chromosomes, chromosomes.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }
                   && chromosomes.allSatisfy { !$0.isEmpty },
                 "Chromosomes must be non-empty consecutive ranges from 0")
    self.chromosomes = chromosomes
    self.length = length
  }

  /// Blocks over SNPs in file order: a chromosome is each run of SNPs with
  /// the same name (a name seen again later starts a new run, which blocks
  /// do not cross either), and the length is `bases` converted to SNPs at
  /// the data's mean density, Σ (SNPs − 1) / Σ span over the runs whose
  /// positions span more than 0 bases.
  ///
  /// - Parameters:
  ///   - length: SNPs per block; when nil, from `bases` as above, or
  ///     ``fallbackLength`` when no run spans any bases.
  /// - Precondition: `chromosomes` and `positions` have the same, nonzero,
  ///   count.
  public init(chromosomes names: [String], positions: [Int], bases: Int = defaultBases, length: Int? = nil) {
    precondition(names.count == positions.count && !names.isEmpty, "One chromosome and position per SNP")
    var runs: [Range<Int>] = []
    var start = 0
    for j in 1...names.count where j == names.count || names[j] != names[j - 1] {
      runs.append(start..<j)
      start = j
    }
    var gaps = 0, span = 0
    for run in runs {
      let first = positions[run].min()!, last = positions[run].max()!
      if last > first {
        span += last - first
        gaps += run.count - 1
      }
    }
    let converted = span > 0 ? Int((Double(bases) * Double(gaps) / Double(span)).rounded()) : Self.fallbackLength
    self.init(chromosomes: runs, length: length ?? Swift.max(1, converted))
  }

  /// The SNPs of the data, as the number of chromosomes and blocks says.
  public var snps: Int { chromosomes.last!.upperBound }

  /// One replicate: SNP indices, as many as the data has. On a chromosome
  /// of c SNPs and blocks of w = min(length, c), ⌈c / w⌉ blocks start at
  /// uniform draws from its first c − w + 1 SNPs; the last is cut short so
  /// that the chromosome keeps c SNPs.
  ///
  /// - Complexity: O(snps) draws and indices.
  public func replicate(using random: RandomSource) -> [Int] {
    var indices: [Int] = []
    indices.reserveCapacity(snps)
    for chromosome in chromosomes {
      let c = chromosome.count, w = Swift.min(length, c)
      var left = c
      while left > 0 {
        let start = chromosome.lowerBound + random.uniformInteger(below: c - w + 1)
        let take = Swift.min(w, left)
        indices.append(contentsOf: start..<(start + take))
        left -= take
      }
    }
    return indices
  }
}
