/// ``FixedParameters`` as a genotype kernel writes them back into a state,
/// in the state's layout.
struct HeldValues {
  /// Whether each individual's proportions are held (n entries).
  let isHeld: [Bool]
  /// The held individuals, in increasing order.
  private let rows: [Int]
  /// Their floored proportions, K per row, in the order of `rows`.
  private let rowValues: [Double]
  /// The held P in the state's layout (SNP by SNP), clamped, or nil.
  let frequencies: AlignedBuffer<Double>?

  /// - Precondition: `fixed` fits n individuals, m SNPs and K populations
  ///   (``FixedParameters/checkShape(individuals:snps:populations:)``).
  init(_ fixed: FixedParameters, individuals n: Int, snps m: Int, populations K: Int) {
    fixed.checkShape(individuals: n, snps: m, populations: K)
    rows = fixed.proportions.keys.sorted()
    rowValues = rows.flatMap { fixed.flooredRow($0)! }
    var isHeld = [Bool](repeating: false, count: n)
    for i in rows { isHeld[i] = true }
    self.isHeld = isHeld
    frequencies = fixed.clampedFrequencies.map { AlignedBuffer($0.elements) }
  }

  /// Whether P is held.
  var holdsFrequencies: Bool { frequencies != nil }

  /// Puts the held values back into `state` (after a step that moved
  /// every parameter: SQUAREM's extrapolation, a quasi-Newton point).
  ///
  /// - Complexity: O(held rows × K), plus O(m K) when P is held.
  func restore(_ state: inout GenotypeState) {
    let K = state.populations, padded = state.paddedIndividuals
    let q = state.q.mutablePointer
    for (index, i) in rows.enumerated() {
      for k in 0..<K { q[k * padded + i] = rowValues[index * K + k] }
    }
    if let frequencies { state.p.assign(frequencies) }
  }
}
