/// The parameters while fitting genotypes: Q stored population by population
/// (K columns of `paddedIndividuals` entries, so that the kernel reads four
/// individuals as one vector) and P stored SNP by SNP (m × K).
///
/// The padding individuals (past n, up to a multiple of four) hold 1/K in
/// every population, so their p is a valid frequency; they have no calls,
/// so they contribute nothing.
///
/// A value: copies share storage until one is written (``AlignedBuffer``),
/// so the EM driver's slots never alias.
struct GenotypeState: Sendable, Equatable, EMState {
  /// Q by population: Q_ik at `k * paddedIndividuals + i`.
  var q: AlignedBuffer<Double>
  /// P by SNP: P_jk at `j * populations + k`.
  var p: AlignedBuffer<Double>
  /// K.
  let populations: Int
  /// n.
  let individuals: Int
  /// n rounded up to a multiple of four.
  let paddedIndividuals: Int

  /// Individuals per vector in the kernel.
  static let lanes = 4

  /// The state of a model.
  init(_ model: AdmixtureModel) {
    let n = model.individuals, K = model.populations
    populations = K
    individuals = n
    paddedIndividuals = (n + Self.lanes - 1) / Self.lanes * Self.lanes
    q = AlignedBuffer(repeating: 1 / Double(K), count: K * paddedIndividuals)
    for k in 0..<K { for i in 0..<n { q[k * paddedIndividuals + i] = model.Q[i, k] } }
    p = AlignedBuffer(model.P.elements)
  }

  /// Back to a model.
  var model: AdmixtureModel {
    let n = individuals, K = populations
    var Q = Matrix(rows: n, columns: K)
    for i in 0..<n { for k in 0..<K { Q[i, k] = q[k * paddedIndividuals + i] } }
    return AdmixtureModel(Q: Q, P: Matrix(rows: p.count / K, columns: K, elements: Array(p)))
  }

  /// Copies `other`'s values into this state's storage (no allocation).
  mutating func assign(_ other: GenotypeState) {
    q.assign(other.q)
    p.assign(other.p)
  }
}
