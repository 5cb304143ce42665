import Foundation
import Testing
@testable import PopMix

/// What the fits refuse, and what they report when the iteration goes wrong.
@Suite struct FitSafeguardTests {
  /// Forwards to a real kernel but wrecks the state once, after `after`
  /// passes, as a defective update would: the log-likelihood then falls.
  final class WreckingProblem<Base: EMProblem>: EMProblem {
    typealias State = Base.State
    let base: Base
    let after: Int
    let wreck: (inout State) -> Void
    private var passes = 0

    init(_ base: Base, after: Int, wreck: @escaping (inout State) -> Void) {
      self.base = base
      self.after = after
      self.wreck = wreck
    }

    func step(_ state: inout State, evaluate: Bool) -> Double {
      let l = base.step(&state, evaluate: evaluate)
      passes += 1
      if passes == after { wreck(&state) }
      return l
    }

    static var stepRule: SquaremStepRule { Base.stepRule }
    static var evaluatesEveryPass: Bool { Base.evaluatesEveryPass }
    func stepProducts(_ theta0: State, _ theta1: State, _ theta2: State) -> SquaremProducts {
      base.stepProducts(theta0, theta1, theta2)
    }
    func extrapolate(into trial: inout State, from theta0: State, _ theta1: State, _ theta2: State, alpha: Double) {
      base.extrapolate(into: &trial, from: theta0, theta1, theta2, alpha: alpha)
    }
  }

  /// A fall is reported as such, never as convergence, by every loop of the
  /// driver: plain EM, SQUAREM evaluating θ' only (counts) and SQUAREM
  /// evaluating every pass (genotypes). The wreck sends every population to
  /// the same profile, a saddle EM cannot leave, so the fall is thousands of
  /// log-units and lasts.
  @Test(arguments: [FitAlgorithm.mu, .accelerated])
  func aFallingLikelihoodIsReportedNotConverged(algorithm: FitAlgorithm) {
    let table = TestData.simulated(seed: 6).table
    let data = ObservedCounts(counts: table.counts)
    let n = table.individualCount, totals = table.locusTotals()
    let counts = WreckingProblem(CountKernel(data: data, populations: 3), after: 30) { state in
      let p = state.stride
      for i in 0..<n { for a in 0..<3 { state.w[i * p + a] = 1 / Double(n) } }
      for mu in totals.indices { for a in 0..<3 { state.g[mu * p + a] = totals[mu] / 3 } }
    }
    var driver = EMDriver(problem: counts, start: CountState(PoissonNMF.randomStart(data, populations: 3, seed: 1)),
                          tolerance: 1e-10, maxPasses: 5_000, recordTrace: false, restart: 0, observer: nil)
    driver.run(algorithm)
    guard case .likelihoodFell(let by, let pass) = driver.stop else {
      Issue.record("counts, \(algorithm): stopped by \(driver.stop)")
      return
    }
    #expect(by > 100 && pass > 30, "fell by \(by) at pass \(pass)")

    let genotypes = BinomialAdmixtureTests.genotypes().data.genotypes
    let wreckedGenotypes = WreckingProblem(GenotypeKernel(genotypes: genotypes, populations: 3), after: 30) { state in
      for index in state.q.indices { state.q[index] = 1.0 / 3 }
      for index in state.p.indices { state.p[index] = 0.5 }
    }
    var genotypeDriver = EMDriver(
      problem: wreckedGenotypes, start: GenotypeState(BinomialAdmixture.randomStart(genotypes, populations: 3, seed: 2)),
      tolerance: 1e-10, maxPasses: 5_000, recordTrace: false, restart: 0, observer: nil)
    genotypeDriver.run(algorithm)
    guard case .likelihoodFell = genotypeDriver.stop else {
      Issue.record("genotypes, \(algorithm): stopped by \(genotypeDriver.stop)")
      return
    }
  }

  /// The report says what happened.
  @Test func theReportNamesAFall() {
    let fit = FitResult(model: 0, logLikelihood: -10, iterations: 40, stop: .likelihoodFell(by: 3.5, pass: 31),
                        bestRestart: 0, restarts: [RestartOutcome(index: 0, seed: 1, logLikelihood: -10, iterations: 40,
                                                                stop: .likelihoodFell(by: 3.5, pass: 31))],
                        seconds: 0, traces: [])
    let text = fit.restartAndIterationLines(options: FitOptions(populations: 2))
    #expect(text.contains("NOT converged: the log-likelihood fell by 3.5 at pass 31"), "\(text)")
    #expect(!text.contains(", converged"))
  }

  // MARK: - The library checks its data itself

  /// The message of the error `body` throws, or nil.
  static func message(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as PopMixError { return error.message } catch { return "\(error)" }
    return nil
  }

  /// An individual whose entries are zeros and NAs, or NAs alone, has no
  /// data: it is refused by name even when other entries are missing too
  /// (one NA once switched the check off, and such a row was fitted as
  /// ½, ½ and listed as a hybrid).
  @Test(arguments: [false, true])
  func anIndividualWithoutCountsIsRefused(allMissing: Bool) {
    var table = TestData.simulated(seed: 2).table
    let m = table.locusCount
    table.counts[0, 0] = .nan
    for mu in 0..<m { table.counts[5, mu] = allMissing || mu % 3 == 0 ? .nan : 0 }
    let options = FitOptions(populations: 2, restarts: 1)
    let fit = Self.message { _ = try PoissonNMF.fit(table, options: options) }
    #expect(fit?.contains("individual '\(table.individuals[5])'") == true, "\(fit ?? "no error")")
    let scan = Self.message { _ = try PopulationScan.run(table, options: ScanOptions(populations: 1...2, restarts: 1)) }
    #expect(scan?.contains("individual '\(table.individuals[5])'") == true, "\(scan ?? "no error")")
  }

  /// A locus with nothing but zeros and NAs is refused the same way.
  @Test func aLocusWithoutCountsIsRefused() {
    var table = TestData.simulated(seed: 2).table
    for i in 0..<table.individualCount { table.counts[i, 7] = i % 2 == 0 ? .nan : 0 }
    let error = Self.message { _ = try PoissonNMF.fit(table, options: FitOptions(populations: 2, restarts: 1)) }
    #expect(error?.contains("locus '\(table.loci[7])'") == true, "\(error ?? "no error")")
  }

  /// Counts a table made in code may hold that no reader would accept: the
  /// fit refuses them by place instead of fitting nonsense (1e20 gave a
  /// log-likelihood of 0.000, 1.7e308 NaN in Q, and the scan trapped).
  @Test(arguments: [-1.0, 2.5, 1e20, 1.7e308, .infinity, CountTable.maximumCount + 1])
  func countsOutsideTheModelAreRefused(value: Double) {
    var table = TestData.simulated(seed: 2).table
    table.counts[3, 4] = value
    let fit = Self.message { _ = try PoissonNMF.fit(table, options: FitOptions(populations: 2, restarts: 1)) }
    #expect(fit?.contains("individual '\(table.individuals[3])' has count") == true, "\(fit ?? "no error")")
    #expect(fit?.contains("locus '\(table.loci[4])'") == true)
    let scan = Self.message { _ = try PopulationScan.run(table, options: ScanOptions(populations: 1...2, restarts: 1)) }
    #expect(scan == fit)
  }

  /// The largest count allowed is fitted.
  @Test func theLargestCountIsAccepted() throws {
    var table = TestData.simulated(seed: 2).table
    table.counts[3, 4] = CountTable.maximumCount
    let fit = try PoissonNMF.fit(table, options: FitOptions(populations: 2, restarts: 1))
    #expect(fit.logLikelihood.isFinite && fit.converged)
  }

  /// Genotypes: an individual with no call, or a SNP with one allele seen,
  /// is refused by the library's fit and scan (a random Q was once kept for
  /// the individual).
  @Test(arguments: [false, true])
  func uninformativeGenotypesAreRefused(snp: Bool) {
    var genotypes = BinomialAdmixtureTests.genotypes().data.genotypes
    genotypes.keepSNPs(genotypes.polymorphicSNPs())
    if snp {
      for i in 0..<genotypes.individuals { genotypes[individual: i, snp: 11] = i % 4 == 0 ? .missing : .diploid(copiesOfFirst: 2) }
    } else {
      for j in 0..<genotypes.snps { genotypes[individual: 8, snp: j] = .missing }
    }
    let expected = snp ? "SNP 12 (counting from 1)" : "individual 9 (counting from 1)"
    let fit = Self.message { _ = try BinomialAdmixture.fit(genotypes, options: .forGenotypes(populations: 2)) }
    #expect(fit?.contains(expected) == true, "\(fit ?? "no error")")
    let scan = Self.message { _ = try PopulationScan.run(genotypes, options: .forGenotypes(populations: 1...2)) }
    #expect(scan?.contains(expected) == true, "\(scan ?? "no error")")
  }
}
