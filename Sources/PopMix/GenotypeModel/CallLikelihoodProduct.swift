import RealModule

/// The running product Π p^g (1 − p)^(t − g) over one SNP's calls, four
/// individuals a vector, with its binary exponent taken out before it can
/// reach the denormals: one logarithm per lane per SNP instead of one per call.
struct CallLikelihoodProduct {
  typealias V = SIMD4<Double>
  /// The product's significand part, lane by lane.
  private var product = V(repeating: 1)
  /// The exponent taken out of it, summed over the lanes.
  private var exponent = 0

  /// Multiplies in four calls: `first` = g and `second` = t − g copies (each
  /// 0, 1 or 2; haploid calls halve them), at frequency p and 1 − p.
  ///
  /// Each power is a product of two factors x m + (1 − m), m in {0, 1}, so
  /// x or 1 exactly; m comes from g by exact integer arithmetic (masks and
  /// selects are slow on Swift's SIMD types).
  @inline(__always)
  mutating func include(first: V, second: V, frequency: V, complement: V) {
    let one = V(repeating: 1)
    let half = V(repeating: 0.5)
    let g2 = first.times(first.minus(one)).times(half), g1 = first.minus(g2)
    let h2 = second.times(second.minus(one)).times(half), h1 = second.minus(h2)
    let f1 = g1.times(frequency).plus(one.minus(g1)), f2 = g2.times(frequency).plus(one.minus(g2))
    let f3 = h1.times(complement).plus(one.minus(h1)), f4 = h2.times(complement).plus(one.minus(h2))
    product = product.times(f1.times(f2).times(f3.times(f4)))
    // Every factor is at least ε², so a product above 2⁻⁶⁰⁰ cannot reach
    // the denormals in one step; take its exponent out below that.
    if product[0] < 0x1p-600 || product[1] < 0x1p-600 || product[2] < 0x1p-600 || product[3] < 0x1p-600 {
      for lane in 0..<V.scalarCount {
        exponent += Int(product[lane].exponent)
        product[lane] = product[lane].significand
      }
    }
  }

  /// log of the product: lane by lane, since two lanes' product could fall
  /// below the smallest Double.
  var logarithm: Double {
    Double.log(product[0]) + Double.log(product[1]) + Double.log(product[2]) + Double.log(product[3])
      + Double(exponent) * 0.693_147_180_559_945_3
  }
}
