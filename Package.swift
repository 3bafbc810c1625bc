// swift-tools-version:6.1
import PackageDescription

// MARK: - Layers (see ARCHITECTURE.md): each arrow points to what a layer may import.
//   dnp -> DNPCommandLine -> ThermalMixing, AndersonDNP, ZenoLocalization, CrossEffect -> MasterEquations -> SpinPhysics -> DNPNumerics
//   -> CLAPACK

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "DNPKit",
  products: [
    .library(name: "DNPNumerics", targets: ["DNPNumerics"]),
    .library(name: "SpinPhysics", targets: ["SpinPhysics"]),
    .library(name: "MasterEquations", targets: ["MasterEquations"]),
    .library(name: "ThermalMixing", targets: ["ThermalMixing"]),
    .library(name: "AndersonDNP", targets: ["AndersonDNP"]),
    .library(name: "ZenoLocalization", targets: ["ZenoLocalization"]),
    .library(name: "CrossEffect", targets: ["CrossEffect"]),
    .library(name: "DNPCommandLine", targets: ["DNPCommandLine"]),
    .executable(name: "dnp", targets: ["dnp"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
  ],
  targets: [
    // MARK: - System library shim
    .systemLibrary(
      name: "CLAPACK",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),

    // MARK: - Numerics and physics layers
    .target(
      name: "DNPNumerics",
      dependencies: [
        "CLAPACK", .product(name: "ComplexModule", package: "swift-numerics"),
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: strict,
      linkerSettings: [.linkedLibrary("lapacke")]
    ),
    .target(name: "SpinPhysics", dependencies: ["DNPNumerics"], swiftSettings: strict),
    .target(name: "MasterEquations", dependencies: ["DNPNumerics", "SpinPhysics"], swiftSettings: strict),

    // MARK: - Physical models (one module per paper)
    .target(
      name: "ThermalMixing", dependencies: ["DNPNumerics", "SpinPhysics", "MasterEquations"],
      swiftSettings: strict),
    .target(name: "AndersonDNP", dependencies: ["DNPNumerics", "SpinPhysics"], swiftSettings: strict),
    .target(
      name: "ZenoLocalization", dependencies: ["DNPNumerics", "SpinPhysics", "MasterEquations"],
      swiftSettings: strict),
    .target(
      name: "CrossEffect", dependencies: ["DNPNumerics", "SpinPhysics", "MasterEquations"], swiftSettings: strict),

    // MARK: - Input/output and the executable
    .target(
      name: "DNPCommandLine",
      dependencies: [
        "DNPNumerics", "SpinPhysics", "MasterEquations", "ThermalMixing", "AndersonDNP", "ZenoLocalization",
        "CrossEffect",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(name: "dnp", dependencies: ["DNPCommandLine"], swiftSettings: strict),

    // MARK: - Tests
    .testTarget(name: "DNPNumericsTests", dependencies: ["DNPNumerics"], swiftSettings: strict),
    .testTarget(name: "SpinPhysicsTests", dependencies: ["SpinPhysics"], swiftSettings: strict),
    .testTarget(name: "MasterEquationsTests", dependencies: ["MasterEquations"], swiftSettings: strict),
    .testTarget(name: "ThermalMixingTests", dependencies: ["ThermalMixing"], swiftSettings: strict),
    .testTarget(name: "AndersonDNPTests", dependencies: ["AndersonDNP"], swiftSettings: strict),
    .testTarget(name: "ZenoLocalizationTests", dependencies: ["ZenoLocalization"], swiftSettings: strict),
    .testTarget(name: "CrossEffectTests", dependencies: ["CrossEffect"], swiftSettings: strict),
    .testTarget(
      name: "DNPCommandLineTests",
      dependencies: ["DNPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: strict
    ),
  ]
)
