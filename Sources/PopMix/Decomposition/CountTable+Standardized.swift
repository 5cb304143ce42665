extension CountTable {
  /// The counts with each locus (column) centred on its mean and divided
  /// by its standard deviation (the population one, dividing by the
  /// number of observed entries), as a PCA of a table standardises it.
  ///
  /// Missing entries become 0, the column's mean; a locus with no
  /// variation becomes a column of zeros.
  ///
  /// - Complexity: O(individuals × loci).
  public func standardizedColumns() -> Matrix {
    var x = Matrix(rows: individualCount, columns: locusCount)
    for j in 0..<locusCount {
      let observed = (0..<individualCount).map { counts[$0, j] }.filter { !$0.isNaN }
      guard !observed.isEmpty else { continue }
      let mean = observed.reduce(0, +) / Double(observed.count)
      let variance = observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(observed.count)
      guard variance > 0 else { continue }
      let sd = variance.squareRoot()
      for i in 0..<individualCount where !counts[i, j].isNaN { x[i, j] = (counts[i, j] - mean) / sd }
    }
    return x
  }
}
