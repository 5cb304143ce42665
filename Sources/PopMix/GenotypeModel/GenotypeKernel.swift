/// One step of the binomial model over packed genotypes: the log-likelihood
/// of a state and its update, either ADMIXTURE's EM pass (the Poisson-NMF
/// update on [copies of A1, copies of A2]; docs/model.md §9) or a Newton
/// sweep (``newtonStep(_:)``).
///
/// Owns its scratch (``GenotypeScratch``, ``GenotypeNewtonScratch``), so
/// iterating allocates nothing. The SNPs are
/// split into blocks fixed by the data (a power of two, at most eight);
/// each block keeps its own S sums, reduced in block order after the pass,
/// so the result is the same, bit for bit, whatever the number of threads.
final class GenotypeKernel: EMProblem {
  /// The calls, packed SNP by SNP.
  let genotypes: GenotypeMatrix
  /// K.
  let populations: Int
  /// n rounded up to whole vectors of individuals (``GenotypeState``).
  let paddedIndividuals: Int
  /// SNP blocks of a pass, fixed by the data (``blockCount(individuals:snps:)``).
  let blocks: [Range<Int>]
  /// The threads that share a pass, when more than one does.
  let team: PassTeam?
  /// Copies observed per individual, Σ_j t_ij: the denominator of Q's update.
  let copiesPerIndividual: [Double]
  /// Whether a step is a Newton sweep (``newtonStep(_:)``) rather than an EM pass.
  let newtonSteps: Bool
  /// The values no step moves (supervised rows, projection's P), if any.
  let held: HeldValues?
  /// Every buffer a pass writes.
  var scratch: GenotypeScratch
  /// Every buffer a Newton sweep writes (empty in EM mode).
  var newton: GenotypeNewtonScratch
  /// The blocks' descriptions of this pass, rebuilt each pass (SQUAREM
  /// swaps states, so the state's pointers change) in the same storage.
  private var passes: [GenotypePass] = []

  /// The bounds of a frequency and the floor of a proportion: ADMIXTURE's
  /// and fastmixture's, so that the log-likelihoods compare on the same
  /// parameter space. p stays in [ε, 1 − ε], so log p and log(1 − p) are
  /// finite.
  static let boundary = 1e-5
  /// Calls per block: below this a share of a pass is too short to be
  /// worth waking a thread for.
  static let callsPerBlock = 200_000
  /// At most this many blocks.
  static let maximumBlocks = 8

  /// - Parameters:
  ///   - genotypes: the calls.
  ///   - K: the number of populations.
  ///   - threads: how many threads one pass may use (at most one per block).
  ///   - newtonSteps: whether a step is a Newton sweep rather than an EM pass.
  ///   - fixed: the values no step may move.
  init(genotypes: GenotypeMatrix, populations K: Int, threads: Int = 1, newtonSteps: Bool = false,
       fixed: FixedParameters? = nil) {
    self.genotypes = genotypes
    populations = K
    let n = genotypes.individuals, m = genotypes.snps
    let padded = (n + GenotypeState.lanes - 1) / GenotypeState.lanes * GenotypeState.lanes
    paddedIndividuals = padded
    let blockCount = Self.blockCount(individuals: n, snps: m)
    blocks = (0..<blockCount).map { b in (m * b / blockCount)..<(m * (b + 1) / blockCount) }
    team = PassTeam.forPasses(threads: threads, blocks: blocks.count)
    copiesPerIndividual = genotypes.alleleCountTotals().perIndividual.map { Double($0.total) }
    scratch = GenotypeScratch(individuals: n, paddedIndividuals: padded, snps: m, populations: K, blocks: blockCount)
    self.newtonSteps = newtonSteps
    held = fixed.map { HeldValues($0, individuals: n, snps: m, populations: K) }
    newton = newtonSteps
      ? GenotypeNewtonScratch(paddedIndividuals: padded, snps: m, populations: K, blocks: blockCount)
      : GenotypeNewtonScratch(paddedIndividuals: 0, snps: 0, populations: K, blocks: 0)
    passes.reserveCapacity(blockCount)
  }

  /// The number of SNP blocks a pass is split into: a power of two (so
  /// that 2, 4 or 8 threads get equal shares), at most ``maximumBlocks``,
  /// each of at least ``callsPerBlock`` calls.
  static func blockCount(individuals n: Int, snps m: Int) -> Int {
    var count = 1
    while count * 2 <= maximumBlocks && count * 2 <= m && n * m >= count * 2 * callsPerBlock { count *= 2 }
    return count
  }

  /// Replaces `state` by its update and returns its log-likelihood when
  /// `evaluate` is set (NaN otherwise, and the pass skips its products).
  ///
  /// - Precondition: Q's rows in `state` sum to one; P is in [ε, 1 − ε].
  /// - Complexity: O(n m K), shared among the blocks' threads.
  func step(_ state: inout GenotypeState, evaluate: Bool) -> Double {
    if newtonSteps { return newtonStep(&state) }
    let K = populations, padded = paddedIndividuals
    let stripe = K * padded
    let sSums = scratch.sSums.mutablePointer, firstSums = scratch.firstSums.mutablePointer
    let secondSums = scratch.secondSums.mutablePointer
    let blockLogLikelihood = scratch.blockLogLikelihood.mutablePointer
    sSums.update(repeating: 0, count: scratch.sSums.count)
    genotypes.withPackedBytes { packed, haploid in
      passes.removeAll(keepingCapacity: true)
      for (b, snps) in blocks.enumerated() {
        passes.append(GenotypePass(
          snps: snps, calls: calls(packed, haploid), q: state.q.pointer, paddedIndividuals: padded,
          p: state.p.pointer, s: sSums + b * stripe, firstSums: firstSums, secondSums: secondSums,
          logLikelihood: blockLogLikelihood + b, evaluate: evaluate))
      }
      runPasses(passes, team: team) { $0.run(populations: K) }
    }
    for b in 1..<blocks.count {
      let source = sSums + b * stripe
      for index in 0..<stripe { sSums[index] += source[index] }
    }
    var logLikelihood = 0.0
    for b in blocks.indices { logLikelihood += blockLogLikelihood[b] }
    update(&state)
    return evaluate ? logLikelihood : .nan
  }

  /// Q_i· ← the maximiser of Σ_k Q_ik S_ik log q_k on {q_k ≥ ε, Σ q = 1}
  /// (Q_ik S_ik / Σ_j t_ij when no entry meets the floor), and
  /// P_jk ← P_jk A_jk / (P_jk A_jk + (1 − P_jk) B_jk), kept in [ε, 1 − ε]:
  /// each is the constrained M-step. Held values stay: the M-step splits
  /// into one problem per row of Q and of P, so leaving some out keeps the
  /// others' steps exact.
  private func update(_ state: inout GenotypeState) {
    let n = genotypes.individuals, m = genotypes.snps, K = populations, padded = paddedIndividuals
    let epsilon = Self.boundary
    let q = state.q.mutablePointer, p = state.p.mutablePointer
    let sSums = scratch.sSums.pointer, firstSums = scratch.firstSums.pointer
    let secondSums = scratch.secondSums.pointer
    for i in 0..<n {
      let copies = copiesPerIndividual[i]
      // An individual with no call (possible in a cross-validation fold)
      // keeps its proportions: nothing speaks for any other.
      guard copies > 0 && held?.isHeld[i] != true else { continue }
      for k in 0..<K { q[k * padded + i] *= sSums[k * padded + i] }
      FlooredSimplex.maximise(q + i, count: K, stride: padded, floor: epsilon)
    }
    if held?.holdsFrequencies == true { return }
    for index in 0..<(m * K) {
      let frequency = p[index]
      let first = frequency * firstSums[index]
      let denominator = first + (1 - frequency) * secondSums[index]
      guard denominator > 0 else { continue }
      p[index] = Swift.min(Swift.max(first / denominator, epsilon), 1 - epsilon)
    }
  }
}

extension GenotypeKernel {
  /// The calls as a pass reads them, from the bytes `withPackedBytes` lends.
  func calls(_ packed: UnsafePointer<UInt8>, _ haploid: UnsafePointer<UInt8>?) -> PackedCalls {
    PackedCalls(packed: packed, haploid: haploid, groups: genotypes.bytesPerSNP,
                fullGroups: genotypes.individuals / 4, maskBytesPerSNP: genotypes.maskBytesPerSNP,
                tables: scratch.tables.lookup)
  }
}

extension GenotypeMatrix {
  /// Calls `body` with the packed calls and the haploid mask (nil when
  /// every call is diploid): the matrix keeps them in arrays, which it
  /// shares with the readers and writers of PLINK and VCF.
  func withPackedBytes<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>?) throws -> R) rethrows -> R {
    try packed.withUnsafeBufferPointer { packed in
      guard let haploid else { return try body(packed.baseAddress!, nil) }
      return try haploid.withUnsafeBufferPointer { try body(packed.baseAddress!, $0.baseAddress) }
    }
  }
}
