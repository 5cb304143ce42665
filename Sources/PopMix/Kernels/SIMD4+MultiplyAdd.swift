import CProcessor

extension SIMD4 where Scalar == Double {
  /// Whether the build's target has fused multiply-add instructions (the
  /// Makefile builds for the machine's own processor when it has them).
  static var _targetHasFusedMultiplyAdd: Bool { POPMIX_TARGET_HAS_FMA != 0 }

  /// self + x y: one fused multiply-add where the target has the
  /// instruction (one rounding), else a product and a sum.
  ///
  /// The count kernel is bound by its multiplications: fused, each takes one
  /// instruction of the two the processor can start per cycle instead of
  /// two. Without the instruction a fused multiply-add would be a call to
  /// the C library's `fma` for each lane, which is why it is not asked for
  /// unconditionally. Results differ between the two builds in the last
  /// bits, never within one.
  @inline(__always)
  func _addingProduct(_ x: Self, _ y: Self) -> Self {
    Self._targetHasFusedMultiplyAdd ? addingProduct(x, y) : self + x * y
  }
}
