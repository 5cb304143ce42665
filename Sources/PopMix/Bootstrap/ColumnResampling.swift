/// A model whose fit can be repeated on its data's columns resampled: what
/// the bootstrap needs beyond ``FitModel``.
///
/// Resampling columns (SNPs) does not depend on the model; only taking the
/// columns out of the data and out of the fitted parameters does.
protocol ColumnResampling: FitModel {
  /// The columns of `data` at `indices`, in that order, repeats included.
  static func selectingColumns(_ indices: [Int], of data: Data) -> Data
  /// `parameters` for the data's columns at `indices`: the rows' parameters
  /// as they are, the columns' picked like the data's, so that a replicate
  /// starts from the fit.
  static func selectingColumns(_ indices: [Int], of parameters: Parameters) -> Parameters
  /// Held values for the data's columns at `indices`, picked like the
  /// parameters' (a replicate holds what the fit held).
  static func selectingColumns(_ indices: [Int], of fixed: Fixed) -> Fixed
  /// The individuals' admixture proportions, individuals by populations.
  static func proportions(of parameters: Parameters) -> Matrix
}

extension BinomialAdmixture: ColumnResampling {
  static func selectingColumns(_ indices: [Int], of genotypes: GenotypeMatrix) -> GenotypeMatrix {
    genotypes.selectingSNPs(indices)
  }

  static func selectingColumns(_ indices: [Int], of model: AdmixtureModel) -> AdmixtureModel {
    AdmixtureModel(Q: model.Q, P: model.P.selectingRows(indices))
  }

  static func selectingColumns(_ indices: [Int], of fixed: FixedParameters) -> FixedParameters {
    FixedParameters(proportions: fixed.proportions, frequencies: fixed.frequencies?.selectingRows(indices))
  }

  static func proportions(of model: AdmixtureModel) -> Matrix { model.Q }
}
