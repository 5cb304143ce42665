/// Colours that mean the same population in every panel, and the runs that
/// agree, as CLUMPP and pong report them.
///
/// Panels are put in order of K (runs of one K in the order given). Each
/// panel's columns are matched to the previous panel's by the least summed
/// squared difference over individuals (``ColumnMatching/assignment(cost:)``);
/// a matched column takes its partner's colour, and a column left over when
/// K grows takes a colour no panel has used yet.
public struct PanelAlignment: Sendable {
  /// The panels in order of K, their colours aligned.
  public var panels: [AncestryPanel]
  /// Runs of one K grouped by agreement: pong's modes.
  public var modes: [Mode]

  /// Runs of one K whose aligned proportions differ little.
  public struct Mode: Sendable, Equatable, Codable {
    /// K.
    public var populations: Int
    /// The runs' names (the first is the one the others were compared to).
    public var runs: [String]
    /// The largest root mean squared difference between a run and the
    /// first, after the best matching of columns (0 for a mode of one).
    public var largestRMSE: Double
  }

  /// Aligns `panels` and groups runs of one K into modes.
  ///
  /// - Parameter modeThreshold: a run joins a mode when the root mean
  ///   squared difference of its proportions from the mode's first run,
  ///   after the best matching, is below this.
  /// - Precondition: every panel lists the same individuals in the same order.
  /// - Complexity: O(n K²) per panel, plus O(n K² × modes) per run.
  public init(_ panels: [AncestryPanel], modeThreshold: Double) {
    let sorted = panels.enumerated().sorted {
      ($0.element.populations, $0.offset) < ($1.element.populations, $1.offset)
    }.map(\.element)
    precondition(sorted.allSatisfy { $0.table.individuals == sorted.first?.table.individuals },
                 "Panels must list the same individuals in one order")
    var aligned: [AncestryPanel] = []
    var nextColour = 0
    for var panel in sorted {
      if let previous = aligned.last {
        panel.colours = Self.colours(of: panel.table.proportions, matching: previous, nextColour: &nextColour)
      } else {
        nextColour = panel.populations
      }
      aligned.append(panel)
    }
    self.panels = aligned
    var modes: [Mode] = []
    var representatives: [Matrix] = []
    for panel in aligned {
      let q = panel.table.proportions
      let match = modes.indices.first { m in
        modes[m].populations == panel.populations
          && ColumnMatching.rmse(estimate: q, truth: representatives[m]) < modeThreshold
      }
      if let m = match {
        modes[m].runs.append(panel.name)
        modes[m].largestRMSE = max(modes[m].largestRMSE, ColumnMatching.rmse(estimate: q, truth: representatives[m]))
      } else {
        modes.append(Mode(populations: panel.populations, runs: [panel.name], largestRMSE: 0))
        representatives.append(q)
      }
    }
    self.modes = modes
  }

  /// The colours of `q`'s columns matched to `previous`'s; columns left
  /// unmatched take new colours from `nextColour` on.
  private static func colours(of q: Matrix, matching previous: AncestryPanel, nextColour: inout Int) -> [Int] {
    let before = previous.table.proportions
    var colours = [Int](repeating: -1, count: q.columns)
    if q.columns >= before.columns {
      // Each earlier column finds its own column here.
      let pairs = ColumnMatching.assignment(cost: ColumnMatching.squaredDistances(before, q))
      for (k, j) in pairs.enumerated() { colours[j] = previous.colours[k] }
      for j in colours.indices where colours[j] < 0 {
        colours[j] = nextColour
        nextColour += 1
      }
    } else {
      // Fewer columns: each finds its own earlier column.
      let pairs = ColumnMatching.assignment(cost: ColumnMatching.squaredDistances(q, before))
      for (j, k) in pairs.enumerated() { colours[j] = previous.colours[k] }
    }
    return colours
  }
}
