/// What a genotype fit holds fixed: reference individuals' proportions
/// (supervised mode) or an earlier fit's frequencies (projection).
public enum ReferenceInput: Sendable, Equatable {
  /// Reference individuals with known populations, read by
  /// ``ReferenceLabels/read(path:samples:ids:)``; P and the other
  /// individuals' Q are fitted.
  case supervised(labels: String)
  /// Frequencies from an earlier fit (`PREFIX.K.P`), with the SNP list its
  /// lines follow (by default ``FrequencyPanel/defaultSNPList(for:)``);
  /// only Q is fitted. `keepAmbiguous` keeps A/T and C/G SNPs.
  case projection(frequencies: String, snps: String?, keepAmbiguous: Bool)
}
