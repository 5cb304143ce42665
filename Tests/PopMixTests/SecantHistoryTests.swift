import Testing
@testable import PopMix

@Suite struct SecantHistoryTests {
  /// For a linear map F(x) = A x + b whose slow directions the pairs span,
  /// the quasi-Newton point is the fixed point (I − A)⁻¹ b exactly (to
  /// rounding): with A diagonal of three rates, three pairs span them.
  @Test func aLinearMapsFixedPointIsFoundFromThreePairs() throws {
    let rates = [0.95, 0.6, 0.2], b = [1.0, -2.0, 0.5]
    func map(_ x: [Double]) -> [Double] { (0..<3).map { rates[$0] * x[$0] + b[$0] } }
    let fixed = (0..<3).map { b[$0] / (1 - rates[$0]) }
    var history = SecantHistory(size: 3, capacity: 3)
    var x = [0.3, 0.1, -0.4]
    var point: [Double] = []
    for _ in 0..<3 {
      let x1 = map(x), x2 = map(x1)
      history.add(x, x1, x2)
      point = try #require(history.step(from: x1))
      // Each cycle moves on from the plain map's second point, as the driver does when
      // a point is not accepted; the pairs still accumulate.
      x = map(x2)
    }
    for k in 0..<3 { #expect(abs(point[k] - fixed[k]) <= 1e-7 * abs(fixed[k]), "\(point) vs \(fixed)") }
  }

  /// One pair is SQUAREM-like: on a one-dimensional linear map it is exact
  /// up to the ridge.
  @Test func onePairIsExactInOneDimension() throws {
    func map(_ x: [Double]) -> [Double] { [0.9 * x[0] + 1] }
    var history = SecantHistory(size: 1, capacity: 3)
    let x0 = [0.0], x1 = map(x0), x2 = map(x1)
    history.add(x0, x1, x2)
    let point = try #require(history.step(from: x1))
    #expect(abs(point[0] - 10) <= 1e-8)
  }

  /// A map that does not move gives a singular system: no step, not a leap.
  @Test func aStillMapGivesNoStep() {
    var history = SecantHistory(size: 2, capacity: 3)
    history.add([1, 2], [1, 2], [1, 2])
    #expect(history.step(from: [1, 2]) == nil)
  }
}
