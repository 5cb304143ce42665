/// Derives independent seeds for the parts of a computation from one seed.
///
/// Each restart, fold and simulation stage gets its own generator seeded by
/// `SeedSequence.seed(base, stream...)`, so results depend only on the
/// user's seed, never on thread scheduling or on how many parts ran before.
public enum SeedSequence {
  /// A seed for the sub-stream named by `path`, derived from `base`.
  ///
  /// Uses the SplitMix64 finaliser, which spreads nearby inputs (seed 1,
  /// seed 2; restart 0, restart 1) over the whole 64-bit range.
  public static func seed(_ base: UInt64, _ path: UInt64...) -> UInt64 {
    var state = mix(base)
    for part in path { state = mix(state ^ mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
    return state
  }

  private static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
