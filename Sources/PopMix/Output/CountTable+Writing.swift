extension CountTable {
  /// The table as popmix writes it: header `id` then the locus names, one
  /// row per individual, `NA` for a missing entry.
  public func tsv() -> String {
    TSV.table(header: ["id"] + loci, rows: individuals.indices.map { i in
      [individuals[i]] + counts.row(i).map(TSV.count)
    })
  }
}
