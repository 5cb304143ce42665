/// Parameters a genotype fit holds at given values: supervised mode holds
/// the reference individuals' proportions, projection holds P.
///
/// Held values are put on the fit's parameter space once, as every fitted
/// value is: a row of proportions onto the simplex floored at ε
/// (``GenotypeKernel/boundary``), a frequency into [ε, 1 − ε].
public struct FixedParameters: Sendable, Equatable {
  /// Individuals (indices in the genotypes' order) whose proportions are
  /// held, each with its K proportions (non-negative, not all zero).
  public var proportions: [Int: [Double]]
  /// P held at these values (SNPs × K, rows in the genotypes' SNP order,
  /// values in [0, 1]), or nil.
  public var frequencies: Matrix?

  public init(proportions: [Int: [Double]] = [:], frequencies: Matrix? = nil) {
    self.proportions = proportions
    self.frequencies = frequencies
  }

  /// Whether nothing is held.
  public var isEmpty: Bool { proportions.isEmpty && frequencies == nil }

  /// Checks the held values against data of `n` individuals and `m` SNPs
  /// with `K` populations.
  ///
  /// - Precondition: indices in 0..<n, rows of K non-negative values with
  ///   a positive sum, P of m × K values in [0, 1]; a caller that reads
  ///   them from a user's files checks them first.
  func checkShape(individuals n: Int, snps m: Int, populations K: Int) {
    for (i, row) in proportions {
      precondition((0..<n).contains(i), "Held individual \(i) is outside 0..<\(n)")
      precondition(row.count == K, "A held row needs \(K) proportions")
      precondition(row.allSatisfy { $0 >= 0 } && row.reduce(0, +) > 0,
                   "Held proportions must be non-negative with a positive sum")
    }
    if let frequencies {
      precondition(frequencies.rows == m && frequencies.columns == K, "Held P must be \(m) x \(K)")
      precondition(frequencies.elements.allSatisfy { $0 >= 0 && $0 <= 1 }, "Held frequencies must lie in [0, 1]")
    }
  }

  /// Individual `i`'s held row on the floored simplex.
  func flooredRow(_ i: Int) -> [Double]? {
    guard var row = proportions[i] else { return nil }
    row.withUnsafeMutableBufferPointer { values in
      FlooredSimplex.maximise(values.baseAddress!, count: values.count, stride: 1, floor: GenotypeKernel.boundary)
    }
    return row
  }

  /// The held P in [ε, 1 − ε], or nil.
  var clampedFrequencies: Matrix? {
    guard var frequencies else { return nil }
    let epsilon = GenotypeKernel.boundary
    for index in frequencies.elements.indices {
      frequencies.elements[index] = Swift.min(Swift.max(frequencies.elements[index], epsilon), 1 - epsilon)
    }
    return frequencies
  }
}
