import Testing
@testable import PopMix

@Suite struct AdmixedReportTests {
  @Test func theReportSplitsAdmixedIndividualsIntoHybridsAndSpread() {
    // a: pure; b: an F1 of two populations; c: a backcross; d: spread over
    // three (its two main populations hold 0.8, less than 0.9).
    let q = Matrix(rows: 4, columns: 3, elements: [0.98, 0.01, 0.01, 0.5, 0.48, 0.02, 0.74, 0.0, 0.26, 0.45, 0.35, 0.2])
    let lines = ProportionTable.shareAndHybridLines(q, individuals: ["a", "b", "c", "d"], threshold: 0.9, qPath: "x.3.Q.tsv")
    #expect(lines.contains("  admixed         3 individuals with largest proportion < 0.9: 2 hybrids of two populations, 1 spread over more (popmix hybrids x.3.Q.tsv)\n"),
            "\(lines)")
    #expect(!lines.contains("  hybrids "))
  }
}
