extension GenotypeKernel {
  /// One Newton sweep (block relaxation, as ADMIXTURE's): Q's Newton step
  /// with P fixed, then P's with the new Q; returns l(state).
  ///
  /// Each individual's proportions take the step that maximises the
  /// quadratic model of its log-likelihood on the floored simplex
  /// (``BoundedQuadraticProgram``). The second pass computes l at (new Q,
  /// old P); if that is below l(state), Q takes EM's update instead (which
  /// never lowers l) and the pass is made again. Each SNP's frequencies
  /// then take their own checked step (``FrequencyNewtonPass``), so the
  /// sweep never lowers the log-likelihood. Held rows and a held P are
  /// left where they are.
  ///
  /// - Complexity: two or three passes of O(n m K²), and O(n K⁴) for the steps.
  func newtonStep(_ state: inout GenotypeState) -> Double {
    let before = proportionDerivatives(state)
    stepProportions(state)
    var after = frequencyStep(q: newton.newtonQ.pointer, state: state)
    if after >= before {
      state.q.assign(newton.newtonQ)
    } else {
      after = frequencyStep(q: newton.emQ.pointer, state: state)
      state.q.assign(newton.emQ)
    }
    if held?.holdsFrequencies != true { state.p.assign(newton.updatedP) }
    return before
  }

  /// The first pass: Q's derivatives at `state`, summed over the blocks
  /// into the first block's rows, in block order; returns l(state).
  func proportionDerivatives(_ state: GenotypeState) -> Double {
    let K = populations, padded = paddedIndividuals, pairs = K * (K + 1) / 2
    let gradient = newton.gradient.mutablePointer, curvature = newton.curvature.mutablePointer
    let complement = newton.complement.mutablePointer
    let blockLogLikelihood = scratch.blockLogLikelihood.mutablePointer
    let work = newton.work.mutablePointer, workPerBlock = newton.workPerBlock
    gradient.update(repeating: 0, count: newton.gradient.count)
    curvature.update(repeating: 0, count: newton.curvature.count)
    complement.update(repeating: 0, count: newton.complement.count)
    genotypes.withPackedBytes { packed, haploid in
      let passes = blocks.enumerated().map { b, snps in
        ProportionNewtonPass(snps: snps, calls: calls(packed, haploid), q: state.q.pointer,
                             paddedIndividuals: padded, p: state.p.pointer, gradient: gradient + b * K * padded,
                             curvature: curvature + b * pairs * padded, complement: complement + b * padded,
                             logLikelihood: blockLogLikelihood + b, work: work + b * workPerBlock)
      }
      runPasses(passes, team: team) { $0.run(populations: K) }
    }
    for b in 1..<blocks.count {
      for index in 0..<(K * padded) { gradient[index] += gradient[b * K * padded + index] }
      for index in 0..<(pairs * padded) { curvature[index] += curvature[b * pairs * padded + index] }
      for index in 0..<padded { complement[index] += complement[b * padded + index] }
    }
    var logLikelihood = 0.0
    for b in blocks.indices { logLikelihood += blockLogLikelihood[b] }
    return logLikelihood
  }

  /// Q's Newton step into `newton.newtonQ` and its EM update into
  /// `newton.emQ`, for every individual with a call whose row is not held
  /// (the others, and the padding, keep their proportions).
  private func stepProportions(_ state: GenotypeState) {
    let n = genotypes.individuals, K = populations, padded = paddedIndividuals
    let epsilon = Self.boundary
    let q = state.q.pointer
    let gradient = newton.gradient.pointer, curvature = newton.curvature.pointer
    let complement = newton.complement.pointer
    let newtonQ = newton.newtonQ.mutablePointer, emQ = newton.emQ.mutablePointer
    newtonQ.update(from: q, count: K * padded)
    emQ.update(from: q, count: K * padded)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: K * K + 3 * K) { row in
      let g = row.baseAddress!, hessian = g + K, x = hessian + K * K, step = x + K
      for i in 0..<n where copiesPerIndividual[i] > 0 && held?.isHeld[i] != true {
        var c = 0
        for k in 0..<K {
          g[k] = gradient[k * padded + i]
          x[k] = q[k * padded + i]
          for l in k..<K {
            let value = curvature[c * padded + i]
            hessian[k * K + l] = value
            hessian[l * K + k] = value
            c += 1
          }
          // EM's weights Q_ik S_ik, S = gradient + complement.
          emQ[k * padded + i] = x[k] * Swift.max(g[k] + complement[i], 0)
        }
        FlooredSimplex.maximise(emQ + i, count: K, stride: padded, floor: epsilon)
        guard BoundedQuadraticProgram.solve(hessian: hessian, gradient: g, point: x, count: K, lower: epsilon,
                                            upper: 1, sumZero: true, step: step) else {
          for k in 0..<K { newtonQ[k * padded + i] = emQ[k * padded + i] }
          continue
        }
        // The step keeps Σ q = 1 up to rounding; the largest entry takes up the rest.
        var sum = 0.0, largest = 0
        for k in 0..<K {
          let value = Swift.max(x[k] + step[k], epsilon)
          newtonQ[k * padded + i] = value
          sum += value
          if value > newtonQ[largest * padded + i] { largest = k }
        }
        newtonQ[largest * padded + i] += 1 - sum
      }
    }
  }

  /// The second pass: P's checked Newton step into `newton.updatedP`, with
  /// proportions `q`; returns l(q, state's P).
  func frequencyStep(q: UnsafePointer<Double>, state: GenotypeState) -> Double {
    let K = populations
    let blockLogLikelihood = scratch.blockLogLikelihood.mutablePointer
    let updated = newton.updatedP.mutablePointer
    let work = newton.work.mutablePointer, workPerBlock = newton.workPerBlock
    genotypes.withPackedBytes { packed, haploid in
      let passes = blocks.enumerated().map { b, snps in
        FrequencyNewtonPass(snps: snps, calls: calls(packed, haploid), q: q, paddedIndividuals: paddedIndividuals,
                            p: state.p.pointer, updated: updated, stepsFrequencies: held?.holdsFrequencies != true,
                            boundary: Self.boundary,
                            logLikelihood: blockLogLikelihood + b, work: work + b * workPerBlock)
      }
      runPasses(passes, team: team) { $0.run(populations: K) }
    }
    var logLikelihood = 0.0
    for b in blocks.indices { logLikelihood += blockLogLikelihood[b] }
    return logLikelihood
  }
}
