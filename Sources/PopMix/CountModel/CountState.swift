/// The parameters while fitting: W (n × r) and G = C ∘ H stored
/// locus-major (m × r), each row padded with zeros to `stride` lanes so the
/// kernel can treat a row as one SIMD vector. W's columns sum to one.
///
/// A value: copies share storage until one is written (``AlignedBuffer``),
/// so the EM driver's slots never alias.
struct CountState: Sendable, Equatable, EMState {
  var w: AlignedBuffer<Double>
  var g: AlignedBuffer<Double>
  /// r, the number of populations.
  let populations: Int
  /// Lanes per row: 2, 4 or 8 when r fits, else r. Lanes past r stay zero.
  let stride: Int

  /// The SIMD width that holds r lanes, or r itself beyond 8.
  static func stride(for r: Int) -> Int { r <= 2 ? 2 : r <= 4 ? 4 : r <= 8 ? 8 : r }

  /// The state of a model.
  init(_ model: Factorization) {
    let r = model.populations, m = model.loci, n = model.individuals
    populations = r
    stride = Self.stride(for: r)
    w = AlignedBuffer(repeating: 0, count: n * stride)
    g = AlignedBuffer(repeating: 0, count: m * stride)
    for i in 0..<n { for a in 0..<r { w[i * stride + a] = model.W[i, a] } }
    for mu in 0..<m { for a in 0..<r { g[mu * stride + a] = model.totals[mu] * model.H[a, mu] } }
  }

  /// Back to (W, H, C): C_μ = Σ_a G_aμ, H = G / C.
  ///
  /// - Parameter observedTotals: when nothing was hidden, the observed locus
  ///   totals, which C equals in exact arithmetic (the update keeps Σ_a G_aμ
  ///   at the total); reporting them avoids totals like 287.99999999999994.
  func model(individuals n: Int, observedTotals: [Double]? = nil) -> Factorization {
    let r = populations, m = g.count / stride
    var W = Matrix(rows: n, columns: r)
    for i in 0..<n { for a in 0..<r { W[i, a] = w[i * stride + a] } }
    var H = Matrix(rows: r, columns: m)
    var totals = [Double](repeating: 0, count: m)
    for mu in 0..<m {
      var total = 0.0
      for a in 0..<r { total += g[mu * stride + a] }
      totals[mu] = observedTotals?[mu] ?? total
      for a in 0..<r { H[a, mu] = total > 0 ? g[mu * stride + a] / total : 1 / Double(r) }
    }
    return Factorization(W: W, H: H, totals: totals)
  }

  /// Copies `other`'s values into this state's storage (no allocation).
  mutating func assign(_ other: CountState) {
    w.assign(other.w)
    g.assign(other.g)
  }
}
