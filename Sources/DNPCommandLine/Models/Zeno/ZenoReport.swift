import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import ZenoLocalization

/// A value for each dynamics a run computed (the other is left out of result.json).
struct DynamicsPair<T: Codable & Sendable>: Codable, Sendable {
  var hilbert: T?
  var nonsecular: T?

  subscript(_ d: ZenoDynamics) -> T? {
    get { d == .hilbert ? hilbert : nonsecular }
    set { if d == .hilbert { hilbert = newValue } else { nonsecular = newValue } }
  }
}

/// One realization as result.json reports it.
struct ZenoRealizationReport: Codable, Sendable {
  var offsetsMHz: [Double]
  /// 2⟨S^z_i⟩ per spin.
  var polarizations: DynamicsPair<[Double]>
  /// 2⟨S^z_i⟩ of the fitted spin-temperature state of this sample (eq. S78).
  var spinTemperaturePolarizations: DynamicsPair<[Double]>
  /// P^z = (2/N) Σ_i ⟨S^z_i⟩.
  var totalPolarization: DynamicsPair<Double>
  /// Eq. S81 from this realization's profile.
  var nuclearPolarizationEstimate: DynamicsPair<Double>
  var solver: ZenoSolverRecord?
}

/// The spin-temperature fit of eqs. S78–S80 over realizations.
struct ZenoSpinTemperatureReport: Codable, Sendable {
  /// 1/T_s = β_s k_B/ħ.
  var inverseTemperaturePerK: Double
  var spinTemperatureK: Double
  /// (h − ω_MW)/2π.
  var effectiveFieldOffsetFromMicrowaveMHz: Double
  /// h/2π.
  var effectiveFieldGHz: Double

  init(_ t: ZenoSpinTemperature) {
    inverseTemperaturePerK = t.inverseTemperature / PhysicalConstants.inverseTemperature(kelvin: 1)
    spinTemperatureK = 1 / inverseTemperaturePerK
    effectiveFieldOffsetFromMicrowaveMHz = t.fieldOffsetFromMicrowave / ZenoConfig.megahertz
    effectiveFieldGHz = t.effectiveField / (2 * .pi * 1e9)
  }
}

struct StatisticsReport: Codable, Sendable {
  var mean: Double
  var std: Double
  init(_ values: [Double]) {
    let s = SampleStatistics(values)
    mean = s.mean
    std = s.standardDeviation
  }
}

/// The EPR spectra (eq. S63) averaged over realizations, per MHz of ω/2π: their integral over the window is
/// the lines' weight, P^z (eq. S66).
struct ZenoEPRReport: Codable, Sendable {
  /// Bin centres (ω − ω_e)/2π.
  var offsetMHz: [Double]
  var binWidthMHz: Double
  var simulated: DynamicsPair<[Double]>
  /// The spectrum of each sample's fitted spin-temperature state (eq. S64), averaged over the first
  /// ``spinTemperatureRealizations`` realizations.
  var spinTemperature: DynamicsPair<[Double]>
  var spinTemperatureRealizations: Int
  /// The mean over realizations of the lines' total weight (= P^z, eq. S66).
  var totalWeight: DynamicsPair<Double>
}

/// The summary of one parameter point over its realizations.
struct ZenoPoint: Codable, Sendable {
  var electrons: Int
  var thermalPolarization: Double
  var meanPolarization: DynamicsPair<StatisticsReport>
  var nuclearPolarizationEstimate: DynamicsPair<StatisticsReport>
  var spinTemperature: DynamicsPair<ZenoSpinTemperatureReport>
  var eprSpectrum: ZenoEPRReport
  /// Rows [offset (MHz), Hilbert mean, std, spin temperature, nonsecular mean, std, spin temperature, spins].
  var profile: [[Double]]
  /// Counts of 2⟨S^z_i⟩ over every spin of every realization, on equal bins of [−1, 1].
  var histogram: ZenoHistogramReport
  var realizations: [ZenoRealizationReport]
  var warnings: [String]

  static let units: [String: String] = [
    "offsets_MHz": "MHz, Delta_i/2pi",
    "polarizations": "dimensionless, 2<S^z_i> in spin order (thermal is negative)",
    "total_polarization": "dimensionless, P^z = (2/N) sum_i <S^z_i>",
    "thermal_polarization": "dimensionless, -tanh(beta omega_e/2)",
    "inverse_temperature_per_K": "1/K, 1/T_s of the spin-temperature fit (eqs. S78-S80)",
    "spin_temperature_K": "K",
    "effective_field_offset_from_microwave_MHz": "MHz, (h - omega_MW)/2pi",
    "effective_field_GHz": "GHz, h/2pi",
    "epr_spectrum":
      "per MHz of omega/2pi against (omega - omega_e)/2pi in MHz (eq. S63); integral = P^z (eq. S66)",
    "profile":
      "[offset Delta/2pi in MHz (bin centre, or the spin's offset for one realization), Hilbert mean 2<S^z>, std, spin-temperature ansatz, nonsecular mean, std, spin-temperature ansatz, spins in the bin]",
    "solver":
      "iterations: operator applications; residual: |L(rho)|/(|L||rho|); error_estimate: relative error of rho",
  ]

  /// The statistics of `records` (realization r of `c`), the spin-temperature fit of each dynamics over them,
  /// and the ansatz's profile and EPR spectrum.
  /// - Complexity: one sector diagonalization per realization (O(Σ_k C(N, k)³)) for the fit and ansatz, and
  ///   an EPR spectrum for each of the first 100 realizations (N = 10: ~1 s each).
  init(config c: ResolvedConfig, explicit: ZenoSample?, records: [ZenoRecord]) {
    let p = ZenoConfig.parameters(c)
    let n = p.electrons
    let dynamics = ZenoConfig.dynamics(c)
    let toMHz = 1 / ZenoConfig.megahertz
    electrons = n
    thermalPolarization = -tanh(p.beta * p.electronLarmor / 2)
    var warnings = [String]()
    // The fit needs every sample's energies, and the ansatz its eigenstates: the samples are redrawn
    // (stream (seed, r)) and rediagonalized.
    let window = ZenoConfig.eprWindow(c, explicit: explicit)
    let width = c.number("epr_bin_width")
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let models: (Int) throws -> ZenoModel = { r in try ZenoModel(parameters: p, sample: records[r].sample) }
    var fits = DynamicsPair<ZenoSpinTemperature>()
    var ansatz = DynamicsPair<[[Double]]>()
    var ansatzEPR = DynamicsPair<[Double]>()
    let eprCount = min(records.count, 100)
    for d in dynamics {
      do {
        let ensembles = try parallelMap(records.count, threads: threads) { r -> EigenstateEnsemble in
          let model = try models(r)
          return model.ensemble(of: model.eigenbasisState(populations: records[r].state(d)!.populations))
        }
        let fit = try fitZenoSpinTemperature(ensembles, microwaveFrequency: p.microwaveFrequency)
        fits[d] = fit
        let beta = fit.inverseTemperature, eta = -fit.fieldOffsetFromMicrowave
        let perRealization = try parallelMap(records.count, threads: threads) {
          r -> (profile: [Double], epr: [Double]?) in
          let model = try models(r)
          let populations = ensembles[r].ansatzLogPopulations(inverseTemperature: beta, fieldOffset: eta).map(
            exp)
          let basis = model.eigenbasis
          let profile = (0..<n).map { i in
            2
              * zip(populations, basis.eigenstateExpectations(ofDiagonal: SpinOperator.sz(i, spins: n)))
              .reduce(0) { $0 + $1.0 * $1.1 }
          }
          guard r < eprCount else { return (profile, nil) }
          let state = model.eigenbasisState(populations: populations)
          return (profile, try model.eprSpectrum(state, binWidth: width, window: window).spectrum.values)
        }
        ansatz[d] = perRealization.map(\.profile)
        ansatzEPR[d] = Self.meanSpectrum(perRealization.compactMap(\.epr))
      } catch {
        warnings.append("\(d.rawValue): spin-temperature fit or its ansatz failed: \(error)")
      }
    }
    spinTemperature = DynamicsPair(
      hilbert: fits.hilbert.map(ZenoSpinTemperatureReport.init),
      nonsecular: fits.nonsecular.map(ZenoSpinTemperatureReport.init))
    var mean = DynamicsPair<StatisticsReport>(), nuclear = DynamicsPair<StatisticsReport>()
    var simulated = DynamicsPair<[Double]>(), weight = DynamicsPair<Double>()
    for d in dynamics {
      let states = records.map { $0.state(d)! }
      mean[d] = StatisticsReport(states.map(\.polarization))
      // Eq. S81 needs two spins: with one, the estimate is left out.
      let estimates = zip(states, records).compactMap {
        ZenoLocalization.nuclearPolarizationEstimate(polarizations: $0.polarizations, offsets: $1.offsets)
      }
      nuclear[d] = estimates.isEmpty ? nil : StatisticsReport(estimates)
      simulated[d] = Self.meanSpectrum(states.map(\.epr))
      weight[d] = SampleStatistics(states.map(\.eprTotalWeight)).mean
    }
    meanPolarization = mean
    nuclearPolarizationEstimate = nuclear
    let bins = Int(((window.upperBound - window.lowerBound) / width).rounded(.up))
    eprSpectrum = ZenoEPRReport(
      offsetMHz: (0..<bins).map { (window.lowerBound + (Double($0) + 0.5) * width) * toMHz },
      binWidthMHz: width * toMHz, simulated: simulated, spinTemperature: ansatzEPR,
      spinTemperatureRealizations: ansatzEPR.hilbert == nil && ansatzEPR.nonsecular == nil ? 0 : eprCount,
      totalWeight: weight)
    realizations = records.enumerated().map { r, record in
      var report = ZenoRealizationReport(
        offsetsMHz: record.offsets.map { $0 * toMHz }, polarizations: .init(),
        spinTemperaturePolarizations: .init(),
        totalPolarization: .init(), nuclearPolarizationEstimate: .init(), solver: record.solver)
      for d in dynamics {
        let s = record.state(d)!
        report.polarizations[d] = s.polarizations
        report.spinTemperaturePolarizations[d] = ansatz[d]?[r]
        report.totalPolarization[d] = s.polarization
        report.nuclearPolarizationEstimate[d] = ZenoLocalization.nuclearPolarizationEstimate(
          polarizations: s.polarizations, offsets: record.offsets)
      }
      return report
    }
    profile = Self.profile(records, ansatz: ansatz, config: c)
    var histogram = ZenoHistogramReport(
      polarization: Histogram(range: -1...1, bins: 40).centers, counts: .init())
    for d in dynamics {
      let all = records.flatMap { $0.state(d)!.polarizations }
      histogram.counts[d] =
        PolarizationProfile(
          offsets: all.map { _ in 0 }, polarizations: all, offsetRange: 0...0, offsetBins: 1
        )
        .histogram.values
    }
    self.histogram = histogram
    self.warnings = warnings
  }

  /// The mean of spectra f̃ (per rad/s) over realizations, per MHz of ω/2π.
  static func meanSpectrum(_ spectra: [[Double]]) -> [Double] {
    guard let first = spectra.first else { return [] }
    var sum = [Double](repeating: 0, count: first.count)
    for s in spectra { for b in sum.indices { sum[b] += s[b] } }
    let scale: Double = ZenoConfig.megahertz / Double(spectra.count)
    return sum.map { $0 * scale }
  }

  /// The profile rows: one per spin for a single realization, else equal offset bins (one per spin for
  /// equally spaced offsets, 2N over [−Δω_e/2, Δω_e/2] for random ones), empty bins left out.
  static func profile(_ records: [ZenoRecord], ansatz: DynamicsPair<[[Double]]>, config c: ResolvedConfig)
    -> [[Double]]
  {
    let toMHz = 1 / ZenoConfig.megahertz
    let n = records.first?.offsets.count ?? 0
    func values(_ d: ZenoDynamics) -> [Double] { records.flatMap { $0.state(d)?.polarizations ?? [] } }
    func ansatzValues(_ d: ZenoDynamics) -> [Double] { ansatz[d]?.flatMap { $0 } ?? [] }
    let offsets = records.flatMap(\.offsets)
    if records.count == 1 {
      return (0..<n).sorted { offsets[$0] < offsets[$1] }.map { i in
        func at(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs[i] }
        return [
          offsets[i] * toMHz, at(values(.hilbert)), 0, at(ansatzValues(.hilbert)), at(values(.nonsecular)), 0,
          at(ansatzValues(.nonsecular)), 1,
        ]
      }
    }
    let w = c.number("inhomogeneous_width")
    let equally = c.text("offsets") == "equally_spaced" && n > 1
    let pad = equally ? w / Double(2 * (n - 1)) : 0
    let range = (-w / 2 - pad)...(w / 2 + pad)
    let bins = equally ? n : max(1, 2 * n)
    func binned(_ xs: [Double]) -> PolarizationProfile? {
      xs.isEmpty
        ? nil : PolarizationProfile(offsets: offsets, polarizations: xs, offsetRange: range, offsetBins: bins)
    }
    let h = binned(values(.hilbert)), hs = binned(ansatzValues(.hilbert))
    let ns = binned(values(.nonsecular)), nss = binned(ansatzValues(.nonsecular))
    let centres = (h ?? ns)?.offsetCentres ?? []
    return centres.indices.compactMap { k in
      let count = (h ?? ns)!.bins[k].count
      guard count > 0 else { return nil }
      return [
        centres[k] * toMHz, h?.bins[k].mean ?? .nan, h?.bins[k].standardDeviation ?? .nan,
        hs?.bins[k].mean ?? .nan,
        ns?.bins[k].mean ?? .nan, ns?.bins[k].standardDeviation ?? .nan, nss?.bins[k].mean ?? .nan,
        Double(count),
      ]
    }
  }
}

struct ZenoHistogramReport: Codable, Sendable {
  /// Bin centres of 2⟨S^z_i⟩.
  var polarization: [Double]
  var counts: DynamicsPair<[Double]>
}
