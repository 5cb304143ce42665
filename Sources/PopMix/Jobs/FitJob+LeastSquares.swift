extension FitJob {
  /// The caveat the report and the summary carry (seed 000's lesson).
  static let leastSquaresCaveat = "Q is W row-normalised: the share of each component in an individual's fitted values. "
    + "Least squares has no model of mixture, so mixed rows can appear where the data hold separate clusters and no mixture exists"

  /// Reads a table of non-negative reals, fits it by least squares and
  /// writes Q, W, H, the trace if asked and the summary, all or nothing.
  ///
  /// - Throws: ``PopMixError`` for genotypes, bad settings, an output or
  ///   trace folder that cannot be written (all checked before the table
  ///   is read), a bad table, or more components than the table allows.
  func runLeastSquares(options: LeastSquaresOptions, progress: ProgressLine?) throws -> JobReport {
    try runLeastSquares(populations: options.populations...options.populations, options: options, progress: progress)
  }

  /// Reads the table once and fits it by least squares for each K of
  /// `populations` in turn, writing each K's files (named with K, as a
  /// count fit names them) when its fit ends.
  ///
  /// - Returns: one K's report as a single fit gives it; for several, a
  ///   line per K (its relative error) and the files written.
  /// - Throws: as ``runLeastSquares(options:progress:)``, the settings
  ///   checked for the largest K before the table is read.
  func runLeastSquares(populations: ClosedRange<Int>, options: LeastSquaresOptions,
                       progress: ProgressLine?) throws -> JobReport {
    guard case .table(let input) = self.input else {
      throw PopMixError.badSetting(.loss, "squared", .other("least squares fits tables of values; genotypes (--bfile, --vcf) are fitted by the binomial model only"))
    }
    var options = options
    for populations in [populations.lowerBound, populations.upperBound] {
      options.populations = populations
      try options.validate()
    }
    // K in every name, as a count fit names its files.
    try OutputFiles.checkDestination("\(prefix).\(populations.upperBound)", longestSuffix: ".summary.json")
    if let tracePath { try OutputFiles.checkDestination(tracePath) }
    options.recordTrace = tracePath != nil
    let table = try NonnegativeTable.read(path: input.path, orientation: input.orientation)
    var reports: [JobReport] = []
    var lines = "   K    relative error  iterations   seconds\n", written: [String] = []
    for populations in populations {
      options.populations = populations
      let (report, fit) = try fitLeastSquares(table, input: input, options: options, progress: progress)
      reports.append(report)
      written += fit.files
      lines += Format.right(String(populations), 4) + Format.right(Format.fixed(fit.relativeError, 6), 18)
        + Format.right(String(fit.iterations), 12) + Format.right(Format.fixed(fit.seconds, 2), 10) + "\n"
    }
    if reports.count == 1 { return reports[0] }
    let text = "fit \(table.individuals.count) individuals x \(table.loci.count) loci with \(Self.rangeText(populations)) components "
      + "(least squares, \(options.solver.rawValue)), \(populations.count) fits\n"
      + "  relative error: ||V - WH||_F / ||V||_F over the observed entries\n\n" + lines
      + "\nnote: \(Self.leastSquaresCaveat)\nwrote \(written.joined(separator: " "))\n"
    return JobReport(text: text, warnings: [])
  }

  /// Fits `table` by least squares and writes its files, all or nothing.
  ///
  /// - Returns: the report of this fit, and its figures for a line of a
  ///   report of several.
  private func fitLeastSquares(_ table: NonnegativeTable, input: TableInput, options: LeastSquaresOptions,
                               progress: ProgressLine?) throws
    -> (report: JobReport, fit: (relativeError: Double, iterations: Int, seconds: Double, files: [String])) {
    let base = "\(prefix).\(options.populations)"
    let restarts = options.restarts
    var observer: LeastSquaresObserver? = nil
    if let line = progress {
      observer = { step in
        let error = Format.fixed(step.relativeError, 6), seconds = Format.fixed(line.elapsed, 1)
        line.update("fit: restart \(step.restart + 1)/\(restarts)  iteration \(step.iteration)  relative error \(error)  \(seconds) s")
      }
    }
    let fit = try LeastSquaresNMF.fit(table, options: options, observer: observer)
    progress?.finish()

    var files = OutputFiles()
    let model = fit.model
    let components = TSV.populationNames(options.populations)
    files.add(base + ".Q.tsv", TSV.proportions(model.admixtureProportions, individuals: table.individuals))
    files.add(base + ".W.tsv", TSV.table(header: ["id"] + components, rows: table.individuals.indices.map {
      [TSV.idField(table.individuals[$0])] + model.W.row($0).map(TSV.exact)
    }))
    files.add(base + ".H.tsv", TSV.table(header: ["locus"] + components, rows: table.loci.indices.map { j in
      [table.loci[j]] + (0..<options.populations).map { TSV.exact(model.H[$0, j]) }
    }))
    if let tracePath {
      files.add(tracePath, TSV.table(header: ["restart", "iteration", "seconds", "relative_error"], rows: fit.trace.map {
        [String($0.restart), String($0.iteration), TSV.fixed($0.seconds, 6), TSV.exact($0.relativeError)]
      }))
    }
    let summaryPath = base + ".summary.json"
    let summary = LeastSquaresSummary(fit, table: table, input: input.path, options: options,
                                      outputs: files.paths + [summaryPath])
    files.add(summaryPath, Format.json(summary))
    try files.commit()

    let best = fit.best
    var text = "fit \(table.individuals.count) individuals x \(table.loci.count) loci with \(options.populations) components (least squares, \(options.solver.rawValue))\n"
    text += "  relative error  \(Format.fixed(best.relativeError, 6))  (||V - WH||_F / ||V||_F over the observed entries)\n"
    text += fit.restarts.count == 1 ? "  restarts        1\n"
      : "  restarts        best was restart \(fit.bestRestart) of \(fit.restarts.count); relative errors \(Format.fixed(fit.restarts.map(\.relativeError).min()!, 6))–\(Format.fixed(fit.restarts.map(\.relativeError).max()!, 6))\n"
    text += "  iterations      \(best.iterations)\(options.solver == .sgd ? " epochs" : ""), \(best.stop.rawValue)"
    text += best.stop == .iterationLimit ? ": raise --max-iterations or loosen --tolerance\n" : "\n"
    text += ProportionTable.shareAndHybridLines(model.admixtureProportions, individuals: table.individuals,
                                                threshold: hybridThreshold, qPath: base + ".Q.tsv")
    text += "  note            \(Self.leastSquaresCaveat)\n"
    text += "  time            \(Format.fixed(fit.seconds, 2)) s\n"
    text += "  wrote           \(files.paths.joined(separator: " "))\n"
    return (JobReport(text: text, warnings: []), (best.relativeError, best.iterations, fit.seconds, files.paths))
  }
}
