/// The two alternating updates, HALS and multiplicative, on one factor.
///
/// Both update H given W and then W given H. A factor F is p × r (the
/// rows of W, or the columns of H) and is updated from its numerator N
/// (Vᵀ W for H, V Hᵀ for W, same layout) and the r × r Gram matrix G of the
/// other factor (WᵀW for H, H Hᵀ for W); the loss in F is then
/// ½ Σ_p (f_p G f_pᵀ − 2 f_p n_pᵀ) plus a constant (docs/model.md), and
/// an L2 penalty λ adds ½ λ ‖f_p‖², i.e. λ to G's diagonal.
extension LeastSquaresProblem {
  /// Where a factor's entries sit in its row-major storage: entry (p, k)
  /// at `p * row + k * component`.
  struct Layout {
    var count: Int
    var row: Int
    var component: Int
  }

  /// The most sweeps over k one HALS update makes per row. A sweep costs
  /// O(r²) per row against the O(m r) of the product it reuses, so
  /// repeating it (Gillis and Glineur's accelerated HALS) nearly solves
  /// each row's non-negative least squares for next to nothing.
  static let halsSweeps = 10

  /// One update of every row of a factor, in place.
  ///
  /// - Parameters:
  ///   - l2: λ in the data's units (0 for no penalty).
  ///   - solver: `.hals` sets each f_pk in turn to its exact non-negative
  ///     optimum, max(0, f_pk + (n_pk − (f_p G)_k − λ f_pk) / (G_kk + λ)),
  ///     skipping k when G_kk + λ = 0, and repeats the sweep over k (up to
  ///     ``halsSweeps`` times) until a sweep moves f_p by less than a tenth
  ///     of the first; `.mu` multiplies f_pk by n_pk / ((f_p G)_k + λ f_pk + δ),
  ///     with every k's denominator taken before any changes.
  /// - Complexity: O(p r²).
  static func update(_ f: inout [Double], numerator: [Double], layout: Layout, gram g: [Double], r: Int,
                     l2: Double = 0, solver: LeastSquaresSolver, delta: Double) {
    var denominators = [Double](repeating: 0, count: r)
    for p in 0..<layout.count {
      let base = p * layout.row
      switch solver {
      case .hals:
        var first = 0.0
        for sweep in 0..<halsSweeps {
          var moved = 0.0
          for k in 0..<r where g[k * r + k] + l2 > 0 {
            var fitted = 0.0
            for l in 0..<r { fitted += f[base + l * layout.component] * g[l * r + k] }
            let index = base + k * layout.component
            let old = f[index]
            f[index] = max(0, old + (numerator[index] - fitted - l2 * old) / (g[k * r + k] + l2))
            moved += (f[index] - old) * (f[index] - old)
          }
          if sweep == 0 { first = moved } else if moved <= 0.01 * first { break }
        }
      case .mu:
        for k in 0..<r {
          var fitted = 0.0
          for l in 0..<r { fitted += f[base + l * layout.component] * g[l * r + k] }
          denominators[k] = fitted + l2 * f[base + k * layout.component] + delta
        }
        for k in 0..<r {
          let index = base + k * layout.component
          f[index] *= numerator[index] / denominators[k]
        }
      case .sgd:
        preconditionFailure("SGD updates one entry at a time, not a factor")
      }
    }
  }

  /// WᵀW, r × r, for W n × r row-major.
  static func gramOfColumns(_ w: [Double], rows n: Int, r: Int) -> [Double] {
    var g = [Double](repeating: 0, count: r * r)
    for i in 0..<n {
      for k in 0..<r {
        let wk = w[i * r + k]
        for l in 0..<r { g[k * r + l] += wk * w[i * r + l] }
      }
    }
    return g
  }

  /// Σ a ∘ b over two arrays of the same length.
  static func inner(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "inner needs arrays of one length")
    var sum = 0.0
    for index in a.indices { sum += a[index] * b[index] }
    return sum
  }
}
