/// One Q file as one panel of the bar plot: its proportions and the colour
/// each of its columns takes once panels are aligned.
public struct AncestryPanel: Sendable {
  /// What the panel is called: the file it came from.
  public var name: String
  /// The proportions, individuals in the plot's common order of ids.
  public var table: ProportionTable
  /// The palette index of each column (see ``PanelAlignment``).
  public var colours: [Int]

  /// A panel whose columns take colours 0, 1, … until aligned.
  public init(name: String, table: ProportionTable) {
    self.name = name
    self.table = table
    self.colours = Array(0..<table.proportions.columns)
  }

  /// Its number of components, K.
  public var populations: Int { table.proportions.columns }

  /// The columns in the order they are stacked in a bar, by colour, so
  /// that a colour sits at the same height in every panel.
  var stackOrder: [Int] { colours.indices.sorted { colours[$0] < colours[$1] } }
}
