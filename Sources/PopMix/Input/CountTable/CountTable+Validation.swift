extension CountTable {
  /// Throws unless every entry is missing (NaN) or a count the readers
  /// accept (``validateCount(_:)``: a whole number from 0 to ``maximumCount``).
  ///
  /// The readers refuse such values with their place in the file; this
  /// check is for tables made in code, which the fit must not trust.
  ///
  /// - Throws: ``PopMixError`` naming the first bad entry's individual and locus.
  /// - Complexity: O(n m).
  public func checkCounts() throws {
    let m = locusCount
    for (index, v) in counts.elements.enumerated() where !v.isNaN {
      if let complaint = Self.validateCount(v) {
        throw PopMixError.badData("individual '\(individuals[index / m])' has count \(v) at locus '\(loci[index % m])', which \(complaint)")
      }
    }
  }
}
