import Foundation
import Testing
@testable import PopMix

/// The genotype model's Newton sweeps (`--algorithm newton`).
@Suite struct NewtonSweepTests {
  /// The first pass's sums equal the derivatives written out call by call:
  /// ∂l/∂Q_ik = Σ_j [g/h − (t − g)/(1 − h)] P_jk and −∂²l/∂Q_ik∂Q_il =
  /// Σ_j [g/h² + (t − g)/(1 − h)²] P_jk P_jl, and the log-likelihood, for K
  /// with loops unrolled (3, 8) and not (10: its sums in blocks of eight),
  /// with missing and haploid calls, over 120 SNPs (three whole tiles of
  /// the pass and a part). Sums of ~10² terms in another order: 1e-11
  /// relative is rounding.
  @Test(arguments: [3, 8, 10], [false, true])
  func derivativesAreTheDefinitions(populations K: Int, haploid: Bool) {
    let (genotypes, model, kernel, state) = Self.pass(populations: K, haploid: haploid, seed: 3)
    let l = kernel.proportionDerivatives(state)
    let reference = model.logLikelihood(of: genotypes)
    #expect(abs(l - reference) <= 1e-12 * abs(reference))
    let padded = kernel.paddedIndividuals
    for i in 0..<genotypes.individuals {
      var gradient = [Double](repeating: 0, count: K), curvature = [Double](repeating: 0, count: K * K)
      var complement = 0.0
      for j in 0..<genotypes.snps {
        guard let (g, t) = genotypes[individual: i, snp: j].alleleCounts else { continue }
        let h = model.expectedFrequency(individual: i, snp: j)
        let (first, second) = (Double(g), Double(t - g))
        complement += second / (1 - h)
        for k in 0..<K {
          gradient[k] += (first / h - second / (1 - h)) * model.P[j, k]
          for l in 0..<K {
            curvature[k * K + l] += (first / (h * h) + second / ((1 - h) * (1 - h))) * model.P[j, k] * model.P[j, l]
          }
        }
      }
      var c = 0
      for k in 0..<K {
        let computed = kernel.newton.gradient[k * padded + i]
        #expect(abs(computed - gradient[k]) <= 1e-11 * max(abs(gradient[k]), 1), "i \(i) k \(k)")
        for l in k..<K {
          let value = kernel.newton.curvature[c * padded + i]
          #expect(abs(value - curvature[k * K + l]) <= 1e-11 * curvature[k * K + l], "i \(i) k \(k) l \(l)")
          c += 1
        }
      }
      #expect(abs(kernel.newton.complement[i] - complement) <= 1e-11 * max(complement, 1))
    }
  }

  /// The second pass steps each SNP as written out here call by call: the
  /// box-constrained Newton step from Σ_i d_ij Q_ik and Σ_i w_ij Q_ik Q_il,
  /// kept when the SNP's term at the step is no lower, else EM's update
  /// P A/(P A + (1 − P) B); and it returns l(Q, P). K unrolled (3) and
  /// beyond eight (10: the sums in blocks of at most eight), with missing
  /// and haploid calls, from a random start where some steps fall back to
  /// EM. The sums here run in another order, so the steps agree to
  /// rounding (1e-9), not bit for bit.
  @Test(arguments: [3, 10], [false, true])
  func frequencyStepsAreTheDefinitions(populations K: Int, haploid: Bool) {
    let (genotypes, model, kernel, state) = Self.pass(populations: K, haploid: haploid, seed: 5)
    let l = kernel.frequencyStep(q: state.q.pointer, state: state)
    let reference = model.logLikelihood(of: genotypes)
    #expect(abs(l - reference) <= 1e-12 * abs(reference))
    let epsilon = GenotypeKernel.boundary
    var kept = 0, refused = 0
    for j in 0..<genotypes.snps {
      let calls = (0..<genotypes.individuals).compactMap { i in
        genotypes[individual: i, snp: j].alleleCounts.map { (i, Double($0.0), Double($0.1 - $0.0)) }
      }
      func term(_ p: [Double]) -> Double {
        calls.reduce(0) { sum, call in
          let h = (0..<K).reduce(0) { $0 + model.Q[call.0, $1] * p[$1] }
          return sum + call.1 * log(h) + call.2 * log(1 - h)
        }
      }
      var gradient = [Double](repeating: 0, count: K), hessian = [Double](repeating: 0, count: K * K)
      var first = [Double](repeating: 0, count: K)
      for (i, g, rest) in calls {
        let h = model.expectedFrequency(individual: i, snp: j)
        for k in 0..<K {
          gradient[k] += (g / h - rest / (1 - h)) * model.Q[i, k]
          first[k] += g / h * model.Q[i, k]
          for l in 0..<K { hessian[k * K + l] += (g / (h * h) + rest / ((1 - h) * (1 - h))) * model.Q[i, k] * model.Q[i, l] }
        }
      }
      let p = (0..<K).map { model.P[j, $0] }
      var step = [Double](repeating: 0, count: K)
      var expected: [Double]? = nil
      if BoundedQuadraticProgram.solve(hessian: hessian, gradient: gradient, point: p, count: K, lower: epsilon,
                                       upper: 1 - epsilon, sumZero: false, step: &step) {
        let stepped = (0..<K).map { Swift.min(Swift.max(p[$0] + step[$0], epsilon), 1 - epsilon) }
        if stepped != p && term(stepped) >= term(p) { expected = stepped; kept += 1 }
      }
      if expected == nil {
        refused += 1
        expected = (0..<K).map { k in
          let a = p[k] * first[k], denominator = a + (1 - p[k]) * Swift.max(first[k] - gradient[k], 0)
          return denominator > 0 ? Swift.min(Swift.max(a / denominator, epsilon), 1 - epsilon) : p[k]
        }
      }
      for k in 0..<K {
        let computed = kernel.newton.updatedP[j * K + k]
        #expect(abs(computed - expected![k]) <= 1e-9, "SNP \(j) k \(k): \(computed) against \(expected![k])")
      }
    }
    // Without haploid calls some steps are refused here, so EM's update is
    // checked too; with them at K = 10 every step held.
    #expect(kept > 0 && (refused > 0 || haploid), "kept \(kept), refused \(refused)")
  }

  /// A Newton kernel on 120 simulated SNPs with every 7th call missing
  /// (and haploid calls), at a random start with K populations.
  private static func pass(populations K: Int, haploid: Bool, seed: UInt64)
    -> (GenotypeMatrix, AdmixtureModel, GenotypeKernel, GenotypeState) {
    let simulated = BinomialAdmixtureTests.genotypes(populations: 3)
    let genotypes = BinomialAdmixtureTests.damaged(simulated.data.genotypes, missingEvery: 7, haploid: haploid)
    let model = BinomialAdmixture.randomStart(genotypes, populations: K, seed: seed)
    return (genotypes, model, GenotypeKernel(genotypes: genotypes, populations: K, newtonSteps: true),
            GenotypeState(model))
  }

  /// Every K, unrolled (1–7) and not (10), with and without missing and
  /// haploid calls, from random starts where Newton steps often overshoot:
  /// the log-likelihood never falls by more than rounding, and Q and P keep
  /// their bounds.
  @Test(arguments: [1, 2, 4, 6, 7, 10], [false, true])
  func sweepsNeverLowerTheLikelihood(populations K: Int, missing: Bool) {
    var genotypes = BinomialAdmixtureTests.genotypes(individuals: 41, snps: 300, populations: 4, seed: 11).data.genotypes
    if missing { genotypes = BinomialAdmixtureTests.damaged(genotypes, missingEvery: 4, haploid: true) }
    for seed in 1...2 as ClosedRange<UInt64> {
      let start = BinomialAdmixture.randomStart(genotypes, populations: K, seed: seed)
      let (model, trace, _) = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 0,
                                                   maxIterations: 60)
      for (before, after) in zip(trace, trace.dropFirst()) {
        #expect(after >= before - 1e-12 * abs(before), "K \(K) seed \(seed): \(before) -> \(after)")
      }
      for i in 0..<model.individuals {
        let row = model.Q.row(i)
        #expect(abs(row.reduce(0, +) - 1) <= 1e-12)
        #expect(row.allSatisfy { $0 >= GenotypeKernel.boundary * (1 - 1e-12) }, "\(row)")
      }
      #expect(model.P.elements.allSatisfy { $0 >= GenotypeKernel.boundary && $0 <= 1 - GenotypeKernel.boundary })
    }
  }

  /// Newton sweeps reach EM's optimum (or a better one) in a tenth of its
  /// passes or fewer: each sweep solves the blocks' problems to second order.
  @Test func newtonReachesEMsOptimumInFewSweeps() {
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 80, snps: 2_000, seed: 5).data.genotypes
    let start = BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 6)
    let em = BinomialAdmixture.trace(genotypes, from: start, algorithm: .mu, tolerance: 1e-11, maxIterations: 50_000)
    let newton = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 1e-11,
                                         maxIterations: 50_000)
    let best = em.logLikelihoods.last!
    #expect(newton.logLikelihoods.last! >= best - 1e-9 * abs(best))
    #expect(newton.passes * 10 <= em.passes, "newton \(newton.passes) sweeps, EM \(em.passes) passes")
  }

  /// The SNP blocks are fixed by the data and Q's steps are taken one
  /// individual at a time, so threads change nothing, bit for bit.
  @Test func threadsDoNotChangeTheResult() throws {
    let genotypes = BinomialAdmixtureTests.genotypes(individuals: 100, snps: 4_000, seed: 3).data.genotypes
    #expect(GenotypeKernel(genotypes: genotypes, populations: 3).blocks.count > 1)
    let start = BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 4)
    let one = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 0, maxIterations: 15,
                                      threads: 1)
    let two = BinomialAdmixture.trace(genotypes, from: start, algorithm: .newton, tolerance: 0, maxIterations: 15,
                                      threads: 2)
    #expect(one.model == two.model)
    #expect(one.logLikelihoods == two.logLikelihoods)
  }
}
