import Foundation
import Testing
@testable import PopMix

@Suite struct PrincipalComponentsTests {
  static func column(_ m: Matrix, _ c: Int) -> [Double] { (0..<m.rows).map { m[$0, c] } }
  static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

  @Test(arguments: [(80, 50), (50, 80)])
  func krylovMatchesGSLsDenseSVDOnAFlatSpectrum(rows: Int, columns: Int) {
    // A Gaussian matrix has no gap at all: its singular values are close
    // together, the hard case for power iterations.
    let a = RandomSource(seed: 3).gaussianMatrix(rows: rows, columns: columns)
    let reference = (rows >= columns ? a : a.transposed()).thinSVD()
    let (refU, refV) = rows >= columns ? (reference.u, reference.v) : (reference.v, reference.u)
    let svd = TruncatedSVD(krylovOf: a, rank: 4, tolerance: 1e-12, random: RandomSource(seed: 4))
    // A residual of 1e-12 σ₁² bounds the angle to each vector by 1e-12 σ₁²
    // over the gap to the next θ (about σ₁² / 50 here): 1e-8 has room.
    for c in 0..<4 {
      #expect(abs(svd.singularValues[c] - reference.singularValues[c]) <= 1e-9 * reference.singularValues[c])
      #expect(abs(abs(Self.dot(Self.column(svd.u, c), Self.column(refU, c))) - 1) <= 1e-8)
      #expect(abs(abs(Self.dot(Self.column(svd.v, c), Self.column(refV, c))) - 1) <= 1e-8)
    }
  }

  @Test func eigenpairsAreThoseOfTheDenseRelationshipMatrix() {
    // Unstructured genotypes with missing calls: every eigenvalue is noise,
    // the gaps between them small, so this checks convergence as well as
    // PLINK's definition (X Xᵀ / m over the SNPs that vary).
    let g = StandardizedGenotypesTests.genotypes()
    let x = StandardizedGenotypesTests.dense(g, scaled: true)
    let operator_ = StandardizedGenotypes(g, threads: 2)
    let m = Double(operator_.variableSNPs)
    var grm = x.multiply(x.transposed())
    for t in grm.elements.indices { grm.elements[t] /= m }
    let exact = grm.symmetricEigen()
    let squares = x.elements.reduce(0) { $0 + $1 * $1 }
    #expect(abs(operator_.squaredNorm - squares) <= 1e-9 * squares)
    let pcs = PrincipalComponents(of: operator_, components: 4, divisor: m, squaredNorm: operator_.squaredNorm,
                                  tolerance: 1e-10)
    // Eigenvalue errors are of order (residual)² / gap, far below 1e-9.
    for c in 0..<4 {
      #expect(abs(pcs.eigenvalues[c] - exact.values[c]) <= 1e-9 * exact.values[c])
      #expect(abs(Self.dot(Self.column(pcs.eigenvectors, c), Self.column(exact.vectors, c))) >= 1 - 1e-6)
      #expect(abs(pcs.varianceShares[c] - exact.values[c] * m / squares) <= 1e-9)
    }
  }

  @Test func relationshipIsPLINKsPairwiseMatrixWhereCallsAreMissing() {
    let g = StandardizedGenotypesTests.genotypes()
    let x = StandardizedGenotypesTests.dense(g, scaled: true)
    let genotypes = StandardizedGenotypes(g, threads: 2)
    let relationship = genotypes.relationship
    let n = g.individuals, m = Double(genotypes.variableSNPs)
    // PLINK 1.9: each pair's sum over the SNPs both have called, divided
    // by their count (only the 598 SNPs that vary count).
    let varying = (0..<g.snps).filter { j in (0..<n).contains { x[$0, j] != 0 } }
    let called = Matrix(rows: n, columns: varying.count, elements: (0..<n).flatMap { i in
      varying.map { g[individual: i, snp: $0] == .missing ? 0.0 : 1.0 } })
    let pairs = called.multiply(called.transposed())
    let sums = x.multiply(x.transposed())
    var plink = Matrix(rows: n, columns: n)
    for t in plink.elements.indices { plink.elements[t] = sums.elements[t] / pairs.elements[t] }
    var identity = Matrix(rows: n, columns: n)
    for i in 0..<n { identity[i, i] = 1 }
    let ours = relationship.apply(identity)
    // The diagonal is PLINK's exactly; off it the pair's count is taken as
    // m r_i r_k, which misses the pairs' shared missing calls (about 1.5 of
    // 540 SNPs here, ±1.2): entries within a few parts in a thousand.
    var largest = 0.0
    for i in 0..<n {
      #expect(abs(ours[i, i] - plink[i, i]) <= 1e-12 * plink[i, i])
      for k in 0..<n where k != i { largest = max(largest, abs(ours[i, k] - plink[i, k]) / max(abs(plink[i, k]), 1e-3)) }
    }
    #expect(largest < 0.02)
    let exact = ours.symmetrized().symmetricEigen(), reference = plink.symmetricEigen()
    let pcs = PrincipalComponents(relationship: relationship, components: 3, tolerance: 1e-10)
    #expect(abs(relationship.trace - (0..<n).reduce(0) { $0 + plink[$1, $1] }) <= 1e-9 * relationship.trace)
    for c in 0..<3 {
      #expect(abs(pcs.eigenvalues[c] - exact.values[c]) <= 1e-9 * exact.values[c])
      #expect(abs(abs(Self.dot(Self.column(pcs.eigenvectors, c), Self.column(exact.vectors, c))) - 1) <= 1e-6)
      // Eigenvalues average the entries' small differences out.
      #expect(abs(pcs.eigenvalues[c] / reference.values[c] - 1) < 2e-3)
    }
  }

  @Test func threeSimulatedPopulationsSeparateOnTheFirstTwoComponents() throws {
    let simulated = try SimulatedGenotypes.simulate(SimulationParameters(
      individuals: 90, loci: 2000, populations: 3, hybrids: 0, seed: 4, fst: 0.1))
    let q = simulated.truth.Q
    let group = (0..<q.rows).map { i in (0..<q.columns).max { q[i, $0] < q[i, $1] }! }
    let pcs = PrincipalComponents(of: StandardizedGenotypes(simulated.data.genotypes), components: 3,
                                  divisor: 2000, squaredNorm: 1)
    // Two axes carry the three populations: with F_ST = 0.1 over 2,000 SNPs
    // and 30 individuals a population, the structure eigenvalues are near
    // 1 + 30 × 2000 × 0.1 / 2000 × 2 ≈ 7, the noise ones near
    // (1 + √(90/2000))² ≈ 1.5, so the third is far below the second.
    #expect(pcs.eigenvalues[1] > 2 * pcs.eigenvalues[2])
    let points = (0..<q.rows).map { (pcs.eigenvectors[$0, 0], pcs.eigenvectors[$0, 1]) }
    let centroids = (0..<3).map { k in
      let members = points.indices.filter { group[$0] == k }.map { points[$0] }
      return (members.map(\.0).reduce(0, +) / Double(members.count), members.map(\.1).reduce(0, +) / Double(members.count))
    }
    func distance(_ a: (Double, Double), _ b: (Double, Double)) -> Double { ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot() }
    let spread = points.indices.map { distance(points[$0], centroids[group[$0]]) }.max()!
    let closest = [(0, 1), (0, 2), (1, 2)].map { distance(centroids[$0.0], centroids[$0.1]) }.min()!
    // Each individual's noise on a unit-length eigenvector is about
    // √(1.5 / 7) of its population's offset; the farthest of 90 is within
    // a third of the distance between centroids, so clusters do not touch.
    #expect(closest > 3 * spread)
  }

  @Test func filesHavePLINK2sLayout() {
    let g = StandardizedGenotypesTests.genotypes()
    let pcs = PrincipalComponents(of: StandardizedGenotypes(g), components: 2, divisor: 598, squaredNorm: 1)
    let ids = (0..<301).map { "i\($0)" }, families = (0..<301).map { "f\($0 / 2)" }
    let withFamilies = pcs.eigenvecText(ids: ids, families: families).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(withFamilies.first == "#FID\tIID\tPC1\tPC2")
    #expect(withFamilies.count == 303 && withFamilies.last == "")
    for i in 0..<301 {
      let fields = withFamilies[i + 1].split(separator: "\t", omittingEmptySubsequences: false)
      #expect(fields.count == 4 && fields[0] == families[i] && fields[1] == ids[i])
      for c in 0..<2 {
        let value = Double(fields[2 + c])!
        #expect(abs(value - pcs.eigenvectors[i, c]) <= 5e-6 * abs(pcs.eigenvectors[i, c]))
      }
    }
    let plain = pcs.eigenvecText(ids: ids).split(separator: "\n")
    #expect(plain.first == "#IID\tPC1\tPC2")
    #expect(plain[1].split(separator: "\t").count == 3 && plain[1].hasPrefix("i0\t"))
    let values = pcs.eigenvalText.split(separator: "\n").map { Double($0)! }
    #expect(values.count == 2 && pcs.eigenvalText.hasSuffix("\n"))
    for c in 0..<2 { #expect(abs(values[c] - pcs.eigenvalues[c]) <= 5e-6 * pcs.eigenvalues[c]) }
  }

  @Test func standardizedColumnsHaveMeanZeroAndUnitVariance() {
    var table = TestData.simulated().table
    table.counts[0, 0] = .nan
    let x = table.standardizedColumns()
    #expect(x[0, 0] == 0)
    for j in [0, 1, 40] {
      let observed = (0..<x.rows).filter { !table.counts[$0, j].isNaN }.map { x[$0, j] }
      let mean = observed.reduce(0, +) / Double(observed.count)
      let variance = observed.reduce(0) { $0 + $1 * $1 } / Double(observed.count)
      #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
    }
  }
}

@Suite struct PCAJobTests {
  static func table(in folder: borrowing TemporaryDirectory) throws -> String {
    let path = folder.path("t.tsv")
    try "id\tL1\tL2\tL3\nA\t1\t2\t0\nB\t3\t0\t1\nC\t0\t5\t2\nD\t2\t2\t2\n".write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func writesBothFilesForATable() throws {
    let folder = try TemporaryDirectory()
    let job = PCAJob(input: .table(TableInput(path: try Self.table(in: folder))), components: 2, prefix: folder.path("out"))
    let report = try job.run()
    #expect(try folder.listing() == ["out.eigenval", "out.eigenvec", "t.tsv"])
    let header = try String(contentsOfFile: folder.path("out.eigenvec"), encoding: .utf8).split(separator: "\n").first
    #expect(header == "#IID\tPC1\tPC2")
    #expect(report.text.contains("PC2") && report.text.contains("%"))
  }

  @Test func refusesBadSettingsBeforeWritingAnything() throws {
    let folder = try TemporaryDirectory()
    let path = try Self.table(in: folder)
    func error(_ change: (inout PCAJob) -> Void) -> PopMixError? {
      var job = PCAJob(input: .table(TableInput(path: path)), components: 2, prefix: folder.path("out"))
      change(&job)
      do { _ = try job.run() } catch let error as PopMixError { return error } catch { return nil }
      return nil
    }
    guard case .setting(let none)? = error({ $0.components = 0 }) else { Issue.record("0 components accepted"); return }
    #expect(none.setting == .components)
    // Four individuals and three loci: at most three components.
    guard case .setting(let many)? = error({ $0.components = 4 }) else { Issue.record("4 components accepted"); return }
    #expect(many.setting == .components && "\(many)".contains("3"))
    guard case .setting(let tolerance)? = error({ $0.tolerance = 0 }) else { Issue.record("tolerance 0 accepted"); return }
    #expect(tolerance.setting == .tolerance)
    guard case .io? = error({ $0.prefix = folder.path("missing/out") }) else { Issue.record("a missing folder accepted"); return }
    #expect(try folder.listing() == ["t.tsv"])
  }
}
