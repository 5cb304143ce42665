extension GenotypeMatrix {
  /// The SNPs at `indices`, in that order and as often as they are listed
  /// (a bootstrap replicate repeats some and leaves others out), in new
  /// storage of their size only.
  ///
  /// - Precondition: every index lies in `0..<snps`.
  /// - Complexity: O(indices.count × n / 4) bytes copied.
  public func selectingSNPs(_ indices: [Int]) -> GenotypeMatrix {
    precondition(indices.allSatisfy { (0..<snps).contains($0) }, "SNP indices must lie in 0..<snps")
    let maskBytes = maskBytesPerSNP
    var bytes: [UInt8] = []
    bytes.reserveCapacity(indices.count * bytesPerSNP)
    var mask: [UInt8]? = haploid == nil ? nil : []
    for j in indices {
      bytes.append(contentsOf: packed[(j * bytesPerSNP)..<((j + 1) * bytesPerSNP)])
      if let haploid { mask!.append(contentsOf: haploid[(j * maskBytes)..<((j + 1) * maskBytes)]) }
    }
    return GenotypeMatrix(individuals: individuals, snps: indices.count, packed: bytes, haploid: mask)
  }
}
