// swift-tools-version:6.1
import PackageDescription

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
        .product(name: "DNPNumerics", package: "main"),
        .product(name: "MasterEquations", package: "main"),
        .product(name: "ThermalMixing", package: "main"),
        .product(name: "AndersonDNP", package: "main"),
      ],
      path: "Benchmarks/DNPBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    // The Zeno-model steady state for the side-by-side comparison with QuTiP (qutip/run_side_by_side.sh).
    .executableTarget(
      name: "zeno-steady-state",
      dependencies: [
        .product(name: "DNPNumerics", package: "main"),
        .product(name: "SpinPhysics", package: "main"),
        .product(name: "MasterEquations", package: "main"),
      ],
      path: "Sources/ZenoSteadyState"
    ),
  ]
)
