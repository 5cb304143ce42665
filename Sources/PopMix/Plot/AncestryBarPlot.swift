/// The ancestry bar plot: one panel per Q file, one bar per individual
/// stacked by ancestry, grouped and labelled, hybrids ticked.
///
/// Each panel draws one path per component (a step outline over all
/// individuals, painted from the bottom of the stack up), not one rectangle
/// per individual and component, so thousands of individuals stay small.
public struct AncestryBarPlot: Sendable {
  /// The panels, aligned (``PanelAlignment``), top to bottom.
  public var panels: [AncestryPanel]
  /// The individuals' order and groups.
  public var order: BarOrder
  /// Individuals whose largest proportion in a panel is below this get a
  /// tick above their bar in that panel; nil: no ticks.
  public var hybridThreshold: Double?

  /// Where things sit, in pixels.
  struct Layout {
    static let left = 150.0, right = 16.0, top = 12.0
    static let panelHeight = 110.0, tickStrip = 7.0, gap = 10.0
    /// Bar heights are drawn in thousandths: finer than any screen, and
    /// whole numbers keep the paths short.
    static let units = 1000.0
    /// The bar area's width for n individuals: about 3 px each within
    /// bounds that fit a page.
    static func plotWidth(_ n: Int) -> Double { min(max(Double(n) * 3, 480), 1400) }
  }

  public init(panels: [AncestryPanel], order: BarOrder, hybridThreshold: Double? = nil) {
    precondition(!panels.isEmpty, "A bar plot needs a panel")
    self.panels = panels
    self.order = order
    self.hybridThreshold = hybridThreshold
  }

  /// The picture.
  ///
  /// - Complexity: O(n K) per panel.
  public func svg() -> SVGDocument {
    let n = order.individuals.count
    let width = Layout.plotWidth(n)
    let barWidth = width / Double(n)
    let labelled = order.groups.contains { !$0.label.isEmpty }
    // A label lies flat under a group wide enough for it, and slants
    // under a narrow one.
    let fits = { (group: BarOrder.Group) in Double(group.count) * barWidth >= Double(group.label.count) * 6.5 + 6 }
    let longestSlanted = order.groups.filter { !fits($0) }.map(\.label.count).max() ?? 0
    let labelSpace = labelled ? max(22, 14 + Double(longestSlanted) * 5.6) : 4
    let panelStep = Layout.tickStrip + Layout.panelHeight + Layout.gap
    let height = Layout.top + Double(panels.count) * panelStep + labelSpace
    var svg = SVGDocument(width: Layout.left + width + Layout.right, height: height)
    for (p, panel) in panels.enumerated() {
      let y = Layout.top + Double(p) * panelStep + Layout.tickStrip
      drawBars(panel, into: &svg, x: Layout.left, y: y, barWidth: barWidth)
      drawTicks(panel, into: &svg, x: Layout.left, y: y, barWidth: barWidth)
      svg.text("K=\(panel.populations)", x: Layout.left - 8, y: y + Layout.panelHeight / 2, size: 13,
               anchor: .end, bold: true)
      svg.text(Self.shortened(panel.name, to: 26), x: Layout.left - 8, y: y + Layout.panelHeight / 2 + 15,
               size: 9, anchor: .end, fill: "#666666")
    }
    let barsTop = Layout.top + Layout.tickStrip
    let barsBottom = Layout.top + Double(panels.count - 1) * panelStep + Layout.tickStrip + Layout.panelHeight
    // Thin white separators between groups, through every panel.
    var separators = ""
    for group in order.groups.dropFirst() {
      let x = Layout.left + Double(group.start) * barWidth
      separators += "M\(SVGDocument.number(x)) \(SVGDocument.number(barsTop))V\(SVGDocument.number(barsBottom))"
    }
    if !separators.isEmpty { svg.path(separators, stroke: "#ffffff", strokeWidth: 1) }
    if labelled {
      for group in order.groups {
        let x = Layout.left + (Double(group.start) + Double(group.count) / 2) * barWidth
        if fits(group) {
          svg.text(group.label, x: x, y: barsBottom + 15, size: 11, anchor: .middle)
        } else {
          svg.text(group.label, x: x + 3, y: barsBottom + 8, size: 10, anchor: .end, rotation: -60)
        }
      }
    }
    return svg
  }

  /// One panel's bars: per component, in stack order from the bottom, the
  /// area from the top of the bar down to the bottom of that component;
  /// each later one covers the top of the earlier, so each shows its own
  /// band.
  private func drawBars(_ panel: AncestryPanel, into svg: inout SVGDocument, x: Double, y: Double,
                        barWidth: Double) {
    let q = panel.table.proportions
    let stack = panel.stackOrder
    let n = order.individuals.count
    svg.beginGroup(["transform": "translate(\(SVGDocument.number(x)) \(SVGDocument.number(y))) scale(\(barWidth) \(Layout.panelHeight / Layout.units))",
                    "shape-rendering": "crispEdges"])
    // cumulative[i]: the bottom of the component being drawn, in units
    // from the top, for the i-th bar; rounded once per sum so that bands
    // do not drift.
    var cumulative = [Double](repeating: 0, count: n)
    var bottoms: [[Int]] = []
    for column in stack {
      for (position, i) in order.individuals.enumerated() { cumulative[position] += q[i, column] }
      bottoms.append(cumulative.map { Int(($0 * Layout.units).rounded()) })
    }
    for (s, column) in stack.enumerated().reversed() {
      guard s < stack.count - 1 else {
        // The first painted reaches the bottom of every bar.
        svg.path("M0 0V\(Int(Layout.units))h\(n)V0Z", fill: Palette.colour(panel.colours[column]))
        continue
      }
      var d = "M0 0"
      var run = 0
      var last = -1
      for bottom in bottoms[s] {
        if bottom != last {
          if run > 0 { d += "h\(run)" }
          d += "V\(bottom)"
          last = bottom
          run = 0
        }
        run += 1
      }
      d += "h\(run)V0Z"
      svg.path(d, fill: Palette.colour(panel.colours[column]))
    }
    svg.endGroup()
  }

  /// Ticks above the bars of individuals called hybrid in this panel.
  private func drawTicks(_ panel: AncestryPanel, into svg: inout SVGDocument, x: Double, y: Double,
                         barWidth: Double) {
    guard let hybridThreshold, panel.populations >= 2 else { return }
    let hybrids = Set(panel.table.hybrids(threshold: hybridThreshold).map(\.id))
    guard !hybrids.isEmpty else { return }
    var d = ""
    for (position, i) in order.individuals.enumerated() where hybrids.contains(panel.table.individuals[i]) {
      let centre = x + (Double(position) + 0.5) * barWidth
      d += "M\(SVGDocument.number(centre)) \(SVGDocument.number(y - Layout.tickStrip + 1))v5"
    }
    // Thin and dark grey: where most bars are ticked they still read as ticks.
    svg.path(d, stroke: "#333333", strokeWidth: max(0.6, min(barWidth * 0.4, 1.5)))
  }

  /// `text` cut to `length` characters with an ellipsis, keeping its end
  /// (where file names differ).
  static func shortened(_ text: String, to length: Int) -> String {
    text.count <= length ? text : "…" + text.suffix(length - 1)
  }
}
