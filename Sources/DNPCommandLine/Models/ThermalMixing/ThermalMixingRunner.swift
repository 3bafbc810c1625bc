import Foundation
import ThermalMixing

/// Sweep helpers of the thermal-mixing model (its runs go through ``EnsembleRunner``).
enum ThermalMixingRunner {
  /// The unit a swept key is shown in on plots and in CSV tables.
  static func displayUnit(_ key: String) -> (symbol: String, factor: Double) {
    switch key {
    case "electron_larmor", "microwave_frequency": return ("GHz", 2 * .pi * 1e9)
    case "t2e": return ("us", 1e-6)
    case "t1e": return ("s", 1)
    case "temperature": return ("K", 1)
    case "concentration": return ("mM", 1)
    case "field": return ("T", 1)
    case "electrons", "realizations", "seed": return ("", 1)
    default: return ("MHz", 2 * .pi * 1e6)
    }
  }

  /// Configs for each value of a sweep.
  static func sweepPoints(
    _ c: ResolvedConfig, parameter: String, values: [ConfigValue], explicit: ThermalMixingSample? = nil
  ) throws -> [ResolvedConfig] {
    guard ThermalMixingConfig.sweepable.contains(parameter) else {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' cannot be swept; expected one of \(ThermalMixingConfig.sweepable.joined(separator: ", "))"
      )
    }
    try ThermalMixingConfig.checkSweep(parameter, c, explicit: explicit)
    return try values.map {
      let point = try ThermalMixingConfig.at(c, parameter: parameter, value: $0)
      try ThermalMixingConfig.checkLimits(point, explicit: explicit)
      return point
    }
  }

  /// The sweep table: swept value, simulated P_n (mean, std), fit and perturbative predictions, KL mean.
  static func sweepTable(parameter: String, points: [ResolvedConfig], summaries: [ThermalMixingPoint])
    -> CSVTable
  {
    let unit = displayUnit(parameter)
    let name = unit.symbol.isEmpty ? parameter : "\(parameter)_\(unit.symbol)"
    var table = CSVTable(header: [
      name, "nuclear_polarization", "nuclear_polarization_std", "fit_nuclear_polarization",
      "perturbative_nuclear_polarization", "kl_divergence_mean", "fit_inverse_temperature_per_K",
      "perturbative_inverse_temperature_per_K",
    ])
    for (c, s) in zip(points, summaries) {
      table.append([
        c.number(parameter) / unit.factor, s.nuclearPolarization, s.nuclearPolarizationStd,
        s.spinTemperature.fit?.predictedNuclearPolarization ?? .nan,
        s.spinTemperature.perturbative?.predictedNuclearPolarization ?? .nan, s.klDivergenceMean ?? .nan,
        s.spinTemperature.fit?.inverseTemperaturePerK ?? .nan,
        s.spinTemperature.perturbative?.inverseTemperaturePerK ?? .nan,
      ])
    }
    return table
  }

  static func axisLabel(_ parameter: String) -> String {
    let unit = displayUnit(parameter).symbol
    return unit.isEmpty ? parameter : "\(parameter) (\(unit))"
  }
}
