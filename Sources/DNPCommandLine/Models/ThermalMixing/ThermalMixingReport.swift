import DNPNumerics
import Foundation
import SpinPhysics
import ThermalMixing

/// A spin temperature as result.json reports it (keys: ``ReportKey``).
struct SpinTemperatureReport: Codable, Sendable {
  var inverseTemperaturePerK: Double
  var effectiveFieldMHz: Double
  /// (h + ω_MW)/2π: the effective field's small offset from the microwave frequency.
  var effectiveFieldOffsetFromMicrowaveMHz: Double
  var predictedNuclearPolarization: Double
  var method: String

  init(_ t: SpinTemperature, microwaveFrequency: Double) {
    inverseTemperaturePerK = t.inverseTemperaturePerKelvin
    effectiveFieldMHz = t.effectiveFieldMHz
    effectiveFieldOffsetFromMicrowaveMHz = t.fieldOffsetMHz(from: microwaveFrequency)
    predictedNuclearPolarization = t.predictedNuclearPolarization
    method = t.method.description
  }
}

struct SpinTemperaturePair: Codable, Sendable {
  var fit: SpinTemperatureReport?
  var perturbative: SpinTemperatureReport?
}

/// One realization as result.json reports it (`realizations` of a point).
struct ThermalMixingRealizationReport: Codable, Sendable {
  /// The realization index r (stream (seed, r)), as in every model's report.
  var realization: Int
  var nuclearPolarization: Double
  var electronPolarizations: [Double]
  var energy: Double
  var magnetization: Double
  var klDivergence: Double?
}

/// The summary of one parameter point: realization statistics plus both spin temperatures.
struct ThermalMixingPoint: Codable, Sendable {
  var nuclearPolarization: Double
  var nuclearPolarizationStd: Double
  var thermalNuclearPolarization: Double
  var klDivergenceMean: Double?
  var spinTemperature: SpinTemperaturePair
  var realizations: [ThermalMixingRealizationReport]
  /// Mean 2⟨S^z_i⟩ per electron and its offset Δ_i/2π (MHz), for the polarization profile.
  var electronProfile: [[Double]]
  /// The coupling scale U the perturbative theory used (the configured U, or the samples' mean-field U).
  var perturbativeDipolarStrengthMHz: Double
  var warnings: [String]

  static let units: [String: String] = [
    "nuclear_polarization": "dimensionless, 2<I^z>",
    "electron_polarizations": "dimensionless, 2<S^z_i>, in sample order",
    "energy": "MHz (<H> - omega_e <S^z>)/2pi: energy in the frame rotating at omega_e",
    "magnetization": "dimensionless, total electron <S^z>",
    "inverse_temperature_per_K": "1/K",
    "effective_field_MHz": "MHz, h/2pi",
    "electron_profile":
      "[offset Delta_i/2pi in MHz, mean 2<S^z_i>, std, fit ansatz -tanh(beta_s(omega+h)/2), perturbative ansatz]",
  ]

  /// Summarizes the realizations of one point: fit over all ensembles, perturbative estimate, KL divergences.
  init(config c: ResolvedConfig, explicit: ThermalMixingSample?, records: [ThermalMixingRecord]) {
    let p = ThermalMixingConfig.parameters(c)
    let stats = SampleStatistics(records.map(\.nuclearPolarization))
    nuclearPolarization = stats.mean
    nuclearPolarizationStd = stats.standardDeviation
    thermalNuclearPolarization = Thermal.nuclearPolarization(beta: p.beta, omega: p.nuclearLarmor)
    var warnings = [String]()
    let ensembles = records.map(\.ensemble.ensemble)
    var analysis: ThermalMixingEnsembleAnalysis?
    do { analysis = try ThermalMixingEnsembleAnalysis(ensembles: ensembles, parameters: p) } catch {
      warnings.append("spin-temperature fit failed: \(error)")
    }
    let fit = analysis?.fit
    var perturbative: SpinTemperature?
    let meanField = ThermalMixingConfig.perturbativeParameters(c, explicit: explicit)
    perturbativeDipolarStrengthMHz = meanField.dipolarStrength / (2 * .pi * 1e6)
    do { perturbative = try ThermalMixingConfig.perturbativeSpinTemperature(c, explicit: explicit) } catch {
      warnings.append("perturbative spin temperature failed: \(error)")
    }
    let kl = analysis?.klDivergences
    klDivergenceMean = analysis?.meanKLDivergence
    spinTemperature = SpinTemperaturePair(
      fit: fit.map { SpinTemperatureReport($0, microwaveFrequency: p.microwaveFrequency) },
      perturbative: perturbative.map { SpinTemperatureReport($0, microwaveFrequency: p.microwaveFrequency) })
    let toMHz = 1 / (2 * Double.pi * 1e6)
    realizations = records.enumerated().map { i, r in
      ThermalMixingRealizationReport(
        realization: r.realization, nuclearPolarization: r.nuclearPolarization, electronPolarizations: r.electronPolarizations,
        energy: r.relativeEnergy * toMHz, magnetization: r.magnetization, klDivergence: kl?[i])
    }
    electronProfile = (0..<p.electrons).map { i in
      let s = SampleStatistics(records.map { $0.electronPolarizations[i] })
      let offset = SampleStatistics(records.map { $0.offsets[i] }).mean
      func ansatz(_ t: SpinTemperature?) -> Double {
        t?.electronPolarization(offset: offset, from: p.electronLarmor) ?? .nan
      }
      return [offset * toMHz, s.mean, s.standardDeviation, ansatz(fit), ansatz(perturbative)]
    }
    self.warnings = warnings
  }
}
