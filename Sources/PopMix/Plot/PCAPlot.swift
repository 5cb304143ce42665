/// PC1 against PC2, each individual a dot coloured by its group or by one
/// ancestry proportion, beside the share of variance each listed component
/// explains.
public struct PCAPlot: Sendable {
  /// How the dots are coloured.
  public enum Colouring: Sendable {
    /// One palette colour per label, in order of first appearance.
    case groups([String])
    /// A light-to-dark ramp over one proportion per individual, named.
    case proportion([Double], name: String)
    /// One colour.
    case none
  }

  public var components: PCAScores
  public var colouring: Colouring

  public init(components: PCAScores, colouring: Colouring) {
    precondition(components.scores.columns >= 2, "A PCA plot needs two components")
    self.components = components
    self.colouring = colouring
  }

  /// The picture: the scatter, its legend, and the variance curve when
  /// eigenvalues were read.
  public func svg() -> SVGDocument {
    let hasCurve = components.eigenvalues != nil
    var svg = SVGDocument(width: hasCurve ? 960 : 600, height: 460)
    let scores = components.scores
    let pc1 = (0..<scores.rows).map { scores[$0, 0] }, pc2 = (0..<scores.rows).map { scores[$0, 1] }
    let share = components.eigenvalues.map { values in values.map { $0 / max(values.reduce(0, +), .leastNonzeroMagnitude) } }
    let axisName = { (k: Int) -> String in
      guard let share, k < share.count else { return "PC\(k + 1)" }
      return "PC\(k + 1) (\(Format.percent(share[k])) of the listed variance)"
    }
    let frame = ChartFrame(x: 70, y: 40, width: 360, height: 360, xs: pc1, ys: pc2)
    frame.drawAxes(&svg, title: "PC1 against PC2", xTitle: axisName(0), yTitle: axisName(1))
    var legend: [(String, String)] = []
    let colours: [String]
    switch colouring {
    case .groups(let labels):
      var index: [String: Int] = [:]
      for label in labels where index[label] == nil {
        index[label] = index.count
        legend.append((label, Palette.colour(index[label]!)))
      }
      colours = labels.map { Palette.colour(index[$0]!) }
    case .proportion(let values, let name):
      colours = values.map(Palette.ramp)
      legend = [("\(name) = 0", Palette.ramp(0)), ("\(name) = 0.5", Palette.ramp(0.5)), ("\(name) = 1", Palette.ramp(1))]
    case .none:
      colours = [String](repeating: Palette.colour(4), count: scores.rows)
    }
    // A dark rim keeps the ramp's lightest dots visible on white; group
    // colours are strong enough for a white rim, which parts overlapping dots.
    let rim = if case .proportion = colouring { "#555555" } else { "#ffffff" }
    svg.beginGroup(["fill-opacity": "0.85", "stroke": rim, "stroke-width": "0.5"])
    for i in 0..<scores.rows {
      svg.circle(x: frame.px(pc1[i]), y: frame.py(pc2[i]), radius: 3, fill: colours[i])
    }
    svg.endGroup()
    for (row, item) in legend.prefix(24).enumerated() {
      let y = 50 + Double(row) * 15
      svg.rect(x: 442, y: y - 9, width: 10, height: 10, fill: item.1)
      svg.text(AncestryBarPlot.shortened(item.0, to: 16), x: 456, y: y, size: 10)
    }
    if let share {
      let ks = share.indices.map { Double($0 + 1) }
      let curve = ChartFrame(x: 620, y: 40, width: 310, height: 360, xs: ks, ys: share.map { $0 * 100 } + [0])
      curve.drawAxes(&svg, title: "Variance explained", xTitle: "component",
                     yTitle: "% of the listed eigenvalues' sum", integerX: true)
      svg.path(share.enumerated().map { k, value in
        (k == 0 ? "M" : "L") + "\(SVGDocument.number(curve.px(Double(k + 1)))) \(SVGDocument.number(curve.py(value * 100)))"
      }.joined(), stroke: Palette.colour(4), strokeWidth: 2)
      for (k, value) in share.enumerated() {
        svg.circle(x: curve.px(Double(k + 1)), y: curve.py(value * 100), radius: 3.5, fill: Palette.colour(4))
      }
    }
    return svg
  }
}
