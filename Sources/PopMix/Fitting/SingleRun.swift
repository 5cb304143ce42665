/// One run of the iteration from one start.
struct SingleRun<Model: Sendable>: Sendable {
  var model: Model
  var logLikelihood: Double
  var iterations: Int
  var stop: FitStop
  var converged: Bool { stop.isConverged }
  /// Every accepted step, when asked for.
  var trace: [FitProgress]
}
