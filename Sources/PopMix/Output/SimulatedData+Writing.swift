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
    files.add(prefix + ".labels.tsv", IndividualLabel.tsv(labels))
    return files
  }
}

extension SimulatedGenotypes {
  /// The files `popmix simulate --genotypes` writes under `prefix`: the
  /// PLINK set, the true Q (with ids) and P (ADMIXTURE's layout), and the labels.
  public func outputFiles(prefix: String) -> OutputFiles {
    var files = OutputFiles()
    data.plinkFiles(prefix: prefix, into: &files)
    files.add(prefix + ".Q.tsv", truth.proportionsTSV(individuals: data.sampleIDs))
    files.add("\(prefix).\(truth.populations).P", truth.pFileText)
    files.add(prefix + ".labels.tsv", IndividualLabel.tsv(labels))
    return files
  }
}

extension IndividualLabel {
  /// The labels as a table: id, pure|hybrid, populations from 0.
  static func tsv(_ labels: [IndividualLabel]) -> String {
    TSV.table(header: ["id", "status", "populations"], rows: labels.map {
      [TSV.idField($0.id), $0.status.rawValue, $0.populations.map(String.init).joined(separator: ",")]
    })
  }
}
