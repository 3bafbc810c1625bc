import ArgumentParser
import CrossEffect
import Foundation

/// The cross-effect model of the CE paper on the generic pipeline: `steady-state` and `sweep`, where a work
/// item is one field orientation of a powder average (one item without a geometry), so `--shard`, `--resume`
/// and `dnp merge` apply. `evolve`, `conditions`, `rates` and `kmc` are its other tasks.
enum CrossEffectCommandModel: DNPModel {
  typealias Sample = CrossEffectInput
  typealias Realization = CrossEffectPolarizations
  typealias Checkpoint = CrossEffectPolarizations
  typealias Summary = CrossEffectSteadyState

  static let commandName = "cross-effect"
  static let abstract =
    "Cross-effect DNP: two electrons and n nuclei, full Lindblad or Zeeman-projected rates, kinetic Monte Carlo (CE paper)."
  static let moreTasks: [any ParsableCommand.Type] = [
    CrossEffectCommand.Evolve.self, CrossEffectCommand.Conditions.self, CrossEffectCommand.Rates.self,
    CrossEffectCommand.KineticMonteCarlo.self,
  ]
  static let pointTask = "steady-state"
  static let pointAbstract =
    "Steady-state polarizations of the electrons and nuclei (method = full or projected; powder-averaged with a geometry)."
  static let sweepAbstract =
    "Steady-state polarizations over the values of one key (sweep_parameter, sweep_values), e.g. electron_coupling."
  static var schema: ConfigSchema { CrossEffectConfig.schema }
  static var units: [String: String] { CrossEffectReport.units }
  static let inner = ExecutionPolicy.InnerParallelism.model

  static func preparePoint(_ c: inout ResolvedConfig) throws -> Sample? {
    try CrossEffectKeyUse.prepare(&c, task: .steadyState)
  }

  static func prepareSweep(_ c: inout ResolvedConfig) throws -> Sample? {
    let input = try CrossEffectKeyUse.prepare(&c, task: .sweep)
    guard let parameter = c.optionalText("sweep_parameter"), c.has("sweep_values") else {
      throw ConfigError(
        "cross-effect sweep needs 'sweep_parameter' (one of \(CrossEffectConfig.sweepable.joined(separator: ", "))) and 'sweep_values'")
    }
    guard CrossEffectConfig.sweepable.contains(parameter) else {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' cannot be swept; sweep one of \(CrossEffectConfig.sweepable.joined(separator: ", "))")
    }
    if case .preset = input {
      if parameter == "nuclear_coupling" && c.text("preset") != "pentagon" {
        throw ConfigError("key 'sweep_parameter': 'nuclear_coupling' is read by the pentagon preset only")
      }
    } else if CrossEffectConfig.presetKeys.contains(parameter) || parameter == "electron_coupling" {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' is fixed by the \(c.has("sample") ? "sample" : "geometry") file; remove it to sweep '\(parameter)'")
    }
    return input
  }

  static func sweepPoints(_ c: ResolvedConfig, sample: Sample?) throws -> (
    parameter: String, points: [ResolvedConfig]
  ) {
    let parameter = c.text("sweep_parameter")
    return (parameter, try (c.values["sweep_values"]?.items ?? []).map { try c.setting(parameter, to: $0) })
  }

  /// One per field orientation with a geometry (`powder_orientations`), else one.
  static func realizationCount(_ c: ResolvedConfig, sample: Sample?) -> Int {
    if case .geometry = sample { return c.integer("powder_orientations") }
    return 1
  }

  static func memoryPerItem(_ points: [ResolvedConfig]) -> Double {
    points.map { CrossEffectConfig.memoryPerItem($0, nuclei: CrossEffectConfig.nucleiUpperBound($0), evolve: false) }
      .max() ?? 0
  }

  /// Builds each point's model once (orientation 0), so that couplings the solver refuses (e.g. a degenerate
  /// pair of Zeeman states with no decay) are a clear error before anything is computed.
  static func beforeRun(_ points: [ResolvedConfig], sample: Sample?, session: RunSession) throws {
    for point in points { try CrossEffectReport.check(point, input: sample ?? .preset) }
  }

  static func realize(
    _ group: [ResolvedConfig], sample: Sample?, realization r: Int, threads: Int,
    report: @escaping @Sendable (Double) -> Void
  ) throws -> Checkpoint {
    let c = group[0]
    let (p, spins) = try (sample ?? .preset).system(c, orientation: r)
    return try CrossEffectSolver.steadyState(p, spins, method: c.text("method"))
  }

  static func summarize(_ c: ResolvedConfig, sample: Sample?, realizations: [Realization]) -> Summary {
    let classes = CrossEffectReport.classes(c, input: sample ?? .preset)
    let mean = CrossEffectPolarizations(
      electrons: PowderMean.vectors(realizations.map(\.electrons)),
      nuclei: PowderMean.vectors(realizations.map(\.nuclei)))
    return CrossEffectSteadyState(
      method: c.text("method"), polarizations: mean, orientations: realizations.count, coreNuclei: classes.core,
      bulkNuclei: classes.bulk, core: NuclearClasses.mean(mean.nuclei, classes.core),
      bulk: NuclearClasses.mean(mean.nuclei, classes.bulk))
  }

  static func writePointOutputs(
    _ s: Summary, config: ResolvedConfig, output: RunOutput, render: (GnuplotFigure) throws -> Void
  ) throws {
    var table = CSVTable(header: ["spin", "kind", "polarization"])
    for (j, v) in s.polarizations.electrons.enumerated() { table.append(text: ["e\(j + 1)", "electron", "\(v)"]) }
    for (k, v) in s.polarizations.nuclei.enumerated() {
      table.append(text: ["n\(k + 1)", s.coreNuclei.contains(k) ? "core" : "bulk", "\(v)"])
    }
    try output.writeCSV(table, to: "steady_state.csv")
  }

  static func pointReport(_ s: Summary, session: RunSession) -> String {
    "steady state (\(s.method)): electrons \(CrossEffectReport.list(s.polarizations.electrons)), nuclei \(CrossEffectReport.list(s.polarizations.nuclei)) (relative to p; \(s.orientations) orientation\(s.orientations == 1 ? "" : "s")); result in \(session.output.url("result.json").path)"
  }

  static func writeSweepOutputs(
    parameter: String, config: ResolvedConfig, sample: Sample?, points: [ResolvedConfig],
    summaries: [Summary], session: RunSession
  ) throws {
    let n = summaries.first?.polarizations.nuclei.count ?? 0
    let axis = CrossEffectReport.axis(parameter)
    var table = CSVTable(header: [axis.column, "P_e1", "P_e2"] + (0..<n).map { "P_n\($0 + 1)" })
    for (c, s) in zip(points, summaries) {
      table.append([axis.value(c)] + s.polarizations.electrons + s.polarizations.nuclei)
    }
    try session.output.writeCSV(table, to: "sweep.csv")
    var figure = GnuplotFigure(
      name: "sweep", title: "Steady-state polarizations vs \(parameter.replacingOccurrences(of: "_", with: " "))",
      xLabel: axis.label, yLabel: "polarization relative to p (−2⟨S_z⟩/p)",
      note: "method = \(config.text("method"))",
      series: (0..<(2 + n)).map {
        .init(file: "sweep.csv", x: 1, y: 2 + $0, title: $0 < 2 ? "electron \($0 + 1)" : "nucleus \($0 - 1)", style: .linespoints)
      })
    figure.logX = axis.logarithmic && points.allSatisfy { axis.value($0) > 0 }
    try session.plot(figure)
  }
}

/// result.json of `steady-state` (and one point of `sweep`).
struct CrossEffectSteadyState: Codable, Sendable {
  var method: String
  var polarizations: CrossEffectPolarizations
  /// Field orientations averaged (equal weights).
  var orientations: Int
  var coreNuclei: [Int]
  var bulkNuclei: [Int]
  /// Mean nuclear polarization over the core and the bulk nuclei (nil where there are none).
  var core: Double?
  var bulk: Double?
}
