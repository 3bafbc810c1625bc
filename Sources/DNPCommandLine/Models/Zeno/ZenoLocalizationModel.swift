import ArgumentParser
import Foundation
import ZenoLocalization

/// The Zeno-localization model of the ZL paper on the generic pipeline: `steady-state` and `sweep`, plus the
/// toy model and the phonon bath times. A work item is one realization of one point: the Hilbert and/or
/// nonsecular stationary state of one sample, its profile and EPR spectrum (a nonsecular solve takes the
/// item's threads through BLAS).
enum ZenoLocalizationModel: DNPModel {
  typealias Sample = ZenoSample
  typealias Realization = ZenoRecord
  typealias Checkpoint = ZenoRecord
  typealias Summary = ZenoPoint

  static let commandName = "zeno"
  static let abstract =
    "N electrons under microwaves and a fast bath: Hilbert vs nonsecular steady states, EPR, Zeno localization (ZL paper)."
  static let moreTasks: [any ParsableCommand.Type] = [ZenoCommand.ToyModel.self, ZenoCommand.BathTimes.self]
  static let pointTask = "steady-state"
  static let pointAbstract =
    "Stationary polarization profiles (Hilbert and nonsecular), EPR spectra, spin-temperature fit and P_n estimate over realizations."
  static let sweepAbstract =
    "Mean polarization and the P_n estimate (eq. S81) over the values of one key (sweep_parameter, sweep_values)."
  static var schema: ConfigSchema { ZenoConfig.schema }
  static var units: [String: String] { ZenoPoint.units }
  static let inner = ExecutionPolicy.InnerParallelism.blas

  static func preparePoint(_ c: inout ResolvedConfig) throws -> Sample? {
    try ZenoConfig.prepare(&c, task: .steadyState)
  }

  static func prepareSweep(_ c: inout ResolvedConfig) throws -> Sample? {
    try ZenoConfig.prepare(&c, task: .sweep)
  }

  static func sweepPoints(_ c: ResolvedConfig, sample: Sample?) throws -> (
    parameter: String, points: [ResolvedConfig]
  ) {
    guard let parameter = c.optionalText("sweep_parameter"), let values = c.values["sweep_values"]?.items
    else {
      throw ConfigError(
        "a sweep needs 'sweep_parameter' (a key name) and 'sweep_values' (an array of values)")
    }
    return (parameter, try ZenoConfig.sweepPoints(c, parameter: parameter, values: values, explicit: sample))
  }

  static func realizationCount(_ c: ResolvedConfig, sample: Sample?) -> Int {
    sample == nil ? c.integer("realizations") : 1
  }

  static func memoryPerItem(_ points: [ResolvedConfig]) -> Double {
    points.map {
      ZenoConfig.memoryPerRealization(
        electrons: $0.integer("electrons"), nonsecular: ZenoConfig.dynamics($0).contains(.nonsecular))
    }.max() ?? 0
  }

  static func realize(
    _ group: [ResolvedConfig], sample explicit: Sample?, realization r: Int, threads: Int,
    report: @escaping @Sendable (Double) -> Void
  ) throws -> Checkpoint {
    let c = group[0]
    do {
      return try ZenoRecord(
        config: c, sample: ZenoConfig.sample(c, explicit: explicit, realization: r),
        window: ZenoConfig.eprWindow(c, explicit: explicit), report: report)
    } catch let e as ZenoModelError {
      // The library's refusals of a configuration (e.g. an irradiated spin out of range) are user mistakes.
      throw ConfigError("this configuration cannot be simulated: \(e.message)")
    }
  }

  static func summarize(_ c: ResolvedConfig, sample: Sample?, realizations: [Realization]) -> Summary {
    ZenoPoint(config: c, explicit: sample, records: realizations)
  }

  static func warnings(of summary: Summary) -> [String] { summary.warnings }

  static func writePointOutputs(
    _ point: Summary, config: ResolvedConfig, output: RunOutput, render: (GnuplotFigure) throws -> Void
  ) throws {
    let note =
      "N = \(point.electrons), \(point.realizations.count) realizations, T = \(config.text("temperature"))"
    let mw = ZenoOutputs.microwaveOffsetMHz(config)
    try ZenoOutputs.writeTables(point, prefix: "", output: output, microwaveOffsetMHz: mw)
    try render(
      ZenoOutputs.eprFigure(name: "epr_spectrum", file: "epr_spectrum.csv", title: "EPR spectrum", note: note)
    )
    try render(
      ZenoOutputs.profileFigure(
        name: "profile", file: "profile.csv", title: "Stationary polarization profile", note: note,
        microwaveOffsetMHz: mw, thermal: point.thermalPolarization, microwaveFile: "microwave.csv"))
  }

  static func pointReport(_ point: Summary, session: RunSession) -> String {
    let n = point.realizations.count
    var parts = [String]()
    for d in [ZenoDynamics.hilbert, .nonsecular] {
      guard let m = point.meanPolarization[d] else { continue }
      var part = "\(d.rawValue): P^z = \(spread(m.mean, m.std, n: n, meanFormat: "%.6g", stdFormat: "%.2g"))"
      if let e = point.nuclearPolarizationEstimate[d] {
        part += ", P_n (eq. S81) ≈ \(spread(e.mean, e.std, n: n, meanFormat: "%.4g", stdFormat: "%.2g"))"
      }
      parts.append(part)
    }
    return parts.joined(separator: "; ")
      + String(
        format: " (thermal %.6g); result in %@", point.thermalPolarization,
        session.output.url("result.json").path)
  }

  static func writeSweepOutputs(
    parameter: String, config: ResolvedConfig, sample: Sample?, points: [ResolvedConfig],
    summaries: [Summary], session: RunSession
  ) throws {
    let unit = ZenoConfig.displayUnit(parameter)
    var table = CSVTable(header: [
      unit.symbol.isEmpty ? parameter : "\(parameter)_\(unit.symbol)", "hilbert_polarization", "hilbert_std",
      "nonsecular_polarization", "nonsecular_std", "hilbert_nuclear_estimate", "nonsecular_nuclear_estimate",
    ])
    for (c, s) in zip(points, summaries) {
      table.append([
        c.number(parameter) / unit.factor, s.meanPolarization.hilbert?.mean ?? .nan,
        s.meanPolarization.hilbert?.std ?? .nan, s.meanPolarization.nonsecular?.mean ?? .nan,
        s.meanPolarization.nonsecular?.std ?? .nan, s.nuclearPolarizationEstimate.hilbert?.mean ?? .nan,
        s.nuclearPolarizationEstimate.nonsecular?.mean ?? .nan,
      ])
    }
    try session.output.writeCSV(table, to: "sweep.csv")
    try session.plot(
      GnuplotFigure(
        name: "sweep", title: "Mean electron polarization P^z vs \(parameter)",
        xLabel: ZenoConfig.axisLabel(parameter), yLabel: "P^z = (2/N) Σ <S^z_i>",
        note: "N = \(config.integer("electrons")), \(realizationCount(config, sample: sample)) realizations",
        series: [
          .init(file: "sweep.csv", x: 1, y: 2, error: 3, title: "Hilbert", style: .errorbars),
          .init(file: "sweep.csv", x: 1, y: 4, error: 5, title: "nonsecular", style: .errorbars),
        ]))
  }
}
