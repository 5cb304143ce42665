import Testing
@testable import PopMix

/// Plain EM's skipped checks (``EMDriver``, ``CountKernel/stepBoundingGain(_:)``):
/// the bound must never exceed the gain, and skipping on it must not change
/// where a fit stops.
@Suite struct GainBoundTests {
  /// ``CountKernel`` without its gain bound, so that the driver checks at
  /// every interval, as it did before checks were skipped.
  final class UnboundedKernel: EMProblem {
    let kernel: CountKernel
    init(_ kernel: CountKernel) { self.kernel = kernel }
    static var stepRule: SquaremStepRule { CountKernel.stepRule }
    static var evaluatesEveryPass: Bool { CountKernel.evaluatesEveryPass }
    func step(_ state: inout CountState, evaluate: Bool) -> Double { kernel.step(&state, evaluate: evaluate) }
    func stepProducts(_ theta0: CountState, _ theta1: CountState, _ theta2: CountState) -> SquaremProducts {
      kernel.stepProducts(theta0, theta1, theta2)
    }
    func extrapolate(into trial: inout CountState, from theta0: CountState, _ theta1: CountState, _ theta2: CountState,
                     alpha: Double) {
      kernel.extrapolate(into: &trial, from: theta0, theta1, theta2, alpha: alpha)
    }
  }

  /// l(F(θ)) − l(θ) ≥ bound ≥ 0 on every one of 300 passes from a random
  /// start, on the sparse and the dense pass. Both sides are sums of ~10⁴
  /// terms whose rounding is ~1e-12 of |l|; 1e-10 |l| is allowed. The bound
  /// must also say something: at least a fiftieth of the gain on every
  /// pass where the gain is above rounding (the smallest measured here was
  /// 0.052–0.22 by r; 0.08 over a whole fit of 180 × 2,000), else few checks
  /// are skipped.
  @Test(arguments: [false, true], [2, 3, 4])
  func theBoundNeverExceedsTheGain(dense: Bool, populations r: Int) {
    let table = TestData.simulated(populations: r, seed: UInt64(r)).table
    let kernel = CountKernel(data: ObservedCounts(counts: table.counts, hidden: nil), populations: r, dense: dense)
    var state = CountState(PoissonNMF.randomStart(table, populations: r, seed: 40))
    var probe = state
    var l = kernel.step(&probe, evaluate: true)
    var smallestRatio = Double.infinity
    for pass in 0..<300 {
      let before = state
      guard let bound = kernel.stepBoundingGain(&state) else {
        Issue.record("no bound without hidden entries")
        return
      }
      // The same update as the plain step.
      var plain = before
      _ = kernel.step(&plain, evaluate: false)
      #expect(plain == state, "pass \(pass)")
      probe = state
      let next = kernel.step(&probe, evaluate: true)
      let gain = next - l, slack = 1e-10 * abs(next)
      #expect(bound >= -slack, "pass \(pass): bound \(bound)")
      #expect(bound <= gain + slack, "pass \(pass): bound \(bound) above the gain \(gain)")
      if gain > 1e3 * slack { smallestRatio = min(smallestRatio, bound / gain) }
      l = next
    }
    #expect(smallestRatio >= 0.02, "smallest bound / gain \(smallestRatio)")
  }

  /// With hidden entries the update is ECM's, which the bound does not
  /// describe: none is given, and the step is the plain one.
  @Test func hiddenEntriesGiveNoBound() {
    let table = TestData.withMissing(TestData.simulated(seed: 2).table, every: 5)
    let data = ObservedCounts(counts: table.counts, hidden: table.counts.elements.map(\.isNaN))
    let kernel = CountKernel(data: data, populations: 3)
    let start = CountState(PoissonNMF.randomStart(table, populations: 3, seed: 3))
    var bounded = start, plain = start
    #expect(kernel.stepBoundingGain(&bounded) == nil)
    _ = kernel.step(&plain, evaluate: false)
    #expect(bounded == plain)
  }

  /// Plain EM that skips the checks its bound rules out stops at the same
  /// pass, at the same point, as plain EM that makes every check, with
  /// fewer evaluations (measured: 57–58 against 158–166) and never more than
  /// ``EMDriver/maximumSkippedPasses`` passes between two. (A skipped check can in principle delay the stop
  /// by one interval, when the gain falls more than about eightfold within
  /// ten passes; on these fits it does not, so any difference is a bug.)
  @Test(arguments: [1, 2, 3] as [UInt64])
  func skippedChecksStopWhereEveryCheckWould(seed: UInt64) {
    let table = TestData.simulated(individuals: 60, loci: 400, seed: seed).table
    let data = ObservedCounts(counts: table.counts, hidden: nil)
    let start = CountState(PoissonNMF.randomStart(table, populations: 3, seed: seed &+ 50))
    func run<Problem: EMProblem>(_ problem: Problem) -> EMDriver<Problem> where Problem.State == CountState {
      var driver = EMDriver(problem: problem, start: start, tolerance: 1e-9, maxPasses: 20_000, recordTrace: true,
                            restart: 0, observer: nil)
      driver.run(.mu)
      return driver
    }
    let skipping = run(CountKernel(data: data, populations: 3))
    let checking = run(UnboundedKernel(CountKernel(data: data, populations: 3)))
    #expect(skipping.stop == .converged && checking.stop == .converged)
    #expect(skipping.passes == checking.passes)
    let samePoint = skipping.current == checking.current
    #expect(samePoint)
    #expect(skipping.currentLogLikelihood == checking.currentLogLikelihood)
    // Every check made: one each ten passes (the last may be closer).
    #expect(checking.trace.count >= checking.passes / EMDriver<CountKernel>.evaluationInterval)
    #expect(3 * skipping.trace.count < 2 * checking.trace.count,
            "\(skipping.trace.count) evaluations against \(checking.trace.count)")
    let passes = skipping.trace.map(\.pass)
    for (earlier, later) in zip(passes, passes.dropFirst()) {
      #expect(later - earlier <= EMDriver<CountKernel>.maximumSkippedPasses)
    }
  }
}
