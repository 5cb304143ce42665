extension SimulatedData {
  /// The files `popmix simulate` writes under `prefix`: counts, the true W,
  /// H and Q, and the labels.
  public func outputFiles(prefix: String) -> OutputFiles {
    var files = OutputFiles()
    let ids = table.individuals
    files.add(prefix + ".counts.tsv", table.tsv())
    files.add(prefix + ".W.tsv", truth.weightsTSV(individuals: ids))
    files.add(prefix + ".H.tsv", truth.frequenciesTSV(loci: table.loci))
    files.add(prefix + ".Q.tsv", truth.proportionsTSV(individuals: ids))
    files.add(prefix + ".labels.tsv", TSV.table(header: ["id", "status", "populations"], rows: labels.map {
      [$0.id, $0.status.rawValue, $0.populations.map(String.init).joined(separator: ",")]
    }))
    return files
  }
}
