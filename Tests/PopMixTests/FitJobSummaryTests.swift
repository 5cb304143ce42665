import Foundation
import Testing
@testable import PopMix

/// ``FitJob/Summary`` writes the same flat JSON as the two summaries it
/// replaced, whose keys users read, and reads it back.
@Suite("Fit summary: one flat JSON object per kind of data")
struct FitJobSummaryTests {
  /// The count-table summary as it was written before the two were one type.
  struct FlatTableSummary: Encodable {
    var input: String, individuals: Int, loci: Int, droppedLoci: [String], missingEntries: Int, populations: Int
    var loglik: Double, iterations: Int, converged: Bool, restarts: Int, bestRestart: Int
    var restartResults: [RestartSummary], seed: UInt64, tolerance: Double, maxIterations: Int, threads: Int
    var seconds: Double, outputs: [String]
  }

  /// The genotype summary as it was written before the two were one type.
  struct FlatGenotypeSummary: Encodable {
    var input: String, format: GenotypeInput.Format, model: String, individuals: Int, snps: Int
    var droppedMonomorphic: Int, skippedMultiallelic: Int, missingCalls: Int, populations: Int
    var loglik: Double, iterations: Int, converged: Bool, restarts: Int, bestRestart: Int
    var restartResults: [RestartSummary], seed: UInt64, tolerance: Double, maxIterations: Int, threads: Int
    var seconds: Double, outputs: [String]
  }

  static let restarts = [
    RestartSummary(restart: 0, seed: 7, loglik: -12.5, iterations: 40, converged: true, stop: "converged"),
    RestartSummary(restart: 1, seed: 9, loglik: -.infinity, iterations: 5000, converged: false, stop: "iteration limit"),
  ]

  static func summary(_ fields: FitJob.Summary.DataFields, outputs: [String]) -> FitJob.Summary {
    FitJob.Summary(input: "data/x", individuals: 3, populations: 2, loglik: -12.5, iterations: 40, converged: true,
                   restarts: 2, bestRestart: 0, restartResults: restarts, seed: 1, tolerance: 1e-10,
                   maxIterations: 5000, threads: 2, seconds: 0.25, outputs: outputs, dataFields: fields)
  }

  static func decode(_ text: String) throws -> FitJob.Summary {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                    nan: "nan")
    return try decoder.decode(FitJob.Summary.self, from: Data(text.utf8))
  }

  @Test("a count table's summary is byte for byte the flat one, and reads back")
  func tableSummaryIsFlat() throws {
    let outputs = ["o.2.Q.tsv", "o.2.W.tsv", "o.2.H.tsv", "o.2.summary.json"]
    let summary = Self.summary(.table(.init(loci: 4, droppedLoci: ["L9"], missingEntries: 1)), outputs: outputs)
    let flat = FlatTableSummary(
      input: "data/x", individuals: 3, loci: 4, droppedLoci: ["L9"], missingEntries: 1, populations: 2,
      loglik: -12.5, iterations: 40, converged: true, restarts: 2, bestRestart: 0, restartResults: Self.restarts,
      seed: 1, tolerance: 1e-10, maxIterations: 5000, threads: 2, seconds: 0.25, outputs: outputs)
    let text = Format.json(summary)
    #expect(text == Format.json(flat))
    #expect(try Self.decode(text) == summary)
  }

  @Test("a genotype summary is byte for byte the flat one, and reads back")
  func genotypeSummaryIsFlat() throws {
    let outputs = ["o.2.Q", "o.2.P", "o.2.Q.tsv", "o.2.summary.json"]
    let fields = FitJob.Summary.GenotypeFields(format: .vcf, snps: 20, droppedMonomorphic: 2, skippedMultiallelic: 1,
                                               missingCalls: 5)
    let summary = Self.summary(.genotypes(fields), outputs: outputs)
    let flat = FlatGenotypeSummary(
      input: "data/x", format: .vcf, model: "binomial (ADMIXTURE)", individuals: 3, snps: 20, droppedMonomorphic: 2,
      skippedMultiallelic: 1, missingCalls: 5, populations: 2, loglik: -12.5, iterations: 40, converged: true,
      restarts: 2, bestRestart: 0, restartResults: Self.restarts, seed: 1, tolerance: 1e-10, maxIterations: 5000,
      threads: 2, seconds: 0.25, outputs: outputs)
    let text = Format.json(summary)
    #expect(text == Format.json(flat))
    #expect(try Self.decode(text) == summary)
  }
}
