import Foundation
import MasterEquations
import ThermalMixing

/// An ``EigenstateEnsemble`` stored compactly in checkpoints: energies and populations as base64 binary doubles
/// (full precision, so a fit over checkpointed realizations equals one over the solver's numbers; 16 bytes per
/// state instead of ~60 in JSON text), magnetizations as run lengths. (Float32 was tried and is not enough: near
/// full electron polarization a 1e-7 error in ⟨S^z⟩ moves the fitted h by ~0.05 MHz.)
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
    x.withUnsafeBytes { Data($0) }.base64EncodedString()
  }

  static func unpack(_ s: String) -> [Double] {
    guard let data = Data(base64Encoded: s) else { return [] }
    return data.withUnsafeBytes { raw in raw.bindMemory(to: Double.self).map { $0 } }
  }
}

/// What one realization contributes, as checkpointed.
struct ThermalMixingRecord: Codable, Sendable {
  var realization: Int
  var nuclearPolarization: Double
  var electronPolarizations: [Double]
  var offsets: [Double]
  var relativeEnergy: Double
  var magnetization: Double
  var ensemble: PackedEnsemble

  init(_ s: ThermalMixingSolution, sample: ThermalMixingSample, realization: Int) {
    self.realization = realization
    nuclearPolarization = s.nuclearPolarization
    electronPolarizations = s.electronPolarizations
    offsets = sample.offsets
    relativeEnergy = s.relativeEnergy
    magnetization = s.magnetization
    ensemble = PackedEnsemble(s.ensemble)
  }
}
