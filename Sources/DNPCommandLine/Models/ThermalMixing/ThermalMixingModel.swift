import ArgumentParser
import Foundation
import ThermalMixing

/// The thermal-mixing model of the TM paper on the generic pipeline: `steady-state` and `sweep`.
enum ThermalMixingModel: DNPModel {
  typealias Sample = ThermalMixingSample
  typealias Realization = ThermalMixingRecord
  typealias Checkpoint = ThermalMixingRecord
  typealias Summary = ThermalMixingPoint

  static let commandName = "thermal-mixing"
  static let abstract =
    "N electrons + 1 nucleus: exact diagonalization, master equation, spin temperature (TM paper)."
  static let moreTasks: [any ParsableCommand.Type] = [
    ThermalMixingCommand.SpinTemperatureTask.self, ThermalMixingCommand.ETH.self,
  ]
  static let pointTask = "steady-state"
  static let pointAbstract = "Stationary nuclear and electron polarizations over realizations."
  static let sweepAbstract =
    "P_n over the values of one key (sweep_parameter, sweep_values), with fit and perturbative curves."
  static var schema: ConfigSchema { ThermalMixingConfig.schema }
  static var units: [String: String] { ThermalMixingPoint.units }
  static let inner = ExecutionPolicy.InnerParallelism.model

  static func preparePoint(_ c: inout ResolvedConfig) throws -> Sample? {
    try ThermalMixingConfig.prepare(&c, task: .steadyState)
  }

  static func prepareSweep(_ c: inout ResolvedConfig) throws -> Sample? {
    try ThermalMixingConfig.prepare(&c, task: .sweep)
  }

  static func sweepPoints(_ c: ResolvedConfig, sample: Sample?) throws -> (
    parameter: String, points: [ResolvedConfig]
  ) {
    guard let parameter = c.optionalText("sweep_parameter"), c.has("sweep_values") else {
      throw ConfigError(
        "a sweep needs 'sweep_parameter' (a key name) and 'sweep_values' (an array of values)")
    }
    return (
      parameter,
      try ThermalMixingRunner.sweepPoints(
        c, parameter: parameter, values: c.values["sweep_values"]!.items, explicit: sample)
    )
  }

  static func realizationCount(_ c: ResolvedConfig, sample: Sample?) -> Int {
    sample == nil ? c.integer("realizations") : 1
  }

  static func memoryPerItem(_ points: [ResolvedConfig]) -> Double {
    ThermalMixingConfig.memoryPerRealization(electrons: points.map { $0.integer("electrons") }.max() ?? 1)
  }

  static func realize(
    _ group: [ResolvedConfig], sample explicit: Sample?, realization r: Int, threads: Int,
    report: @escaping @Sendable (Double) -> Void
  ) throws -> Checkpoint {
    let config = group[0]
    let sample = ThermalMixingConfig.sample(config, explicit: explicit, realization: r)
    var problem = ThermalMixingProblem(
      parameters: ThermalMixingConfig.parameters(config), sample: sample, threads: threads)
    problem.progress = report
    return ThermalMixingRecord(try problem.stationaryState(), sample: sample, realization: r)
  }

  static func summarize(_ c: ResolvedConfig, sample: Sample?, realizations: [Realization]) -> Summary {
    ThermalMixingPoint(config: c, explicit: sample, records: realizations)
  }

  static func warnings(of summary: Summary) -> [String] { summary.warnings }

  /// The electron polarization profile with the two spin-temperature curves `−tanh(β_s(ω + h)/2)`.
  static func writePointOutputs(
    _ point: Summary, config: ResolvedConfig, output: RunOutput, render: (GnuplotFigure) throws -> Void
  ) throws {
    var table = CSVTable(header: ["offset_MHz", "electron_polarization", "std", "fit", "perturbative"])
    for row in point.electronProfile { table.append(row) }
    try output.writeCSV(table, to: "electron_profile.csv")
    try render(
      GnuplotFigure(
        name: "electron_profile", title: "Stationary electron polarization profile",
        xLabel: "offset Δ_i/2π (MHz)", yLabel: "P_e = 2<S^z_i>",
        note: "N = \(config.integer("electrons")), \(point.realizations.count) realizations",
        series: [
          .init(file: "electron_profile.csv", x: 1, y: 2, error: 3, title: "simulation", style: .errorbars),
          .init(file: "electron_profile.csv", x: 1, y: 4, title: "spin temperature (fit)", style: .lines),
          .init(
            file: "electron_profile.csv", x: 1, y: 5, title: "spin temperature (perturbative)",
            style: .lines),
        ]))
  }

  static func pointReport(_ point: Summary, session: RunSession) -> String {
    "P_n = \(spread(point.nuclearPolarization, point.nuclearPolarizationStd, n: point.realizations.count))"
      + String(
        format: " (thermal %.6f); result in %@", point.thermalNuclearPolarization,
        session.output.url("result.json").path)
  }

  static func writeSweepOutputs(
    parameter: String, config: ResolvedConfig, sample: Sample?, points: [ResolvedConfig],
    summaries: [Summary], session: RunSession
  ) throws {
    try session.output.writeCSV(
      ThermalMixingRunner.sweepTable(parameter: parameter, points: points, summaries: summaries),
      to: "sweep.csv")
    try session.plot(
      ThermalMixingFigures.polarizationFigure(
        name: "sweep", title: "Nuclear polarization vs \(parameter)",
        xLabel: ThermalMixingRunner.axisLabel(parameter),
        note:
          "N = \(config.integer("electrons")), \(realizationCount(config, sample: sample)) realizations",
        files: [("sweep.csv", "")]))
  }
}
