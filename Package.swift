// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "popmix",
  products: [
    .library(name: "PopMix", targets: ["PopMix"]),
    .executable(name: "popmix", targets: ["popmix"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
  ],
  targets: [
    // GSL (libgsl-dev) through a module map and a small shim header.
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]
    ),
    // zlib (zlib1g-dev), for gzip-compressed VCF files.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // The target processor: its features as the C compiler sees them, a spin hint.
    .systemLibrary(name: "CProcessor"),
    // All of popmix's logic: tables, simulation, the model and its fit, reports.
    .target(
      name: "PopMix",
      dependencies: [
        "CGSL",
        "CZlib",
        "CProcessor",
        .product(name: "RealModule", package: "swift-numerics"),
      ]
    ),
    // The command: argument parsing only.
    .executableTarget(
      name: "popmix",
      dependencies: [
        "PopMix",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "PopMixTests",
      dependencies: ["PopMix"]
    ),
    .testTarget(
      name: "PopMixEndToEndTests",
      dependencies: ["PopMix", "popmix"]
    ),
  ]
)
