// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, so the main package's name here is whatever folder the
// clone was made in (`DNPKit`, `main`, …): read it rather than assume it.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .lastPathComponent

// Benchmarks live in their own package so `swift test` in the main package never builds them.
// Run: `make bench` (or `cd Benchmarks && swift package benchmark`).
let package = Package(
  name: "DNPKitBenchmarks",
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // The bare LAPACKE/CBLAS calls, to measure the wrappers' overhead against.
    .systemLibrary(name: "BareLAPACKE", pkgConfig: "openblas"),
    .executableTarget(
      name: "DNPBenchmarks",
      dependencies: [
        "BareLAPACKE",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "DNPNumerics", package: mainPackage),
        .product(name: "MasterEquations", package: mainPackage),
        .product(name: "ThermalMixing", package: mainPackage),
        .product(name: "AndersonDNP", package: mainPackage),
      ],
      path: "Benchmarks/DNPBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    // The Zeno-model steady state for the side-by-side comparison with QuTiP (qutip/run_side_by_side.sh).
    .executableTarget(
      name: "zeno-steady-state",
      dependencies: [
        .product(name: "DNPNumerics", package: mainPackage),
        .product(name: "SpinPhysics", package: mainPackage),
        .product(name: "MasterEquations", package: mainPackage),
        .product(name: "ZenoLocalization", package: mainPackage),
      ],
      path: "Sources/ZenoSteadyState"
    ),
    // The full cross-effect master equation on the 5-spin pentagon, timed against issue 10's targets.
    .executableTarget(
      name: "ce-full-master-equation",
      dependencies: [
        .product(name: "MasterEquations", package: mainPackage),
        .product(name: "CrossEffect", package: mainPackage),
      ],
      path: "Sources/CrossEffectFullMasterEquation"
    ),
    // The cross-effect kinetic Monte Carlo: events/s/core, the paper-scale Fig. 2(e) and a powder average.
    .executableTarget(
      name: "ce-kmc",
      dependencies: [
        .product(name: "DNPNumerics", package: mainPackage),
        .product(name: "CrossEffect", package: mainPackage),
      ],
      path: "Sources/CrossEffectKineticMonteCarlo"
    ),
  ]
)
