import Foundation
import Testing
@testable import PopMix

/// Least-squares NMF: the solvers' guarantees, determinism, recovery of
/// seed 000's clusters, and the real-valued table's checks.
@Suite struct LeastSquaresTests {
  /// A noisy rank-3 table, 30 × 40, with a few entries missing: small
  /// enough that every solver runs in milliseconds.
  static let noisy: Matrix = {
    let random = RandomSource(seed: 21)
    let w = (0..<30 * 3).map { _ in random.uniform() }
    let h = (0..<3 * 40).map { _ in random.uniform() }
    var v = Matrix(rows: 30, columns: 40)
    for i in 0..<30 {
      for j in 0..<40 {
        let product = (0..<3).reduce(0.0) { $0 + w[i * 3 + $1] * h[$1 * 40 + j] }
        v.elements[i * 40 + j] = max(0, product + 0.2 * (random.uniform() - 0.5))
      }
    }
    for index in stride(from: 7, to: 1200, by: 53) { v.elements[index] = .nan }
    return v
  }()

  /// Both alternating solvers never raise the squared error, missing
  /// entries included (the filled-in matrix's loss bounds it from above).
  /// MU provably lowers ½‖V − WH‖² + δ (ΣW + ΣH); with δ = 2.2e-16 the
  /// second term moves the loss by far less than the 1e-12 relative slack,
  /// which only covers the products' rounding.
  @Test(arguments: [LeastSquaresSolver.mu, .hals])
  func squaredErrorNeverRises(solver: LeastSquaresSolver) throws {
    let options = LeastSquaresOptions(populations: 3, solver: solver, restarts: 1, tolerance: 0,
                                      maxIterations: 300, recordTrace: true)
    let fit = try LeastSquaresNMF.fit(Self.noisy, options: options)
    let errors = fit.trace.map(\.relativeError)
    #expect(errors.count == 300)
    for t in 1..<errors.count {
      #expect(errors[t] <= errors[t - 1] * (1 + 1e-12), "rose at iteration \(t + 1): \(errors[t - 1]) -> \(errors[t])")
    }
    // The traced errors come from the products' form; the final one is summed entry by entry.
    #expect(abs(errors.last! - fit.relativeError) <= 1e-9)
  }

  /// The products split among threads by rows and by blocks of columns,
  /// each entry summed in the same order: the factors do not depend on
  /// the threads (a 1,000 × 1,000 table, so that the split happens).
  @Test(arguments: [LeastSquaresSolver.hals, .mu])
  func threadsDoNotChangeTheFit(solver: LeastSquaresSolver) throws {
    let random = RandomSource(seed: 8)
    let values = Matrix(rows: 1000, columns: 1000, elements: (0..<1_000_000).map { _ in random.uniform() })
    var options = LeastSquaresOptions(populations: 3, solver: solver, restarts: 1, maxIterations: 5)
    let one = try LeastSquaresNMF.fit(values, options: options)
    options.threads = 3
    let three = try LeastSquaresNMF.fit(values, options: options)
    #expect(one.model == three.model)
  }

  /// The same seed gives the same factors, whatever the threads; another
  /// seed gives other factors (so the seed is used).
  @Test(arguments: LeastSquaresSolver.allCases)
  func sameSeedSameFit(solver: LeastSquaresSolver) throws {
    var options = LeastSquaresOptions(populations: 3, solver: solver, restarts: 2, seed: 5, epochs: 20)
    let first = try LeastSquaresNMF.fit(Self.noisy, options: options)
    options.threads = 2
    let second = try LeastSquaresNMF.fit(Self.noisy, options: options)
    #expect(first.model == second.model)
    #expect(first.restarts == second.restarts)
    options.seed = 6
    let other = try LeastSquaresNMF.fit(Self.noisy, options: options)
    #expect(other.model != first.model)
  }

  /// SGD with a small penalty ends within 1% of MU's squared error: both
  /// minimise the same loss up to the penalty (λ = 0.001 on data of root
  /// mean square 1 moves the optimum's loss by about 0.1 %), and 1,000
  /// epochs with a falling step leave SGD's wander inside the rest (it
  /// ended 0.4 % above MU on a table drawn the same way).
  @Test func stochasticGradientNearsMultiplicative() throws {
    let mu = try LeastSquaresNMF.fit(Self.noisy, options: LeastSquaresOptions(
      populations: 3, solver: .mu, tolerance: 1e-9, maxIterations: 20000))
    let sgd = try LeastSquaresNMF.fit(Self.noisy, options: LeastSquaresOptions(
      populations: 3, solver: .sgd, l2: 0.001, epochs: 1000))
    #expect(sgd.squaredError <= 1.01 * mu.squaredError, "SGD \(sgd.squaredError), MU \(mu.squaredError)")
  }

  /// Seed 000's data: 5 clusters, each coordinate of a point drawn as
  /// N(μ, μ) around its cluster's mean μ ~ U(0, 1), clipped at 0. Each row
  /// is then close to one of five non-negative vectors, so hard assignment
  /// by the largest share of Q must find the clusters: with 300 dimensions
  /// the clusters' means differ by about 0.4 per coordinate against noise
  /// of 0.5, i.e. by ~8 standard deviations along the line joining them,
  /// so nearly every point belongs unambiguously; ARI ≥ 0.95 leaves room
  /// for a handful of points on the wrong side.
  @Test func recoversGaussianClusters() throws {
    let (values, truth) = Self.gaussianClusters(points: 400, dimensions: 300, clusters: 5, seed: 3)
    let fit = try LeastSquaresNMF.fit(values, options: LeastSquaresOptions(populations: 5))
    let q = fit.model.admixtureProportions
    let assigned = (0..<q.rows).map { i in (0..<5).max { q[i, $0] < q[i, $1] }! }
    let ari = Self.adjustedRandIndex(assigned, truth)
    #expect(ari >= 0.95, "adjusted Rand index \(ari)")
  }

  @Test func refusesNegativeAndInfiniteValuesWithTheirPlace() throws {
    for (text, column, complaint) in [("id a b\nx 1 0.5\ny 2.5 -0.25\n", 7, "is negative"),
                                      ("id a b\nx 1 0.5\ny 1e999 2\n", 3, "is not a finite number")] {
      #expect {
        _ = try NonnegativeTable.parse(text: text, path: "t.tsv")
      } throws: { error in
        guard case .data(let problem) = error as? PopMixError else { return false }
        return problem.place == "t.tsv:3:\(column)" && problem.message.contains(complaint)
      }
    }
    let table = try NonnegativeTable.parse(text: "id a b\nx 1 0.5\ny NA 2.25e-3\n")
    #expect(table.values.elements[1] == 0.5 && table.values.elements[2].isNaN && table.values.elements[3] == 0.00225)
  }

  @Test func refusesBadSettingsAndImpossibleShapes() throws {
    let cases: [(LeastSquaresOptions, PopMixError.Setting)] = [
      (LeastSquaresOptions(populations: 2, learningRate: 0), .learningRate),
      (LeastSquaresOptions(populations: 2, l2: -1), .l2),
      (LeastSquaresOptions(populations: 2, epochs: 0), .epochs),
      (LeastSquaresOptions(populations: 31), .populations),
    ]
    for (options, setting) in cases {
      #expect {
        _ = try LeastSquaresNMF.fit(Self.noisy, options: options)
      } throws: { error in
        guard case .setting(let problem) = error as? PopMixError else { return false }
        return problem.setting == setting
      }
    }
    #expect(throws: PopMixError.self) {
      _ = try LeastSquaresNMF.fit(Matrix(rows: 3, columns: 3), options: LeastSquaresOptions(populations: 1))
    }
    // A step far too large overshoots until the numbers overflow: refused, not written as NaN.
    #expect {
      _ = try LeastSquaresNMF.fit(Self.noisy, options: LeastSquaresOptions(populations: 3, solver: .sgd, learningRate: 50, epochs: 20))
    } throws: { error in
      guard case .setting(let problem) = error as? PopMixError else { return false }
      return problem.setting == .learningRate
    }
  }

  /// Points drawn as seed 000 draws them, and each point's cluster.
  static func gaussianClusters(points: Int, dimensions: Int, clusters: Int, seed: UInt64) -> (Matrix, [Int]) {
    let random = RandomSource(seed: seed)
    let means = (0..<clusters * dimensions).map { _ in random.uniform() }
    var values = Matrix(rows: points, columns: dimensions)
    var truth: [Int] = []
    for i in 0..<points {
      let c = random.uniformInteger(below: clusters)
      truth.append(c)
      for d in 0..<dimensions {
        let mu = means[c * dimensions + d]
        // Box–Muller: one standard normal from two uniforms.
        let z = (-2 * log(1 - random.uniform())).squareRoot() * cos(2 * Double.pi * random.uniform())
        values.elements[i * dimensions + d] = max(0, mu + mu * z)
      }
    }
    return (values, truth)
  }

  /// Hubert and Arabie's adjusted Rand index of two labellings.
  static func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    func pairs(_ n: Int) -> Double { Double(n * (n - 1)) / 2 }
    var table: [[Int]: Int] = [:], rows: [Int: Int] = [:], columns: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
      table[[x, y], default: 0] += 1
      rows[x, default: 0] += 1
      columns[y, default: 0] += 1
    }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let rowPairs = rows.values.reduce(0) { $0 + pairs($1) }, columnPairs = columns.values.reduce(0) { $0 + pairs($1) }
    let expected = rowPairs * columnPairs / pairs(a.count)
    return (index - expected) / ((rowPairs + columnPairs) / 2 - expected)
  }
}
