import ArgumentParser
import PopMix

/// The loss a count table is fitted by, and least squares' own settings
/// (`fit` and `scan`).
struct LossArguments: ParsableArguments {
  /// What `--loss` names.
  enum Loss: String, ExpressibleByArgument, CaseIterable {
    case poisson, squared
  }

  @Option(help: ArgumentHelp(
    "poisson (counts: Poisson NMF, the admixture model) or squared (non-negative reals: least-squares NMF).",
    discussion: "--loss squared minimises ||V - WH||^2 over the observed entries of a table of finite values of 0 or more (NA for missing; negative values are refused). Its Q is W row-normalised: least squares has no model of mixture, so mixed rows can appear where the data hold separate clusters and no mixture (docs/model.md)."))
  var loss: Loss = .poisson

  @Option(help: ArgumentHelp(
    "With --loss squared: hals (default; exact coordinate steps, fastest), mu (Lee and Seung's multiplicative updates) or sgd (stochastic gradient descent).",
    valueName: "solver"))
  var solver: LeastSquaresSolver?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "With --loss squared: the L2 penalty lambda in sum (V - WH)^2 + lambda (||W||^2 + ||H||^2), on the data divided by their root mean square (default 0.01 for sgd, 0 for hals and mu).",
    valueName: "lambda"))
  var l2: Double?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "With --solver sgd: the first step size eta, on the data divided by their root mean square; halved when 50 epochs in a row fail to lower the objective's lowest value by more than --tolerance (relative), at most 10 times, the next such stall ending the run (default 0.05).",
    valueName: "eta"))
  var learningRate: Double?

  @Option(parsing: .unconditional, help: ArgumentHelp(
    "With --solver sgd: the most passes over the observed entries, each in a new random order from --seed (default 500).",
    valueName: "n"))
  var epochs: Int?

  func validate() throws {
    let sgdFlags = [(learningRate != nil, "--learning-rate"), (epochs != nil, "--epochs")]
    if loss == .poisson, let flag = ([(solver != nil, "--solver"), (l2 != nil, "--l2")] + sgdFlags).first(where: \.0)?.1 {
      throw ValidationError("\(flag) applies to --loss squared only; the Poisson fit (the default --loss) has no such setting.")
    }
    if solver != .sgd, let flag = sgdFlags.first(where: \.0)?.1 {
      throw ValidationError("\(flag) applies to --solver sgd only.")
    }
  }

  /// Refuses, for --loss squared, the options only the Poisson or
  /// binomial fit has.
  ///
  /// - Parameter given: each such option's flag and whether it was given.
  func refuse(_ given: [(Bool, String)]) throws {
    guard loss == .squared, let flag = given.first(where: \.0)?.1 else { return }
    throw ValidationError("\(flag) does not apply to --loss squared (it is a setting of the Poisson and binomial fits).")
  }

  /// The least-squares settings, or nil for --loss poisson.
  func leastSquares(populations: Int, restarts: Int?, seed: UInt64, tolerance: Double?, maxIterations: Int,
                    threads: Int) -> LeastSquaresOptions? {
    guard loss == .squared else { return nil }
    var options = LeastSquaresOptions(populations: populations, seed: seed, maxIterations: maxIterations,
                                      threads: threads)
    options.solver = solver ?? options.solver
    // nil keeps the solver's own default penalty (LeastSquaresOptions.penalty).
    options.restarts = restarts ?? options.restarts
    options.tolerance = tolerance ?? options.tolerance
    options.l2 = l2 ?? options.l2
    options.learningRate = learningRate ?? options.learningRate
    options.epochs = epochs ?? options.epochs
    return options
  }
}

extension LeastSquaresSolver: ExpressibleByArgument {}
