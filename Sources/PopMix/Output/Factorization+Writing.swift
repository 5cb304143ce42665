extension Factorization {
  /// The admixture proportions (row-normalised W): header `id pop0 pop1 …`,
  /// one row per individual, six decimals.
  public func proportionsTSV(individuals ids: [String]) -> String {
    TSV.proportions(admixtureProportions, individuals: ids)
  }

  /// W at full precision: header `id pop0 pop1 …`, one row per individual.
  public func weightsTSV(individuals ids: [String]) -> String {
    precondition(ids.count == individuals, "One id per individual is needed")
    return TSV.table(header: ["id"] + TSV.populationNames(populations),
                     rows: ids.indices.map { [TSV.idField(ids[$0])] + W.row($0).map(TSV.exact) })
  }

  /// H and C at full precision, one row per locus (as ADMIXTURE's .P is):
  /// header `locus total pop0 pop1 …`; `total` is C_μ and the pop columns
  /// are H's column for that locus.
  public func frequenciesTSV(loci names: [String]) -> String {
    precondition(names.count == loci, "One name per locus is needed")
    return TSV.table(header: ["locus", "total"] + TSV.populationNames(populations),
                     rows: names.indices.map { mu in
                       [names[mu], TSV.exact(totals[mu])] + (0..<populations).map { TSV.exact(H[$0, mu]) }
                     })
  }
}

extension Factorization {
  /// Stages the fit's files: `stem.Q.tsv`, `stem.W.tsv` and `stem.H.tsv`,
  /// the stem being `prefix.K` (or `prefix.K.sSEED`), so that fits of
  /// several K under one prefix sit side by side.
  func addFiles(to files: inout OutputFiles, stem: String, individuals ids: [String], loci names: [String]) {
    files.add("\(stem).Q.tsv", proportionsTSV(individuals: ids))
    files.add("\(stem).W.tsv", weightsTSV(individuals: ids))
    files.add("\(stem).H.tsv", frequenciesTSV(loci: names))
  }
}
