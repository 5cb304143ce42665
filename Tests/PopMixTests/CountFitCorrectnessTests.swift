import Foundation
import Testing
@testable import PopMix

/// The count fit against a written-out ECM step, for every kernel path:
/// SIMD rows of 2, 4 and 8 lanes and the scalar rows used beyond eight
/// populations, with and without missing entries, over many passes.
@Suite struct CountFitCorrectnessTests {
  /// One ECM step written out from docs/model.md §5, entry by entry, on
  /// plain arrays: W (n × r, columns summing to one) and G = C ∘ H (m × r).
  /// With nothing hidden it is the EM step of §3.
  struct Reference {
    var w: [[Double]]
    var g: [[Double]]

    init(_ model: Factorization) {
      w = (0..<model.individuals).map { i in (0..<model.populations).map { model.W[i, $0] } }
      g = (0..<model.loci).map { mu in (0..<model.populations).map { model.totals[mu] * model.H[$0, mu] } }
    }

    func lambda(_ i: Int, _ mu: Int) -> Double {
      zip(w[i], g[mu]).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Σ over observed entries of v log λ − λ − log v!.
    func logLikelihood(_ counts: Matrix) -> Double {
      var total = 0.0
      for i in 0..<counts.rows {
        for mu in 0..<counts.columns where !counts[i, mu].isNaN {
          let v = counts[i, mu], l = lambda(i, mu)
          total += (v > 0 ? v * log(l) : 0) - l - lgamma(v + 1)
        }
      }
      return total
    }

    mutating func step(_ counts: Matrix) {
      let n = w.count, m = g.count, r = w[0].count
      var ratioW = Array(repeating: Array(repeating: 0.0, count: r), count: n)
      var ratioG = Array(repeating: Array(repeating: 0.0, count: r), count: m)
      var observedG = Array(repeating: Array(repeating: 0.0, count: r), count: n)  // Σ_μ M G_aμ
      for i in 0..<n {
        for mu in 0..<m where !counts[i, mu].isNaN {
          let ratio = counts[i, mu] / lambda(i, mu)
          for a in 0..<r {
            ratioW[i][a] += ratio * g[mu][a]
            ratioG[mu][a] += ratio * w[i][a]
            observedG[i][a] += g[mu][a]
          }
        }
      }
      // CM 1: W̃ = W Σ_μ M (V/λ) G / Σ_μ M G.
      var wTilde = w
      for i in 0..<n { for a in 0..<r { wTilde[i][a] = w[i][a] * ratioW[i][a] / observedG[i][a] } }
      // CM 2 with W held at W̃: G ← G Σ_i M (V/λ) W / Σ_i M W̃.
      for mu in 0..<m {
        for a in 0..<r {
          var observedW = 0.0
          for i in 0..<n where !counts[i, mu].isNaN { observedW += wTilde[i][a] }
          g[mu][a] *= ratioG[mu][a] / observedW
        }
      }
      // Rescale: W's columns to one, their scale into G.
      for a in 0..<r {
        let s = wTilde.reduce(0) { $0 + $1[a] }
        for i in 0..<n { w[i][a] = wTilde[i][a] / s }
        for mu in 0..<m { g[mu][a] *= s }
      }
    }
  }

  /// A table of 60 individuals at 120 loci from `populations` populations,
  /// every seventh entry missing when asked.
  static func table(populations: Int, missing: Bool) -> CountTable {
    let table = TestData.simulated(individuals: 60, loci: 120, populations: populations, hybrids: 6,
                                   depth: 12, seed: UInt64(populations)).table
    return missing ? TestData.withMissing(table, every: 7) : table
  }

  /// Plain EM from a random start, 40 passes, against the reference: each
  /// check's log-likelihood (every tenth pass) and the final W and G. A
  /// pass that reused an earlier pass's sums (as the scalar rows once did
  /// past eight populations) is off by orders of magnitude from the second
  /// pass on; the values here are sums of ~10⁴ terms taken in another
  /// order, so 1e-9 relative is rounding, compounded over 40 passes.
  @Test(arguments: [1, 2, 3, 4, 5, 8, 9, 12], [false, true])
  func plainPassesFollowTheWrittenOutStep(populations r: Int, missing: Bool) {
    let table = Self.table(populations: max(r, 2), missing: missing)
    let start = PoissonNMF.randomStart(ObservedCounts(counts: table.counts), populations: r, seed: 5)
    // F^k(start) and its log-likelihood for k = 0 … 39.
    let passes = 40
    var states = [Reference(start)]
    for _ in 1..<passes {
      var next = states.last!
      next.step(table.counts)
      states.append(next)
    }
    // With tolerance 0 the driver checks every tenth pass (fewer without
    // hidden entries, where its gain bound skips some) and the cap's last;
    // the check recorded at pass p is l(F^(p − 1)(start)), and the point
    // returned is the last one evaluated. (One population converges in a
    // pass: its optimum is closed-form, and the gain then is exactly 0.)
    let data = ObservedCounts(counts: table.counts)
    let run = PoissonNMF.iterate(data, from: start, algorithm: .mu, tolerance: 0, maxIterations: passes,
                                 recordTrace: true)
    #expect(run.trace.count >= 2)
    #expect(run.stop == (r == 1 ? .converged : .iterationLimit))
    if r > 1 { #expect(run.trace.last?.pass == passes) }
    for progress in run.trace {
      let want = states[progress.pass - 1].logLikelihood(table.counts)
      #expect(abs(progress.logLikelihood - want) <= 1e-9 * abs(want), "r \(r) pass \(progress.pass)")
    }
    let reference = states[run.trace.last!.pass - 1]
    let state = CountState(run.model)
    let stride = state.stride
    for i in 0..<table.individualCount {
      for a in 0..<r {
        #expect(abs(state.w[i * stride + a] - reference.w[i][a]) <= 1e-8 * reference.w[i][a] + 1e-300,
                "W[\(i), \(a)]")
      }
    }
    for mu in 0..<table.locusCount {
      for a in 0..<r {
        #expect(abs(state.g[mu * stride + a] - reference.g[mu][a]) <= 1e-8 * reference.g[mu][a] + 1e-300,
                "G[\(mu), \(a)]")
      }
    }
  }

  /// The kernel's own invariants after plain passes, read off its state
  /// (not off the reported model, which substitutes observed totals): W's
  /// columns sum to one, and with nothing hidden Σ_a G_aμ stays at the
  /// observed total C_μ (docs/model.md §3).
  @Test(arguments: [3, 9], [false, true])
  func passesKeepTheKernelsInvariants(populations r: Int, missing: Bool) {
    let table = Self.table(populations: 3, missing: missing)
    let data = ObservedCounts(counts: table.counts)
    let kernel = CountKernel(data: data, populations: r)
    var state = CountState(PoissonNMF.randomStart(data, populations: r, seed: 2))
    for _ in 0..<25 { _ = kernel.step(&state, evaluate: false) }
    let p = state.stride
    for a in 0..<r {
      let sum = (0..<table.individualCount).reduce(0.0) { $0 + state.w[$1 * p + a] }
      #expect(abs(sum - 1) < 1e-12, "column \(a) of W sums to \(sum)")
    }
    if !missing {
      let totals = table.locusTotals()
      for mu in 0..<table.locusCount {
        let sum = (0..<r).reduce(0.0) { $0 + state.g[mu * p + $1] }
        #expect(abs(sum - totals[mu]) <= 1e-12 * totals[mu], "locus \(mu): Σ G \(sum), total \(totals[mu])")
      }
    }
  }

  /// Accelerated and plain fits beyond eight populations: the log-likelihood
  /// never falls, both stop by converging, and the richer model fits at
  /// least as well as eight populations (the models are nested; the fits
  /// stop within a relative 1e-8 of their optimum, so 1e-6 |l| is slack for
  /// that, not for a wrong fit, which was 5e5 log-units low).
  @Test(arguments: [FitAlgorithm.mu, .accelerated], [false, true])
  func manyPopulationsFitAndNest(algorithm: FitAlgorithm, missing: Bool) throws {
    let table = Self.table(populations: 10, missing: missing)
    var options = FitOptions(populations: 8, restarts: 1, seed: 3, tolerance: 1e-8, maxIterations: 20_000,
                             algorithm: algorithm)
    let eight = try PoissonNMF.fit(table, options: options)
    options.populations = 10
    options.recordTrace = true
    let ten = try PoissonNMF.fit(table, options: options)
    #expect(eight.stop == .converged && ten.stop == .converged, "\(eight.stop), \(ten.stop)")
    #expect(ten.logLikelihood >= eight.logLikelihood - 1e-6 * abs(eight.logLikelihood),
            "r 10: \(ten.logLikelihood), r 8: \(eight.logLikelihood)")
    let trace = ten.traces[0].map(\.logLikelihood)
    for (before, after) in zip(trace, trace.dropFirst()) {
      #expect(after >= before - FitStop.roundingSlack(at: before), "\(before) -> \(after)")
    }
  }

  /// At the ECM optimum with missing entries the gradient of l vanishes in
  /// every free direction: ∂l/∂G_aμ = Σ_i M (V/λ − 1) W_ia and ∂l/∂W_ia =
  /// Σ_μ M (V/λ − 1) G_aμ (W's column scale trades with G, so W's
  /// unconstrained gradient must vanish too) for entries off the floor.
  /// Relative to Σ M W_ia (resp. Σ M G_aμ), the scale of either sum, the
  /// fit at tolerance 1e-13 leaves below 1e-4; a step that is not the
  /// ECM's converges elsewhere and leaves ~1e-2.
  @Test(arguments: [3, 9])
  func ecmOptimumIsStationary(populations r: Int) throws {
    let table = Self.table(populations: 3, missing: true)
    let options = FitOptions(populations: r, restarts: 1, seed: 4, tolerance: 1e-13, maxIterations: 50_000)
    let fit = try PoissonNMF.fit(table, options: options)
    let model = fit.model
    let n = table.individualCount, m = table.locusCount
    var gradientW = Matrix(rows: n, columns: r), scaleW = Matrix(rows: n, columns: r)
    var gradientG = Matrix(rows: m, columns: r), scaleG = Matrix(rows: m, columns: r)
    for i in 0..<n {
      for mu in 0..<m where !table.counts[i, mu].isNaN {
        let residual = table.counts[i, mu] / model.expectedCount(individual: i, locus: mu) - 1
        for a in 0..<r {
          let g = model.totals[mu] * model.H[a, mu]
          gradientW[i, a] += residual * g
          scaleW[i, a] += g
          gradientG[mu, a] += residual * model.W[i, a]
          scaleG[mu, a] += model.W[i, a]
        }
      }
    }
    var worst = 0.0
    for i in 0..<n { for a in 0..<r where model.W[i, a] > 1e-6 { worst = max(worst, abs(gradientW[i, a]) / scaleW[i, a]) } }
    for mu in 0..<m {
      for a in 0..<r where model.H[a, mu] > 1e-6 { worst = max(worst, abs(gradientG[mu, a]) / scaleG[mu, a]) }
    }
    #expect(fit.converged)
    #expect(worst < 1e-4, "largest relative gradient \(worst)")
  }
}
