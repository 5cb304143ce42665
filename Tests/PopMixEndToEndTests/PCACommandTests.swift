import Foundation
import Testing

/// `popmix pca`, run as a user would run it.
@Suite("PCA command")
struct PCACommandTests {
  @Test("pca --bfile writes PLINK 2's .eigenvec and .eigenval, the same for any --threads")
  func genotypes() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try #require(try workspace.popmix("simulate", "--genotypes", "--individuals", "60", "--loci", "500",
                                      "--seed", "2", "--out", "sim").succeeded)
    let one = try workspace.popmix("pca", "--bfile", "sim", "-k", "3", "--threads", "1", "--out", "one")
    try #require(one.succeeded, "\(one)")
    let two = try workspace.popmix("pca", "--bfile", "sim", "-k", "3", "--threads", "2", "--out", "two")
    try #require(two.succeeded, "\(two)")
    let eigenvec = try workspace.read("one.eigenvec")
    #expect(eigenvec == (try workspace.read("two.eigenvec")))
    #expect(try workspace.read("one.eigenval") == (try workspace.read("two.eigenval")))
    let lines = eigenvec.split(separator: "\n")
    #expect(lines.first == "#FID\tIID\tPC1\tPC2\tPC3")
    let fam = try workspace.read("sim.fam").split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: "\t") }
    #expect(lines.dropFirst().map { $0.split(separator: "\t").prefix(2).joined(separator: "\t") } == fam)
    let eigenvalues = try workspace.read("one.eigenval").split(separator: "\n").compactMap { Double($0) }
    #expect(eigenvalues.count == 3 && eigenvalues == eigenvalues.sorted(by: >))
    #expect(one.stdout.contains("PC3") && one.stdout.contains("%"))
  }

  @Test("pca refuses --components 0 and more components than individuals, writing nothing")
  func badComponents() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.write("t.tsv", "id L1 L2 L3\nA 1 2 0\nB 3 0 1\nC 0 5 2\n")
    let none = try workspace.popmix("pca", "t.tsv", "--components", "0", "--out", "p")
    #expect(none.failedCleanly && none.stderr.contains("--components"), "\(none)")
    let many = try workspace.popmix("pca", "t.tsv", "--components", "4", "--out", "p")
    #expect(many.failedCleanly && many.stderr.contains("--components"), "\(many)")
    #expect(try workspace.listing() == ["t.tsv"])
  }
}
