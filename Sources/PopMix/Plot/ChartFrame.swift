import Foundation

/// A rectangle of a picture with x and y axes: maps data to pixels and
/// draws the axes, their ticks and titles.
struct ChartFrame {
  /// The plotting area, in pixels.
  var x: Double, y: Double, width: Double, height: Double
  /// The data ranges shown.
  var xRange: ClosedRange<Double>, yRange: ClosedRange<Double>

  /// A frame whose ranges hold `xs` and `ys` with a little room, widened
  /// to whole tick steps.
  init(x: Double, y: Double, width: Double, height: Double, xs: [Double], ys: [Double]) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    xRange = Self.padded(xs)
    yRange = Self.padded(ys)
  }

  /// The range of `values` with 5% room on each side (a unit around a
  /// single value).
  private static func padded(_ values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return 0...1 }
    if high - low < 1e-12 * max(1, abs(high)) { return (low - 0.5)...(high + 0.5) }
    let room = (high - low) * 0.05
    return (low - room)...(high + room)
  }

  /// The pixel column of data value `value`.
  func px(_ value: Double) -> Double {
    x + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width
  }

  /// The pixel row of data value `value` (up is larger).
  func py(_ value: Double) -> Double {
    y + height - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * height
  }

  /// About `count` round tick values (1, 2 or 5 times a power of ten apart)
  /// inside `range`.
  static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else { return [range.lowerBound] }
    let raw = span / Double(count)
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    var ticks: [Double] = []
    var value = ceil(range.lowerBound / step) * step
    while value <= range.upperBound + step * 1e-9 {
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return ticks
  }

  /// A tick value as text: no more decimals than the step needs.
  static func label(_ value: Double, step: Double) -> String {
    let decimals = max(0, min(6, Int(-floor(log10(step)))))
    if abs(value) >= 1e4 && step >= 1 { return Format.grouped(Int(value.rounded())) }
    return String(format: "%.\(decimals)f", value)
  }

  /// The axes, grid lines, tick labels and titles; `integerX` ticks every
  /// whole x (for K).
  func drawAxes(_ svg: inout SVGDocument, title: String, xTitle: String, yTitle: String, integerX: Bool = false) {
    let yTicks = Self.ticks(yRange)
    let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
    for tick in yTicks {
      svg.line(x1: x, y1: py(tick), x2: x + width, y2: py(tick), stroke: "#e4e4e4")
      svg.text(Self.label(tick, step: yStep), x: x - 5, y: py(tick) + 4, size: 10, anchor: .end)
    }
    let xTicks = integerX
      ? Array(Int(xRange.lowerBound.rounded(.up))...Int(xRange.upperBound.rounded(.down))).map(Double.init)
      : Self.ticks(xRange)
    let xStep = integerX ? 1 : (xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1)
    for tick in xTicks {
      svg.line(x1: px(tick), y1: y + height, x2: px(tick), y2: y + height + 4, stroke: "#444444")
      svg.text(Self.label(tick, step: xStep), x: px(tick), y: y + height + 16, size: 10, anchor: .middle)
    }
    svg.path("M\(SVGDocument.number(x)) \(SVGDocument.number(y))V\(SVGDocument.number(y + height))H\(SVGDocument.number(x + width))",
             stroke: "#444444")
    svg.text(title, x: x + width / 2, y: y - 10, size: 13, anchor: .middle, bold: true)
    svg.text(xTitle, x: x + width / 2, y: y + height + 34, size: 11, anchor: .middle)
    svg.text(yTitle, x: x - 48, y: y + height / 2, size: 11, anchor: .middle, rotation: -90)
  }
}
