/// What the commands write as JSON, the parts the end-to-end tests read.

/// The parts of `PREFIX.summary.json` the tests read.
struct FitSummary: Decodable {
  struct Restart: Decodable, Equatable {
    var restart: Int
    var seed: UInt64
    var loglik: Double
    var iterations: Int
    var converged: Bool
  }

  var input: String
  var individuals: Int
  var loci: Int
  var droppedLoci: [String]
  var missingEntries: Int
  var populations: Int
  var loglik: Double
  var iterations: Int
  var converged: Bool
  var restarts: Int
  var bestRestart: Int
  var restartResults: [Restart]
  var seed: UInt64
  var seconds: Double
  var outputs: [String]
}

/// What `popmix hybrids --json` prints.
struct HybridsOutput: Decodable {
  struct Call: Decodable, Equatable {
    var id: String
    var populations: [Int]
    var proportions: [Double]
  }
  var threshold: Double
  var hybrids: [Call]
}

/// What `popmix scan --json` prints (the parts the tests read).
struct ScanOutput: Decodable {
  struct Row: Decodable {
    var populations: Int
    var loglik: Double
    var bic: Double
    var heldout: Double
    var heldoutSe: Double
  }
  var chosen: Int
  var results: [Row]
}

/// What `popmix compare --json` prints.
struct Comparison: Decodable {
  struct Hybrids: Decodable {
    var threshold: Double
    var truePositives: Int
    var falsePositives: Int
    var falseNegatives: Int
  }
  var proportionRmse: Double
  var proportionMaxError: Double
  var matching: [Int]
  var hybrids: Hybrids?
}
