extension ScanResult.Measure {
  /// The model's name in the JSON.
  var model: String {
    switch self {
    case .poisson: "poisson"
    case .binomialDeviance: "binomial"
    case .squaredError: "least squares"
    }
  }

  /// What the JSON's `heldout` is.
  var description: String {
    switch self {
    case .poisson: "log-likelihood per held-out entry (higher is better)"
    case .binomialDeviance: "deviance per held-out call (lower is better)"
    case .squaredError: "squared error per held-out entry (lower is better)"
    }
  }

  /// The rule that chose, as the report states it.
  var rule: String {
    switch self {
    case .poisson: "smallest number of populations whose mean held-out log-likelihood per entry is within one standard error of the best"
    case .binomialDeviance: "smallest number of populations whose mean held-out deviance per call is within one standard error of the best (lowest)"
    case .squaredError: "smallest number of populations whose mean held-out squared error per entry is within one standard error of the best (lowest)"
    }
  }

  /// The table's header for the held-out column.
  var columnTitle: String {
    switch self {
    case .poisson: "   held-out/entry"
    case .binomialDeviance: "    deviance/call"
    case .squaredError: "  sq. error/entry"
    }
  }

  /// Deviance and squared error (lower is better) are held as minus
  /// themselves in ``ScanResult/Row/heldOut``, so that the rule reads the
  /// same for every kind of data; this turns them back.
  var sign: Double { self == .poisson ? 1 : -1 }
}

extension ScanJob.Summary {
  /// The JSON of a scan's result, with its warnings.
  ///
  /// - Parameters:
  ///   - outputs: the files written with it (`scan --out`, `fit --cv`), if any.
  init(_ result: ScanResult, measure: ScanResult.Measure, options: ScanOptions, outputs: [String]?, command: String?) {
    let sign = measure.sign
    let warnings = result.warnings(measure: measure)
    self.init(
      chosen: result.chosen, bestHeldout: result.bestHeldOut, model: measure.model, heldoutMeasure: measure.description,
      rule: measure.rule, folds: options.folds, restarts: options.restarts, seed: options.seed,
      observedEntries: result.observedEntries, seconds: result.seconds,
      results: result.rows.map {
        .init(populations: $0.populations, loglik: $0.logLikelihood, parameters: $0.parameters, bic: $0.bic,
              heldout: sign * $0.heldOut, heldoutSe: $0.heldOutStandardError, foldHeldout: $0.foldScores.map { sign * $0 },
              converged: $0.converged)
      },
      outputs: outputs, command: command, warnings: warnings.isEmpty ? nil : warnings)
  }

  /// The warnings the JSON holds, none when it has no such field.
  public var allWarnings: [String] { warnings ?? [] }
}

extension ScanJob {
  /// The report's table of a scan: the folds and restarts, one row per K
  /// with its marks, the rule and the choice.
  ///
  /// - Complexity: O(rows).
  static func table(_ result: ScanResult, measure: ScanResult.Measure, options: ScanOptions) -> String {
    let sign = measure.sign
    let bestBIC = result.rows.min { $0.bic < $1.bic }!.populations
    var text = "\(options.folds)-fold cross-validation, \(options.restarts) restart\(options.restarts == 1 ? "" : "s") per fit\n\n"
    text += "   r        loglik   params            BIC" + measure.columnTitle + "        SE\n"
    for row in result.rows {
      var marks: [String] = []
      if row.populations == result.chosen { marks.append("chosen") }
      if row.populations == result.bestHeldOut { marks.append("best held-out") }
      if row.populations == bestBIC { marks.append("lowest BIC") }
      if !row.converged { marks.append("not all fits converged") }
      text += Format.right(String(row.populations), 4)
        + Format.right(Format.fixed(row.logLikelihood, 1), 14)
        + Format.right(String(row.parameters), 9)
        + Format.right(Format.fixed(row.bic, 1), 15)
        + Format.right(Format.fixed(sign * row.heldOut, 5), 17)
        + Format.right(Format.fixed(row.heldOutStandardError, 5), 10)
        + (marks.isEmpty ? "" : "  <- " + marks.joined(separator: ", ")) + "\n"
    }
    text += "\nrule: the \(measure.rule)\n"
    text += "chosen populations: \(result.chosen)\n"
    return text
  }
}
