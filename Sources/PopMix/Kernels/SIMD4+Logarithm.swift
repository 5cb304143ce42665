extension SIMD4 where Scalar == Double {
  /// The natural logarithm of each lane, within about one unit in the last
  /// place.
  ///
  /// The count kernel needs Σ V log λ over millions of entries per pass, and
  /// a scalar `log` per entry would cost more than the rest of the pass; this
  /// takes about fifteen vector operations for four lanes. It is fdlibm's
  /// method: x = 2ᵏ (1 + f) with 1 + f in [√2/2, √2), s = f / (2 + f), and
  /// log(1 + f) = f − s (f − R(s²)) with R a degree-7 minimax polynomial
  /// (``_logarithmReduction(_:constants:)`` and
  /// ``_logarithmTail(f:s:constants:)``). fdlibm bounds its error below one
  /// ulp; this form of the last step measured up to 1.3 (the tests allow 2
  /// against the platform's `log`).
  ///
  /// - Parameter constants: ``_LogarithmConstants/vectors``; a loop reads
  ///   them once and passes them in (``_logarithmReduction(_:constants:)``).
  /// - Precondition: every lane is a positive normal number (the kernel
  ///   starts λ from `Double.leastNormalMagnitude`); other lanes give
  ///   meaningless values, not a trap.
  @inline(__always)
  static func _logarithm(_ x: SIMD4<Double>,
                         constants: UnsafePointer<SIMD4<Double>> = _LogarithmConstants.vectors) -> SIMD4<Double> {
    let reduced = _logarithmReduction(x, constants: constants)
    let tail = _logarithmTail(f: reduced.f, s: reduced.s, constants: constants)
    let ln2High = 6.93147180369123816490e-01, ln2Low = 1.90821492927058770002e-10
    return reduced.f + tail + reduced.exponent * ln2Low + reduced.exponent * ln2High
  }

  /// The first half of the logarithm: x = 2ᵏ (1 + f) with 1 + f in
  /// [√2/2, √2), and s = f / (2 + f). Returns (f, s, k); log x is
  /// k log 2 + f + ``_logarithmTail(f:s:constants:)``.
  ///
  /// The logarithm comes in two halves so that a loop can take all its
  /// divisions first and its polynomials after: in one loop each vector's
  /// chain of dependent operations (a division, then the polynomial) holds
  /// the loop back; in two, the divisions of many vectors overlap. A sum of
  /// many logarithms keeps Σ k apart (exact in a double) and takes its
  /// log 2 once.
  ///
  /// - Parameter constants: ``_LogarithmConstants/vectors``. A loop passes
  ///   the pointer it read once: the compiler cannot fold vectors behind a
  ///   pointer back into constants, so each is an operand read from memory.
  ///   As constants, the ten that did not fit in registers were broadcast
  ///   again in every vector, and those broadcasts, not the arithmetic,
  ///   held the loop.
  @inline(__always)
  static func _logarithmReduction(_ x: SIMD4<Double>, constants c: UnsafePointer<SIMD4<Double>>)
    -> (f: SIMD4<Double>, s: SIMD4<Double>, exponent: SIMD4<Double>) {
    typealias Constant = _LogarithmConstants
    // Shift the exponent so that a mantissa at or above √2/2 counts as the
    // lower octave, then rebuild 1 + f with a zero exponent.
    let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self) &+ 0x0009_5F62_0000_0000
    let biased = bits &>> 52
    let mantissa = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) &+ 0x3FE6_A09E_0000_0000, to: SIMD4<Double>.self)
    // k as a double without a 64-bit integer conversion (AVX2 has none):
    // 2⁵² + e is exact, so subtracting 2⁵² leaves e.
    let k = unsafeBitCast(biased | 0x4330_0000_0000_0000, to: SIMD4<Double>.self) - c[Constant.exponentOffset]
    // f and 2 + f = m + 1 each one operation from m, side by side.
    let one = c[Constant.one]
    let f = mantissa - one
    return (f, f / (mantissa + one), k)
  }

  /// The second half of the logarithm: log(1 + f) − f = −s (f − R(s²)),
  /// for f and s from ``_logarithmReduction(_:constants:)``.
  @inline(__always)
  static func _logarithmTail(f: SIMD4<Double>, s: SIMD4<Double>, constants c: UnsafePointer<SIMD4<Double>>)
    -> SIMD4<Double> {
    typealias Constant = _LogarithmConstants
    let z = s * s
    // R(z)/z in Estrin's scheme: pairs of coefficients, then pairs of
    // pairs with z², then z⁴: a chain of three products and one fused step
    // after z, against five with Horner's rule, so more vectors of a loop
    // are in flight at once. (Written as fdlibm's two interleaved halves,
    // the compiler split the vectors into scalar lanes.) Fused where the
    // target allows: fewer instructions, one rounding.
    let w = z * z
    let w2 = w * w
    let p01 = c[Constant.lg1]._addingProduct(z, c[Constant.lg2])
    let p23 = c[Constant.lg3]._addingProduct(z, c[Constant.lg4])
    let p45 = c[Constant.lg5]._addingProduct(z, c[Constant.lg6])
    let q0 = p01._addingProduct(w, p23)
    let q1 = p45._addingProduct(w, c[Constant.lg7])
    let r = q0._addingProduct(w2, q1)
    // s (z R/z − f), with fdlibm's f − s (f − R) read as f + this. Its
    // form f − (hfsq − s (hfsq + R)), with hfsq = f²/2, is a little more
    // accurate and slower.
    return s * (-f)._addingProduct(z, r)
  }
}

/// The floating-point constants of the logarithm's two halves
/// (``SIMD4/_logarithmReduction(_:constants:)``,
/// ``SIMD4/_logarithmTail(f:s:constants:)``), each in all four lanes, in
/// memory.
enum _LogarithmConstants {
  static let exponentOffset = 0, one = 1
  /// fdlibm's Lg1 … Lg7, the coefficients of R(z).
  static let lg1 = 2, lg2 = 3, lg3 = 4, lg4 = 5, lg5 = 6, lg6 = 7, lg7 = 8

  /// The vectors, made once and never freed (288 bytes); never written
  /// after they are made, so safe to read from any thread.
  nonisolated(unsafe) static let vectors: UnsafePointer<SIMD4<Double>> = {
    let values: [Double] = [
      0x1p52 + 1023, 1,
      6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
      2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
      1.479819860511658591e-01,
    ]
    let vectors = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: values.count)
    for (index, value) in values.enumerated() { (vectors + index).initialize(to: SIMD4(repeating: value)) }
    return UnsafePointer(vectors)
  }()
}
