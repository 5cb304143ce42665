/// The order of individuals along the bar plot and the groups they form.
///
/// Groups are ordered by their main component (the colour of their largest
/// mean proportion), then by how much of it they hold; individuals within
/// a group by their own main component (the group's first) and then by
/// their largest proportion, largest first. One panel, the one with the
/// most components, decides, and every panel follows its order.
public struct BarOrder: Sendable, Equatable {
  /// One run of neighbouring individuals with one label.
  public struct Group: Sendable, Equatable {
    /// The label (empty when no groups were given).
    public var label: String
    /// Where the group starts along the bars, and how many it holds.
    public var start: Int
    public var count: Int
  }

  /// Individuals' indices (rows of the panels' tables), left to right.
  public var individuals: [Int]
  /// The groups, left to right.
  public var groups: [Group]

  /// The order for `panel`'s individuals, grouped by `labels` (one per
  /// individual) if given.
  ///
  /// - Precondition: one label per individual when labels are given.
  /// - Complexity: O(n K + n log n).
  public init(panel: AncestryPanel, labels: [String]?) {
    let q = panel.table.proportions
    precondition(labels == nil || labels!.count == q.rows, "One label per individual is needed")
    let labels = labels ?? [String](repeating: "", count: q.rows)
    var members: [String: [Int]] = [:]
    var firstSeen: [String] = []
    for (i, label) in labels.enumerated() {
      if members[label] == nil { firstSeen.append(label) }
      members[label, default: []].append(i)
    }
    // Each group's main column and its mean share of it.
    var main: [String: (column: Int, share: Double)] = [:]
    for label in firstSeen {
      let rows = members[label]!
      var means = [Double](repeating: 0, count: q.columns)
      for i in rows { for k in 0..<q.columns { means[k] += q[i, k] / Double(rows.count) } }
      let best = means.indices.max { (means[$0], -panel.colours[$0]) < (means[$1], -panel.colours[$1]) }!
      main[label] = (best, means[best])
    }
    let orderedLabels = firstSeen.enumerated().sorted { a, b in
      let x = main[a.element]!, y = main[b.element]!
      return (panel.colours[x.column], -x.share, a.offset) < (panel.colours[y.column], -y.share, b.offset)
    }.map(\.element)
    var individuals: [Int] = []
    var groups: [Group] = []
    for label in orderedLabels {
      let groupMain = main[label]!.column
      let key = { (i: Int) -> (Int, Double, Int) in
        let row = Array(q.row(i))
        let top = row.indices.max { (row[$0], -$0) < (row[$1], -$1) }!
        // The group's own component first, then the others by colour.
        return (top == groupMain ? -1 : panel.colours[top], -row[top], i)
      }
      let sorted = members[label]!.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
      groups.append(Group(label: label, start: individuals.count, count: sorted.count))
      individuals += sorted
    }
    self.individuals = individuals
    self.groups = groups
  }
}
