extension FitJob {
  /// The summary written to `prefix.summary.json`: what every fit records,
  /// and what it records of its kind of data.
  ///
  /// The data's fields sit beside the others in the JSON, so that the file
  /// reads as one flat object whatever was fitted.
  public struct Summary: Sendable, Codable, Equatable {
    public var input: String
    public var individuals: Int
    public var populations: Int
    /// The best restart's log-likelihood: for a table, the full Poisson one,
    /// Σ (V log λ − λ − log V!); for genotypes, the binomial one,
    /// Σ g log p + (t − g) log(1 − p), as ADMIXTURE and fastmixture report it.
    public var loglik: Double
    public var iterations: Int
    public var converged: Bool
    public var restarts: Int
    public var bestRestart: Int
    public var restartResults: [RestartSummary]
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    public var threads: Int
    public var seconds: Double
    public var outputs: [String]
    /// The command line that made the fit, when known.
    public var command: String?
    /// The fields on the kind of data fitted.
    public var dataFields: DataFields
    /// The bootstrap's settings and standard errors, after `--bootstrap`.
    public var bootstrap: Bootstrap? = nil
    /// What a supervised fit or a projection held fixed, if anything.
    public var reference: ReferenceFields?

    init(input: String, individuals: Int, populations: Int, loglik: Double, iterations: Int,
                converged: Bool, restarts: Int, bestRestart: Int, restartResults: [RestartSummary],
                seed: UInt64, tolerance: Double, maxIterations: Int, threads: Int, seconds: Double,
                outputs: [String], command: String? = nil, dataFields: DataFields, reference: ReferenceFields? = nil) {
      self.input = input
      self.individuals = individuals
      self.populations = populations
      self.loglik = loglik
      self.iterations = iterations
      self.converged = converged
      self.restarts = restarts
      self.bestRestart = bestRestart
      self.restartResults = restartResults
      self.seed = seed
      self.tolerance = tolerance
      self.maxIterations = maxIterations
      self.threads = threads
      self.seconds = seconds
      self.outputs = outputs
      self.command = command
      self.dataFields = dataFields
      self.reference = reference
    }

    /// The summary's fields on the kind of data fitted.
    public enum DataFields: Sendable, Equatable {
      case table(TableFields)
      case genotypes(GenotypeFields)
    }

    /// What a summary records of a count table.
    public struct TableFields: Sendable, Codable, Equatable {
      /// Loci fitted.
      public var loci: Int
      /// Loci dropped because no count was above zero.
      public var droppedLoci: [String]
      public var missingEntries: Int
    }

    /// What a summary records of genotypes.
    public struct GenotypeFields: Sendable, Codable, Equatable {
      public var format: GenotypeInput.Format
      /// The model fitted, as users read it.
      public var model = "binomial (ADMIXTURE)"
      /// SNPs fitted.
      public var snps: Int
      public var droppedMonomorphic: Int
      public var skippedMultiallelic: Int
      public var missingCalls: Int
    }

    private enum CodingKeys: String, CodingKey {
      case input, individuals, populations, loglik, iterations, converged, restarts, bestRestart,
           restartResults, seed, tolerance, maxIterations, threads, seconds, outputs, command, reference
      case bootstrap
      /// Only genotype summaries have it: tells the two apart when decoding.
      case snps
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      input = try container.decode(String.self, forKey: .input)
      individuals = try container.decode(Int.self, forKey: .individuals)
      populations = try container.decode(Int.self, forKey: .populations)
      loglik = try container.decode(Double.self, forKey: .loglik)
      iterations = try container.decode(Int.self, forKey: .iterations)
      converged = try container.decode(Bool.self, forKey: .converged)
      restarts = try container.decode(Int.self, forKey: .restarts)
      bestRestart = try container.decode(Int.self, forKey: .bestRestart)
      restartResults = try container.decode([RestartSummary].self, forKey: .restartResults)
      seed = try container.decode(UInt64.self, forKey: .seed)
      tolerance = try container.decode(Double.self, forKey: .tolerance)
      maxIterations = try container.decode(Int.self, forKey: .maxIterations)
      threads = try container.decode(Int.self, forKey: .threads)
      seconds = try container.decode(Double.self, forKey: .seconds)
      outputs = try container.decode([String].self, forKey: .outputs)
      command = try container.decodeIfPresent(String.self, forKey: .command)
      bootstrap = try container.decodeIfPresent(Bootstrap.self, forKey: .bootstrap)
      reference = try container.decodeIfPresent(ReferenceFields.self, forKey: .reference)
      dataFields = container.contains(.snps)
        ? .genotypes(try GenotypeFields(from: decoder)) : .table(try TableFields(from: decoder))
    }

    /// Encodes one flat object: the data's fields go into the same
    /// container as the others.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(input, forKey: .input)
      try container.encode(individuals, forKey: .individuals)
      try container.encode(populations, forKey: .populations)
      try container.encode(loglik, forKey: .loglik)
      try container.encode(iterations, forKey: .iterations)
      try container.encode(converged, forKey: .converged)
      try container.encode(restarts, forKey: .restarts)
      try container.encode(bestRestart, forKey: .bestRestart)
      try container.encode(restartResults, forKey: .restartResults)
      try container.encode(seed, forKey: .seed)
      try container.encode(tolerance, forKey: .tolerance)
      try container.encode(maxIterations, forKey: .maxIterations)
      try container.encode(threads, forKey: .threads)
      try container.encode(seconds, forKey: .seconds)
      try container.encode(outputs, forKey: .outputs)
      try container.encodeIfPresent(command, forKey: .command)
      try container.encodeIfPresent(bootstrap, forKey: .bootstrap)
      try container.encodeIfPresent(reference, forKey: .reference)
      switch dataFields {
      case .table(let fields): try fields.encode(to: encoder)
      case .genotypes(let fields): try fields.encode(to: encoder)
      }
    }
  }
}
