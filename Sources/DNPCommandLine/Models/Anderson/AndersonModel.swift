import AndersonDNP
import ArgumentParser
import Foundation

/// The Anderson free-fermion model of the AF paper on the generic pipeline: `steady-state` and `sweep`. Points
/// that share the spectrum keys (L, t, w, boundary, ω_e, seed, sample) share one diagonalization per
/// realization: a work item is one (spectrum, realization) and solves all its points with `solve(reusing:)`
/// (one dense N_e×N_e eigenproblem, so a single item gives BLAS every thread).
enum AndersonModel: DNPModel {
  typealias Sample = AndersonExplicitSample
  typealias Realization = AndersonRecord
  typealias Checkpoint = [AndersonRecord]
  typealias Summary = AndersonPoint

  static let commandName = "anderson"
  static let abstract = "Free fermions on a 3D Anderson lattice (AF paper)."
  static let moreTasks: [any ParsableCommand.Type] = [
    AndersonCommand.DensityOfStates.self, AndersonCommand.Overlap.self,
  ]
  static let pointTask = "steady-state"
  /// The task's name before 0.3.0.
  static let pointTaskAliases = ["polarization"]
  static let pointAbstract =
    "Stationary nuclear polarization (eq. 20), its GOE reference (eq. 23) and localization diagnostics over realizations."
  static let sweepAbstract =
    "P_n and P_n^GOE over the values of one key (sweep_parameter, sweep_values), e.g. hopping."
  static var schema: ConfigSchema { AndersonConfig.schema }
  static var units: [String: String] { AndersonPoint.units }
  static let inner = ExecutionPolicy.InnerParallelism.blas

  static func preparePoint(_ c: inout ResolvedConfig) throws -> Sample? {
    try AndersonConfig.prepare(&c, task: "anderson steady-state", sweeps: false)
  }

  static func prepareSweep(_ c: inout ResolvedConfig) throws -> Sample? {
    try AndersonConfig.prepare(&c, task: "anderson sweep", sweeps: true)
  }

  static func sweepPoints(_ c: ResolvedConfig, sample: Sample?) throws -> (
    parameter: String, points: [ResolvedConfig]
  ) {
    let (parameter, points) = try AndersonConfig.sweep(c, explicit: sample)
    return (parameter, points)
  }

  static func realizationCount(_ c: ResolvedConfig, sample: Sample?) -> Int {
    AndersonConfig.realizations(c, explicit: sample)
  }

  static func memoryPerItem(_ points: [ResolvedConfig]) -> Double {
    AndersonConfig.memoryPerRealization(points)
  }

  static func sharingKey(_ c: ResolvedConfig) -> String? { AndersonConfig.spectrumFingerprint(c) }

  static func beforeRun(_ points: [ResolvedConfig], sample: Sample?, session: RunSession) throws {
    for point in points { try AndersonConfig.checkNucleus(point) }
    if let w = AndersonConfig.degeneracyWarning(points, explicit: sample) { session.warn(w) }
  }

  static func realize(
    _ group: [ResolvedConfig], sample: Sample?, realization r: Int, threads: Int,
    report: @escaping @Sendable (Double) -> Void
  ) throws -> Checkpoint {
    let problems = group.map { AndersonConfig.problem($0, explicit: sample, realization: r) }
    let spectrum = try problems[0].spectrum()
    return try problems.map { AndersonRecord(try $0.solve(reusing: spectrum), realization: r) }
  }

  static func realizations(in checkpoint: Checkpoint) -> [Realization] { checkpoint }

  static func summarize(_ c: ResolvedConfig, sample: Sample?, realizations: [Realization]) -> Summary {
    AndersonPoint(config: c, records: realizations)
  }

  static func writePointOutputs(
    _ point: Summary, config: ResolvedConfig, output: RunOutput, render: (GnuplotFigure) throws -> Void
  ) throws {
    try output.writeCSV(AndersonRunner.realizationTable(point), to: "realizations.csv")
  }

  static func pointReport(_ point: Summary, session: RunSession) -> String {
    let n = point.realizations.count
    return
      "P_n = \(spread(point.nuclearPolarization, point.nuclearPolarizationStd, n: n, meanFormat: "%.6g", stdFormat: "%.2g")) (GOE \(spread(point.nuclearPolarizationGOE, point.nuclearPolarizationGOEStd, n: n, meanFormat: "%.6g", stdFormat: "%.2g"))"
      + String(
        format: ", thermal %.3g), I_2 = %.4g, <r> = %.4f over %d realizations; result in %@",
        point.thermalNuclearPolarization, point.ipr, point.levelSpacingRatio, n,
        session.output.url("result.json").path)
  }

  static func writeSweepOutputs(
    parameter: String, config: ResolvedConfig, sample: Sample?, points: [ResolvedConfig],
    summaries: [Summary], session: RunSession
  ) throws {
    try session.output.writeCSV(
      AndersonRunner.sweepTable(parameter: parameter, points: points, summaries: summaries), to: "sweep.csv")
    var series: [GnuplotFigure.Series] = [
      .init(file: "sweep.csv", x: 1, y: 2, error: 3, title: "Anderson (eq. 21)", style: .errorbars),
      .init(file: "sweep.csv", x: 1, y: 4, error: 5, title: "GOE (eq. 23)", style: .errorbars),
    ]
    if parameter == "hopping" {
      series.append(try AndersonRunner.criticalLine(config, summaries: summaries, session: session))
    }
    try session.plot(
      GnuplotFigure(
        name: "sweep",
        title: "Nuclear polarization vs \(parameter.replacingOccurrences(of: "_", with: " "))",
        xLabel: AndersonConfig.axisLabel(parameter),
        yLabel: "nuclear polarization P_n",
        note:
          "\(AndersonConfig.sizeNote(config)), \(AndersonConfig.realizations(config, explicit: sample)) realizations",
        series: series))
  }
}
