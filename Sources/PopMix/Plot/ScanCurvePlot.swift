/// The scan's curves against K: the held-out score with ±1 standard error
/// bars, and the full-data log-likelihood; the chosen K marked on both.
public struct ScanCurvePlot: Sendable {
  /// One K's figures.
  public struct Point: Sendable, Equatable {
    public var populations: Int
    /// The held-out score as the user reads it (a deviance for genotypes).
    public var heldOut: Double
    public var standardError: Double
    public var logLikelihood: Double
    public init(populations: Int, heldOut: Double, standardError: Double, logLikelihood: Double) {
      self.populations = populations
      self.heldOut = heldOut
      self.standardError = standardError
      self.logLikelihood = logLikelihood
    }
  }

  public var points: [Point]
  /// The K the scan chose.
  public var chosen: Int
  /// What the held-out score is, for the axis ("log-likelihood per held-out entry").
  public var heldOutMeasure: String

  public init(points: [Point], chosen: Int, heldOutMeasure: String) {
    precondition(!points.isEmpty, "A scan curve needs a point")
    self.points = points
    self.chosen = chosen
    self.heldOutMeasure = heldOutMeasure
  }

  /// The picture: two charts side by side.
  public func svg() -> SVGDocument {
    var svg = SVGDocument(width: 900, height: 330)
    let ks = points.map { Double($0.populations) }
    let low = points.map { $0.heldOut - $0.standardError }, high = points.map { $0.heldOut + $0.standardError }
    let left = ChartFrame(x: 80, y: 40, width: 330, height: 230, xs: ks, ys: low + high)
    left.drawAxes(&svg, title: "Held-out score (mean ± 1 SE over folds)", xTitle: "K (populations)",
                  yTitle: heldOutMeasure, integerX: true)
    drawChosen(left, into: &svg)
    var errorBars = "", line = ""
    for (index, point) in points.enumerated() {
      let x = left.px(Double(point.populations))
      errorBars += "M\(SVGDocument.number(x)) \(SVGDocument.number(left.py(low[index])))V\(SVGDocument.number(left.py(high[index])))"
      errorBars += "M\(SVGDocument.number(x - 4)) \(SVGDocument.number(left.py(low[index])))h8"
      errorBars += "M\(SVGDocument.number(x - 4)) \(SVGDocument.number(left.py(high[index])))h8"
      line += (index == 0 ? "M" : "L") + "\(SVGDocument.number(x)) \(SVGDocument.number(left.py(point.heldOut)))"
    }
    svg.path(line, stroke: Palette.colour(4), strokeWidth: 2)
    svg.path(errorBars, stroke: "#333333", strokeWidth: 1.2)
    for point in points {
      svg.circle(x: left.px(Double(point.populations)), y: left.py(point.heldOut), radius: 4,
                 fill: point.populations == chosen ? Palette.colour(5) : Palette.colour(4))
    }
    let right = ChartFrame(x: 540, y: 40, width: 330, height: 230, xs: ks, ys: points.map(\.logLikelihood))
    right.drawAxes(&svg, title: "Log-likelihood of the full data", xTitle: "K (populations)",
                   yTitle: "log-likelihood", integerX: true)
    drawChosen(right, into: &svg)
    svg.path(points.enumerated().map { index, point in
      (index == 0 ? "M" : "L") + "\(SVGDocument.number(right.px(Double(point.populations)))) \(SVGDocument.number(right.py(point.logLikelihood)))"
    }.joined(), stroke: Palette.colour(2), strokeWidth: 2)
    for point in points {
      svg.circle(x: right.px(Double(point.populations)), y: right.py(point.logLikelihood), radius: 4,
                 fill: point.populations == chosen ? Palette.colour(5) : Palette.colour(2))
    }
    return svg
  }

  /// A dashed line at the chosen K, labelled.
  private func drawChosen(_ frame: ChartFrame, into svg: inout SVGDocument) {
    let x = frame.px(Double(chosen))
    svg.line(x1: x, y1: frame.y, x2: x, y2: frame.y + frame.height, stroke: Palette.colour(5), width: 1.2, dashed: true)
    // At the bottom: the curves peak near the chosen K, so there is room below.
    svg.text("chosen K=\(chosen)", x: x + 4, y: frame.y + frame.height - 6, size: 10, fill: Palette.colour(5))
  }
}
