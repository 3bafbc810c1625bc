import AndersonDNP
import DNPNumerics
import Foundation
import SpinPhysics

/// The nuclear rates of eq. (19) summed over all nuclei (s⁻¹), split as in eq. (C5).
struct AndersonRatesReport: Codable, Sendable {
  var emission: Double
  var absorption: Double
  var hyperfineEmission: Double
  var hyperfineAbsorption: Double
  var polarizationLoss: Double
  var leakageEmission: Double
  var leakageAbsorption: Double

  init(_ r: NuclearRates) {
    emission = r.emission
    absorption = r.absorption
    hyperfineEmission = r.hyperfineEmission
    hyperfineAbsorption = r.hyperfineAbsorption
    polarizationLoss = r.polarizationLoss
    leakageEmission = r.leakageEmission
    leakageAbsorption = r.leakageAbsorption
  }

}

/// One realization as result.json reports it (also the checkpoint of one realization).
struct AndersonRecord: Codable, Sendable {
  var realization: Int
  var nuclearPolarization: Double
  var nuclearPolarizationGOE: Double
  var nuclearPolarizationClosedForm: Double
  var ipr: Double
  var levelSpacingRatio: Double
  /// K(ω_n) per MHz (a density in ω/2π).
  var overlapAtLarmor: Double
  var correlationAtLarmor: Double
  var meanBias: Double
  var bandMinimumMHz: Double
  var bandMaximumMHz: Double
  var rates: AndersonRatesReport
  var ratesGOE: AndersonRatesReport

  init(_ r: AndersonRealization, realization: Int) {
    self.realization = realization
    nuclearPolarization = r.nuclearPolarization
    nuclearPolarizationGOE = r.nuclearPolarizationGOE
    nuclearPolarizationClosedForm = r.nuclearPolarizationClosedForm
    ipr = r.ipr
    levelSpacingRatio = r.levelSpacingRatio
    overlapAtLarmor = r.overlapAtLarmor.overlap * AndersonRunner.megahertz
    correlationAtLarmor = r.overlapAtLarmor.correlation
    meanBias = r.meanBias
    bandMinimumMHz = r.bandMinimum / AndersonRunner.megahertz
    bandMaximumMHz = r.bandMaximum / AndersonRunner.megahertz
    rates = AndersonRatesReport(r.rates)
    ratesGOE = AndersonRatesReport(r.ratesGOE)
  }

}

/// Mean and standard deviation over the finite values (a ratio or C(ω) is NaN when no level pair exists);
/// both NaN when there is none.
func finiteStatistics(_ values: [Double]) -> SampleStatistics {
  var s = SampleStatistics(values.filter(\.isFinite))
  if s.count == 0 { s.standardDeviation = .nan }
  return s
}

/// The summary of one parameter point over its realizations.
struct AndersonPoint: Codable, Sendable {
  var size: Int
  var sites: Int
  var nuclearPolarization: Double
  var nuclearPolarizationStd: Double
  var nuclearPolarizationGOE: Double
  var nuclearPolarizationGOEStd: Double
  var nuclearPolarizationClosedForm: Double
  var nuclearPolarizationClosedFormStd: Double
  var thermalNuclearPolarization: Double
  var ipr: Double
  var iprStd: Double
  var levelSpacingRatio: Double
  var levelSpacingRatioStd: Double
  var overlapAtLarmor: Double
  var overlapAtLarmorStd: Double
  var correlationAtLarmor: Double
  var correlationAtLarmorStd: Double
  var meanBias: Double
  var realizations: [AndersonRecord]

  init(config c: ResolvedConfig, records: [AndersonRecord]) {
    let p = AndersonConfig.parameters(c)
    size = p.linearSize
    sites = p.siteCount
    func stats(_ f: (AndersonRecord) -> Double) -> SampleStatistics { finiteStatistics(records.map(f)) }
    let pn = SampleStatistics(records.map(\.nuclearPolarization))
    let goe = SampleStatistics(records.map(\.nuclearPolarizationGOE))
    let closed = SampleStatistics(records.map(\.nuclearPolarizationClosedForm))
    nuclearPolarization = pn.mean
    nuclearPolarizationStd = pn.standardDeviation
    nuclearPolarizationGOE = goe.mean
    nuclearPolarizationGOEStd = goe.standardDeviation
    nuclearPolarizationClosedForm = closed.mean
    nuclearPolarizationClosedFormStd = closed.standardDeviation
    thermalNuclearPolarization = Thermal.nuclearPolarization(beta: p.beta, omega: p.nuclearLarmor)
    let i2 = stats(\.ipr), r = stats(\.levelSpacingRatio), k = stats(\.overlapAtLarmor),
      cc = stats(\.correlationAtLarmor)
    ipr = i2.mean
    iprStd = i2.standardDeviation
    levelSpacingRatio = r.mean
    levelSpacingRatioStd = r.standardDeviation
    overlapAtLarmor = k.mean
    overlapAtLarmorStd = k.standardDeviation
    correlationAtLarmor = cc.mean
    correlationAtLarmorStd = cc.standardDeviation
    meanBias = stats(\.meanBias).mean
    realizations = records
  }

  static let units: [String: String] = [
    "nuclear_polarization":
      "dimensionless, P_n = 2<I^z> of eq. (20) with the Anderson eigenfunctions (eq. 21)",
    "nuclear_polarization_goe": "dimensionless, P_n of eq. (20) with the GOE correlator (eq. 23)",
    "nuclear_polarization_closed_form":
      "dimensionless, eq. (22) as printed (polarization loss and leakage bias dropped)",
    "thermal_nuclear_polarization": "dimensionless, tanh(beta omega_n / 2)",
    "ipr": "dimensionless, I_2 of eq. (27)",
    "level_spacing_ratio":
      "dimensionless, mean ratio <r> of consecutive level spacings over the central level_spacing_fraction of the spectrum (GOE 0.5307, Poisson 0.3863)",
    "overlap_at_larmor":
      "1/MHz, K(omega_n) of eq. (25) per unit omega/2pi, averaged over |e_b - e_a| in [omega_n - delta, omega_n + delta], delta = overlap_half_width",
    "correlation_at_larmor": "dimensionless, C(omega_n) of eq. (30) in the same window",
    "mean_bias": "dimensionless, N_e^-1 sum_a P_B(e_a) of eq. (11) (positive at equilibrium)",
    "band_minimum_MHz": "MHz, lowest (e_a - omega_e)/2pi",
    "band_maximum_MHz": "MHz, highest (e_a - omega_e)/2pi",
    "rates":
      "1/s, eq. (19) summed over all N_n nuclei, split as in eq. (C5): emission = Omega(omega_n), absorption = Omega(-omega_n)",
    "*_std": "sample standard deviation over realizations (non-finite values skipped)",
  ]
}

/// result.json of `dos`.
struct DensityOfStatesResult: Encodable {
  var energyMHz: [Double]
  var densityPerMHz: [Double]
  var densityStd: [Double]
  var binWidthMHz: Double
  var realizations: Int
  var units = [
    "energy_MHz": "MHz, bin centres of (e - omega_e)/2pi",
    "density_per_MHz": "1/MHz, rho per state and per unit omega/2pi",
  ]
}

/// result.json of `overlap`: K(ω), C(ω) histograms and the values at ω_n.
struct OverlapResult: Codable, Sendable {
  var omegaMHz: [Double]
  var overlapPerMHz: [Double]
  var overlapStd: [Double]
  var correlation: [Double]
  var correlationStd: [Double]
  var overlapAtLarmor: Double
  var correlationAtLarmor: Double
  var ipr: Double
  var realizations: Int
  var units = [
    "omega_MHz":
      "MHz, bin centres of (e_b - e_a)/2pi over all ordered pairs (the a = b terms are the delta(omega) I_2 peak)",
    "overlap_per_MHz": "1/MHz, K(omega) of eq. (25); sum over bins times the bin width is 1 (eq. 26)",
    "correlation": "dimensionless, C(omega) of eq. (30); NaN where no level pair falls in a bin",
    "overlap_at_larmor": "1/MHz, K(omega_n) in the window of overlap_half_width",
    "correlation_at_larmor": "dimensionless, C(omega_n)", "ipr": "dimensionless, I_2 of eq. (27)",
  ]
}
