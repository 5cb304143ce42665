import CProcessor

/// The genotype passes' arithmetic on four lanes as whole vector
/// instructions (``CProcessor``'s `popmix_*4`).
///
/// Swift's SIMD4 operators reach the optimiser lane by lane; in the
/// passes' long unrolled loops it put them back together as half-vectors
/// and single lanes (`perf annotate`), so the passes spell their vector
/// arithmetic with these. Each is one operation with one rounding, as the
/// operator it stands for, so results are the operators' bit for bit.
extension SIMD4 where Scalar == Double {
  /// self + other.
  @inline(__always)
  func plus(_ other: Self) -> Self { popmix_add4(self, other) }

  /// self − other.
  @inline(__always)
  func minus(_ other: Self) -> Self { popmix_sub4(self, other) }

  /// self × other.
  @inline(__always)
  func times(_ other: Self) -> Self { popmix_mul4(self, other) }

  /// self ÷ other.
  @inline(__always)
  func over(_ other: Self) -> Self { popmix_div4(self, other) }

  /// self + x y, fused where the target can (as ``_addingProduct(_:_:)``).
  @inline(__always)
  func plusProduct(_ x: Self, _ y: Self) -> Self { popmix_muladd4(x, y, self) }
}
