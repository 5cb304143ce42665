// swift-tools-version:6.1
// libFuzzer targets for popmix's readers. A package of its own, depending on
// popmix by path, so that the main package's `swift build --build-tests`
// never builds them: they link only with libFuzzer's `main`, which
// `-sanitize=fuzzer` brings. Build and run them with `make fuzz` (see
// docs/fuzzing.md).
import PackageDescription

let package = Package(
  name: "popmix-fuzz",
  dependencies: [
    // Named, so that the product reference below does not depend on the
    // name of the folder the repository is checked out in.
    .package(name: "popmix", path: ".."),
  ],
  targets: [
    // zlib, for the target that compresses its input before reading it.
    // A module of its own name: popmix's CZlib is not a product.
    .systemLibrary(
      name: "CFuzzZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // What every target shares: the scratch files and the oracle.
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "PopMix", package: "popmix")]
    ),
    .executableTarget(name: "FuzzCountTable", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzPLINK", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzVCF", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzVCFGzip", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzVCFGzipped", dependencies: ["FuzzSupport", "CFuzzZlib"]),
  ]
)
