import Foundation
import ThermalMixing

/// An ``EigenstateEnsemble`` stored compactly in checkpoints: energies and populations as base64 Float32 (ample
/// for the fit and KL divergence; 8 bytes per state instead of ~60 in JSON text), magnetizations as run lengths.
struct PackedEnsemble: Codable, Sendable {
  var energies: String
  var populations: String
  /// (magnetization, count) runs.
  var magnetizationRuns: [[Double]]

  init(_ e: EigenstateEnsemble) {
    energies = Self.pack(e.relativeEnergies)
    populations = Self.pack(e.populations)
    var runs = [[Double]]()
    for m in e.magnetizations {
      if let last = runs.last, last[0] == m { runs[runs.count - 1][1] += 1 } else { runs.append([m, 1]) }
    }
    magnetizationRuns = runs
  }

  var ensemble: EigenstateEnsemble {
    EigenstateEnsemble(
      relativeEnergies: Self.unpack(energies),
      magnetizations: magnetizationRuns.flatMap { Array(repeating: $0[0], count: Int($0[1])) },
      populations: Self.unpack(populations))
  }

  static func pack(_ x: [Double]) -> String {
    x.map { Float($0) }.withUnsafeBytes { Data($0) }.base64EncodedString()
  }

  static func unpack(_ s: String) -> [Double] {
    guard let data = Data(base64Encoded: s) else { return [] }
    return data.withUnsafeBytes { raw in raw.bindMemory(to: Float.self).map { Double($0) } }
  }
}

/// What one realization contributes, as checkpointed.
struct ThermalMixingRecord: Codable, Sendable {
  var nuclearPolarization: Double
  var electronPolarizations: [Double]
  var offsets: [Double]
  var relativeEnergy: Double
  var magnetization: Double
  var ensemble: PackedEnsemble

  init(_ s: ThermalMixingSolution, sample: ThermalMixingSample) {
    nuclearPolarization = s.nuclearPolarization
    electronPolarizations = s.electronPolarizations
    offsets = sample.offsets
    relativeEnergy = s.relativeEnergy
    magnetization = s.magnetization
    ensemble = PackedEnsemble(s.ensemble)
  }
}
