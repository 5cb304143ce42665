import Foundation
import Testing
@testable import PopMix

/// The bar plot checked on the picture a real renderer draws
/// (rsvg-convert), and the alignment of colours across panels.
@Suite struct PlotTests {
  typealias Layout = AncestryBarPlot.Layout

  /// A simulated truth: 120 individuals, 3 populations, 12 hybrids.
  static let truth = TestData.simulated(individuals: 120, loci: 60, populations: 3, hybrids: 12, seed: 5)

  static func table(_ q: Matrix, ids: [String]) -> ProportionTable {
    ProportionTable(individuals: ids, populations: TSV.populationNames(q.columns), proportions: q)
  }

  /// `q` with a fourth column: part of column 0 split off for the first
  /// half of the individuals, so K=4 shares three columns with K=3.
  static func splitting(_ q: Matrix) -> Matrix {
    var wider = Matrix(rows: q.rows, columns: q.columns + 1)
    for i in 0..<q.rows {
      for k in 0..<q.columns { wider[i, k] = q[i, k] }
      if i < q.rows / 2 { wider[i, q.columns] = 0.4 * q[i, 0]; wider[i, 0] = 0.6 * q[i, 0] }
    }
    return wider
  }

  /// The share of each palette colour among the pixels of panel `p`'s bar
  /// area that have a palette colour (separators and edges aside).
  static func colourShares(_ image: PNGImage, panel p: Int, individuals n: Int, zoom: Double) -> [String: Double] {
    let step = Layout.tickStrip + Layout.panelHeight + Layout.gap
    let top = Int(((Layout.top + Double(p) * step + Layout.tickStrip) * zoom).rounded(.up))
    let bottom = Int(((Layout.top + Double(p) * step + Layout.tickStrip + Layout.panelHeight) * zoom).rounded(.down))
    let left = Int((Layout.left * zoom).rounded(.up)), right = Int(((Layout.left + Layout.plotWidth(n)) * zoom).rounded(.down))
    let palette = Set(Palette.colours)
    var counts: [String: Int] = [:]
    var total = 0
    for y in top..<bottom {
      for x in left..<right {
        let colour = image.colour(x: x, y: y)
        if palette.contains(colour) { counts[colour, default: 0] += 1; total += 1 }
      }
    }
    return counts.mapValues { Double($0) / Double(total) }
  }

  /// The colour at the middle of individual `position`'s bar, at height
  /// `fraction` of panel `p`.
  static func pixel(_ image: PNGImage, panel p: Int, position: Int, individuals n: Int, fraction: Double,
                    zoom: Double) -> String {
    let step = Layout.tickStrip + Layout.panelHeight + Layout.gap
    let y = (Layout.top + Double(p) * step + Layout.tickStrip + Layout.panelHeight * fraction) * zoom
    let x = (Layout.left + (Double(position) + 0.5) * Layout.plotWidth(n) / Double(n)) * zoom
    return image.colour(x: Int(x), y: Int(y))
  }

  /// The renderer draws each colour over the share of the bar area that
  /// equals the mean proportion of its column. The 1% tolerance is the
  /// issue's; at zoom 2 a panel is 220 pixels high, so rounding each
  /// band's edge to a pixel moves a share by well under 0.5%.
  @Test func colourAreasEqualMeanProportions() throws {
    let q3 = Self.truth.truth.admixtureProportions
    let ids = Self.truth.table.individuals
    let panels = [AncestryPanel(name: "k3", table: Self.table(q3, ids: ids)),
                  AncestryPanel(name: "k4", table: Self.table(Self.splitting(q3), ids: ids))]
    let alignment = PanelAlignment(panels, modeThreshold: 0.02)
    let order = BarOrder(panel: alignment.panels[1], labels: nil)
    let svg = AncestryBarPlot(panels: alignment.panels, order: order, hybridThreshold: 0.9).svg()
    let image = try PNGImage.rendering(svg.rendered(), zoom: 2)
    for (p, panel) in alignment.panels.enumerated() {
      let shares = Self.colourShares(image, panel: p, individuals: ids.count, zoom: 2)
      let means = panel.table.proportions.columnSums().map { $0 / Double(ids.count) }
      for column in 0..<panel.populations {
        let share = shares[Palette.colour(panel.colours[column])] ?? 0
        #expect(abs(share - means[column]) < 0.01,
                "panel \(p) column \(column): \(share) of the area, mean proportion \(means[column])")
      }
    }
  }

  /// Groups appear ordered by their main component's colour, each under
  /// its label, whatever order the labels first appear in.
  @Test func groupsAreOrderedByTheirMainComponent() throws {
    let q = Self.truth.truth.admixtureProportions
    let ids = Self.truth.table.individuals
    // Labels by true main population, named so that neither their file
    // order nor their alphabetical order is the colour order.
    let names = ["zeta", "alpha", "mid"]
    let labels = (0..<q.rows).map { i in names[(0..<3).max { q[i, $0] < q[i, $1] }!] }
    var panel = AncestryPanel(name: "k3", table: Self.table(q, ids: ids))
    panel.colours = [2, 0, 1]
    let order = BarOrder(panel: panel, labels: labels)
    #expect(order.groups.map(\.label) == ["alpha", "mid", "zeta"])
    let svg = AncestryBarPlot(panels: [panel], order: order).svg()
    let text = svg.rendered()
    let image = try PNGImage.rendering(text, zoom: 1)
    let width = Layout.plotWidth(ids.count) / Double(ids.count)
    for group in order.groups {
      // The group's bars are mostly its main colour.
      let main = Palette.colour(panel.colours[names.firstIndex(of: group.label)!])
      let colours = (group.start..<group.start + group.count).map {
        Self.pixel(image, panel: 0, position: $0, individuals: ids.count, fraction: 0.5, zoom: 1)
      }
      #expect(Double(colours.filter { $0 == main }.count) >= 0.8 * Double(group.count), "\(group.label): \(colours)")
      // Its label sits under its span.
      let label = try #require(text.range(of: ">\(group.label)</text>"), "no label \(group.label)")
      let element = text[text[..<label.lowerBound].range(of: "<text", options: .backwards)!.lowerBound..<label.lowerBound]
      let x = try #require(Double(element.split(separator: "\"")[1]))
      #expect(x > Layout.left + Double(group.start) * width && x < Layout.left + Double(group.start + group.count) * width)
    }
    // Within a group, individuals of its main component come first, by
    // their largest proportion, largest first.
    for group in order.groups {
      let main = names.firstIndex(of: group.label)!
      let shares = order.individuals[group.start..<group.start + group.count].map { q[$0, main] }
      let leading = shares.prefix { $0 >= 1.0 / 3 }
      #expect(zip(leading, leading.dropFirst()).allSatisfy { $0 >= $1 }, "\(group.label): \(shares)")
    }
  }

  /// Fits at K=3 and K=4 of one table, the K=4 fit's columns shuffled:
  /// after alignment a pure individual's bar has the same colour in both
  /// panels, and K=4 adds one new colour.
  @Test func coloursAreStableFromKToKPlusOne() throws {
    let data = TestData.simulated(individuals: 60, loci: 300, populations: 3, hybrids: 6, seed: 8)
    let ids = data.table.individuals
    let k3 = try PoissonNMF.fit(data.table, options: FitOptions(populations: 3)).model.admixtureProportions
    let k4 = try PoissonNMF.fit(data.table, options: FitOptions(populations: 4)).model.admixtureProportions
      .selectingColumns([2, 0, 3, 1])
    let alignment = PanelAlignment([AncestryPanel(name: "k4", table: Self.table(k4, ids: ids)),
                                    AncestryPanel(name: "k3", table: Self.table(k3, ids: ids))], modeThreshold: 0.02)
    #expect(alignment.panels.map(\.populations) == [3, 4])
    #expect(Set(alignment.panels[1].colours) == [0, 1, 2, 3])
    let order = BarOrder(panel: alignment.panels[1], labels: nil)
    let image = try PNGImage.rendering(AncestryBarPlot(panels: alignment.panels, order: order).svg().rendered(), zoom: 1)
    var pure = 0, same = 0
    for (position, i) in order.individuals.enumerated() where (0..<3).contains(where: { k3[i, $0] > 0.9 }) {
      pure += 1
      let top = Self.pixel(image, panel: 0, position: position, individuals: ids.count, fraction: 0.5, zoom: 1)
      let bottom = Self.pixel(image, panel: 1, position: position, individuals: ids.count, fraction: 0.5, zoom: 1)
      if top == bottom { same += 1 }
    }
    #expect(pure >= 40)
    // A few pure bars may show the new fourth component at mid-height.
    #expect(Double(same) >= 0.9 * Double(pure), "\(same) of \(pure) pure individuals keep their colour")
  }

  /// Permuted copies of one Q are put back: each copy's column takes the
  /// colour of the original column it holds, and all form one mode.
  @Test func alignmentUndoesPermutations() {
    let data = TestData.simulated(individuals: 50, loci: 20, populations: 5, hybrids: 5, seed: 3)
    let q = data.truth.admixtureProportions
    let ids = data.table.individuals
    let permutations = [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [1, 3, 0, 4, 2], [2, 0, 4, 1, 3]]
    let panels = permutations.enumerated().map {
      AncestryPanel(name: "run\($0.offset)", table: Self.table(q.selectingColumns($0.element), ids: ids))
    }
    let alignment = PanelAlignment(panels, modeThreshold: 0.02)
    for (panel, permutation) in zip(alignment.panels, permutations) {
      #expect(panel.colours == permutation, "\(panel.name)")
    }
    #expect(alignment.modes == [PanelAlignment.Mode(populations: 5, runs: ["run0", "run1", "run2", "run3"], largestRMSE: 0)])
  }

  /// Fits of one table from two seeds agree (one mode, each column the
  /// colour of its partner); a different solution is a mode of its own.
  @Test func runsFromOtherSeedsFormOneMode() throws {
    let data = TestData.simulated(individuals: 60, loci: 300, populations: 3, hybrids: 6, seed: 8)
    let ids = data.table.individuals
    var options = FitOptions(populations: 3)
    options.seed = 1
    let first = try PoissonNMF.fit(data.table, options: options).model.admixtureProportions
    options.seed = 2
    let second = try PoissonNMF.fit(data.table, options: options).model.admixtureProportions.selectingColumns([1, 2, 0])
    // Another solution: every individual's row moved to the next.
    let other = first.selectingRows(Array(1..<first.rows) + [0])
    let alignment = PanelAlignment([AncestryPanel(name: "seed1", table: Self.table(first, ids: ids)),
                                    AncestryPanel(name: "seed2", table: Self.table(second, ids: ids)),
                                    AncestryPanel(name: "other", table: Self.table(other, ids: ids))], modeThreshold: 0.02)
    #expect(alignment.modes.map(\.runs) == [["seed1", "seed2"], ["other"]])
    #expect(alignment.panels[1].colours == [1, 2, 0])
  }

  /// The Hungarian method finds the least-cost assignment that trying
  /// every one finds, on square and wide random costs.
  @Test func assignmentIsOptimal() {
    var random = SystemRandomNumberGenerator()
    func permutations(_ items: [Int], choosing r: Int) -> [[Int]] {
      guard r > 0 else { return [[]] }
      return items.flatMap { first in permutations(items.filter { $0 != first }, choosing: r - 1).map { [first] + $0 } }
    }
    for (rows, columns) in [(1, 1), (3, 3), (4, 6), (5, 5), (2, 6)] {
      for _ in 0..<20 {
        let cost = (0..<rows).map { _ in (0..<columns).map { _ in Double.random(in: 0..<10, using: &random) } }
        let best = permutations(Array(0..<columns), choosing: rows).map { p in p.indices.reduce(0) { $0 + cost[$1][p[$1]] } }.min()!
        let found = ColumnMatching.assignment(cost: cost)
        #expect(Set(found).count == rows && found.allSatisfy { (0..<columns).contains($0) })
        #expect(abs(found.indices.reduce(0) { $0 + cost[$1][found[$1]] } - best) < 1e-9, "\(cost)")
      }
    }
  }

  /// One path per component per panel, whatever the number of individuals.
  @Test func onePathPerComponent() {
    let q = Self.truth.truth.admixtureProportions
    let panel = AncestryPanel(name: "k3", table: Self.table(q, ids: Self.truth.table.individuals))
    let text = AncestryBarPlot(panels: [panel], order: BarOrder(panel: panel, labels: nil), hybridThreshold: nil).svg().rendered()
    #expect(text.components(separatedBy: "<path").count - 1 == 3)
    #expect(!text.contains("<rect x"))
  }
}

@Suite struct PCAPlotTests {
  /// Dots take their group's colour and sit where their scores put them:
  /// group "up" (PC1 > 0, PC2 > 0) is drawn right of and above group
  /// "down". Dots are drawn at 85% opacity over white, so their fill is
  /// the palette colour blended with white, or with another dot where two
  /// overlap; 40 per channel takes both in and stays far from the other
  /// group's colour, the grid and the background.
  @Test func dotsTakeTheirGroupsColourAndPlace() throws {
    let n = 20
    var scores = Matrix(rows: n, columns: 2)
    var labels: [String] = []
    for i in 0..<n {
      let sign = i % 2 == 0 ? 1.0 : -1.0
      scores[i, 0] = sign * (1 + 0.01 * Double(i))
      scores[i, 1] = sign * (2 - 0.01 * Double(i))
      labels.append(sign > 0 ? "up" : "down")
    }
    let components = PCAScores(individuals: (0..<n).map { "i\($0)" }, families: nil, scores: scores, eigenvalues: nil)
    let image = try PNGImage.rendering(PCAPlot(components: components, colouring: .groups(labels)).svg().rendered())
    func blended(_ colour: String) -> (Int, Int, Int) {
      let (r, g, b) = Palette.rgb(colour)
      func mix(_ c: UInt8) -> Int { Int((Double(c) * 0.85 + 255 * 0.15).rounded()) }
      return (mix(r), mix(g), mix(b))
    }
    func centroid(_ colour: String) -> (x: Double, y: Double, count: Int) {
      let target = blended(colour)
      var x = 0.0, y = 0.0, count = 0
      // The scatter's half of the picture: the legend's swatches are opaque.
      for row in 0..<image.height {
        for column in 0..<430 {
          let at = (row * image.width + column) * 3
          let (r, g, b) = (Int(image.rgb[at]), Int(image.rgb[at + 1]), Int(image.rgb[at + 2]))
          if abs(r - target.0) <= 40 && abs(g - target.1) <= 40 && abs(b - target.2) <= 40 {
            x += Double(column); y += Double(row); count += 1
          }
        }
      }
      return (x / Double(max(count, 1)), y / Double(max(count, 1)), count)
    }
    let up = centroid(Palette.colour(0)), down = centroid(Palette.colour(1))
    #expect(up.count > 50 && down.count > 50, "dots of the groups' colours: \(up.count), \(down.count)")
    #expect(up.x > down.x + 200 && up.y < down.y - 200, "up at \(up), down at \(down)")
  }
}

@Suite struct PlotInputTests {
  @Test func readsPlink2EigenvecFilesWithEitherHeader() throws {
    let folder = try TemporaryDirectory()
    try "#FID\tIID\tPC1\tPC2\tPC3\nf1\ta\t0.1\t-0.2\t1e-3\nf2\tb\t-0.3\t0.25\t0\n".write(toFile: folder.path("x.eigenvec"), atomically: true, encoding: .utf8)
    let both = try PCAScores.read(eigenvec: folder.path("x.eigenvec"))
    #expect(both.individuals == ["a", "b"] && both.families == ["f1", "f2"])
    #expect(both.scores == Matrix(rows: 2, columns: 3, elements: [0.1, -0.2, 1e-3, -0.3, 0.25, 0]))
    try "#IID\tPC1\tPC2\na\t1\t2\nb\t3\t4\n".write(toFile: folder.path("y.eigenvec"), atomically: true, encoding: .utf8)
    let iid = try PCAScores.read(eigenvec: folder.path("y.eigenvec"))
    #expect(iid.individuals == ["a", "b"] && iid.families == nil && iid.scores.elements == [1, 2, 3, 4])
    try "#IID\tPC1\tPC2\na\t1\t2\nb\t3\n".write(toFile: folder.path("bad.eigenvec"), atomically: true, encoding: .utf8)
    #expect(throws: PopMixError.self) { try PCAScores.read(eigenvec: folder.path("bad.eigenvec")) }
    do {
      _ = try PCAScores.read(eigenvec: folder.path("bad.eigenvec"))
    } catch let error as PopMixError {
      #expect(error.description.hasPrefix(folder.path("bad.eigenvec") + ":3:"), "\(error)")
    }
    try "5.5\n2\n0.5\n".write(toFile: folder.path("x.eigenval"), atomically: true, encoding: .utf8)
    #expect(try PCAScores.read(eigenval: folder.path("x.eigenval")) == [5.5, 2, 0.5])
  }

  @Test func readsGroupsFromPanelsAndFamFiles() throws {
    let folder = try TemporaryDirectory()
    try "sample\tpop\tsuper_pop\tgender\nHG1\tGBR\tEUR\tmale\nHG2\tYRI\tAFR\tfemale\n"
      .write(toFile: folder.path("panel.txt"), atomically: true, encoding: .utf8)
    #expect(try GroupLabels.read(path: folder.path("panel.txt")).labels == ["HG1": "GBR", "HG2": "YRI"])
    try "north a 0 0 0 -9\nsouth b 0 0 0 -9\n".write(toFile: folder.path("x.fam"), atomically: true, encoding: .utf8)
    let fam = try GroupLabels.read(path: folder.path("x.fam"))
    #expect(fam.labels(for: ["a", "b", "c"]).labels == ["north", "south", "unlabelled"])
    try "a north\na south\n".write(toFile: folder.path("twice.txt"), atomically: true, encoding: .utf8)
    #expect(throws: PopMixError.self) { try GroupLabels.read(path: folder.path("twice.txt")) }
  }
}
