extension FitResult {
  /// Every restart's outcome, as the summaries list them.
  var restartSummaries: [RestartSummary] {
    restarts.map {
      RestartSummary(restart: $0.index, seed: $0.seed, loglik: $0.logLikelihood, iterations: $0.iterations,
                     converged: $0.converged, stop: $0.stop.description)
    }
  }

  /// The traces as a table: restart, pass, seconds since the restart
  /// began, log-likelihood.
  var traceTSV: String {
    TSV.table(header: ["restart", "pass", "seconds", "loglik"], rows: traces.joined().map {
      [String($0.restart), String($0.pass), TSV.fixed($0.seconds, 6), TSV.exact($0.logLikelihood)]
    })
  }

  /// The report's lines on the restarts and the iterations.
  ///
  /// - Parameter reason: why a fit ran one start, when it could run no
  ///   other (a reference held); nil points to `--restarts`.
  func restartAndIterationLines(options: FitOptions, oneStart reason: String? = nil) -> String {
    let best = logLikelihood
    // How far the starts ended from one another: a wide spread means
    // competing optima (or a tolerance too loose to settle), worth more restarts.
    let worst = restarts.map(\.logLikelihood).min()!
    let reached = restarts.filter { best - $0.logLikelihood <= 1 }.count
    var text = restarts.count == 1
      ? "  restarts        1 (\(reason ?? "--restarts N runs N and keeps the best; their spread shows competing optima"))\n"
      : "  restarts        best was restart \(bestRestart) of \(restarts.count); \(reached) ended within 1 log-unit of it; the worst \(Format.fixed(best - worst, 2)) below\n"
    text += "  iterations      \(iterations), "
    switch stop {
    case .converged:
      text += "converged (relative gain < \(Format.general(options.tolerance)))\n"
    case .iterationLimit:
      text += "NOT converged: hit --max-iterations \(options.maxIterations); raise it or loosen --tolerance\n"
    case .likelihoodFell(let by, let pass):
      text += "NOT converged: the log-likelihood fell by \(Format.general(by)) at pass \(pass), which EM never does; "
        + "this is a defect in popmix, please report it with the command that showed it\n"
    }
    return text
  }
}

/// One restart in a summary file.
public struct RestartSummary: Sendable, Codable, Equatable {
  public var restart: Int
  public var seed: UInt64
  public var loglik: Double
  public var iterations: Int
  public var converged: Bool
  /// Why the restart stopped (``FitStop/description``).
  public var stop: String
}

extension ProportionTable {
  /// The report's lines on the populations' shares (under their names,
  /// when a reference gives them) and the admixed individuals of `q`: those
  /// whose largest proportion is below `threshold`, split into hybrids (two
  /// populations hold at least 0.9 of their ancestry) and those spread over
  /// several.
  static func shareAndHybridLines(_ q: Matrix, individuals: [String], threshold: Double, qPath: String,
                                  populationNames: [String]? = nil) -> String {
    let shares = q.columnSums().map { $0 / Double(q.rows) }
    let names = populationNames ?? TSV.populationNames(q.columns)
    let admixed = ProportionTable(individuals: individuals, populations: names,
                                  proportions: q).hybrids(threshold: threshold)
    let several = admixed.filter { $0.mixture == .severalPopulations }.count
    var text = "  populations     " + shares.enumerated().map { "\(names[$0.offset]) \(Format.percent($0.element))" }
      .joined(separator: "  ") + "  (mean admixture proportion)\n"
    text += "  admixed         \(admixed.count) individuals with largest proportion < \(Format.general(threshold)): "
      + "\(admixed.count - several) hybrids of two populations, \(several) spread over more (popmix hybrids \(qPath))\n"
    return text
  }
}
