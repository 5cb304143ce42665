/// `popmix simulate`: draws a data set and writes it with its truth.
public struct SimulateJob: Sendable {
  public var parameters: SimulationParameters
  /// Output files are named `prefix.counts.tsv`, `prefix.W.tsv`, ….
  public var prefix: String

  public init(parameters: SimulationParameters, prefix: String) {
    self.parameters = parameters
    self.prefix = prefix
  }

  /// Simulates and writes the files.
  ///
  /// - Throws: ``InputError`` for parameters out of range or an output that
  ///   cannot be written (then nothing is written).
  public func run() throws -> JobReport {
    let data = try SimulatedData.simulate(parameters)
    let files = data.outputFiles(prefix: prefix)
    try files.commit()
    let p = parameters
    let hybrids = data.labels.filter { $0.status == .hybrid }.count
    let observed = data.table.counts.elements
    let mean = observed.reduce(0, +) / Double(observed.count)
    let zeros = Double(observed.filter { $0 == 0 }.count) / Double(observed.count)
    return JobReport(text: """
      simulated \(p.individuals) individuals x \(p.loci) loci from \(p.populations) populations (\(hybrids) hybrids), seed \(p.seed)
        mean count \(Format.fixed(mean, 2)) (depth \(Format.general(p.depth))), \(Format.percent(zeros)) zeros, alpha \(Format.general(p.alpha))
        wrote \(files.paths.joined(separator: " "))

      """)
  }
}
