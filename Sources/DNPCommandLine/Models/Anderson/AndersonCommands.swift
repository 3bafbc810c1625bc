import AndersonDNP
import ArgumentParser
import DNPNumerics
import Foundation
import SpinPhysics

/// The tasks of `dnp anderson …` (``ModelCommand``) beyond the generic polarization and sweep.
enum AndersonCommand {
  typealias Polarization = PointCommand<AndersonModel>
  typealias Sweep = SweepCommand<AndersonModel>

  struct DensityOfStates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dos",
      abstract: "Density of states ρ(ε) averaged over realizations (Fig. 2); eigenvalues only.",
      discussion: AndersonConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      var config = try options.resolve(AndersonConfig.schema)
      let explicit = try AndersonConfig.prepare(&config, task: "anderson dos", sweeps: false)
      let spread = try AndersonRunner.spread(config)
      let bins = config.integer("dos_bins")
      let session = try RunSession(task: "anderson dos", options: options, config: config)
      let curve = try await AndersonRunner.densityOfStates(
        session: session, points: [config], explicit: explicit, lower: -spread, upper: spread, bins: bins,
        phase: "realizations")[0]
      let width = 2 * spread / Double(bins)
      let energies = (0..<bins).map { (-spread + (Double($0) + 0.5) * width) / AndersonRunner.megahertz }
      var table = CSVTable(header: ["energy_MHz", "density_per_MHz", "density_std"])
      for k in 0..<bins { table.append([energies[k], curve.mean[k], curve.std[k]]) }
      try session.output.writeCSV(table, to: "dos.csv")
      try session.plot(
        GnuplotFigure(
          name: "dos", title: "Density of states of the 3D Anderson model",
          xLabel: "energy (ε − ω_e)/2π (MHz)", yLabel: "ρ(ε) (1/MHz)",
          note:
            "\(AndersonConfig.sizeNote(config)), t = \(config.text("hopping")), w = \(config.text("disorder_width")), \(curve.realizations) realizations",
          series: [.init(file: "dos.csv", x: 1, y: 2, error: 3, title: "ρ(ε)", style: .errorbars)]))
      try session.writeResult(
        DensityOfStatesResult(
          energyMHz: energies, densityPerMHz: curve.mean, densityStd: curve.std,
          binWidthMHz: width / AndersonRunner.megahertz,
          realizations: curve.realizations),
        seed: UInt64(config.integer("seed")))
      session.report("density of states over \(curve.realizations) realizations written to \(session.output.directory.path)")
    }
  }

  struct Overlap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Eigenfunction overlap K(ω) (eq. 25) and correlation C(ω) (eq. 30) histograms, and their values at ω_n.",
      discussion: AndersonConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      var config = try options.resolve(AndersonConfig.schema)
      let explicit = try AndersonConfig.prepare(&config, task: "anderson overlap", sweeps: false)
      let spread = try AndersonRunner.spread(config)
      let bins = config.integer("overlap_bins")
      let session = try RunSession(task: "anderson overlap", options: options, config: config)
      let result = try await AndersonRunner.overlapFunctions(
        session: session, config: config, explicit: explicit, lower: -2 * spread, upper: 2 * spread,
        bins: bins)
      var table = CSVTable(header: [
        "omega_MHz", "overlap_per_MHz", "overlap_std", "correlation", "correlation_std",
      ])
      for k in 0..<bins {
        table.append([
          result.omegaMHz[k], result.overlapPerMHz[k], result.overlapStd[k], result.correlation[k],
          result.correlationStd[k],
        ])
      }
      try session.output.writeCSV(table, to: "overlap.csv")
      let note =
        "\(AndersonConfig.sizeNote(config)), t = \(config.text("hopping")), w = \(config.text("disorder_width")), \(result.realizations) realizations"
      var k = GnuplotFigure(
        name: "overlap", title: "Eigenfunction overlap function K(ω) (eq. 25)",
        xLabel: "ω/2π = (ε_β − ε_α)/2π (MHz)",
        yLabel: "K(ω) (1/MHz)", note: note,
        series: [.init(file: "overlap.csv", x: 1, y: 2, error: 3, title: "K(ω)", style: .errorbars)])
      k.logY = true
      try session.plot(k)
      var c = GnuplotFigure(
        name: "correlation", title: "Rescaled eigenfunction correlation C(ω) = K(ω)/∫ρ(ε)ρ(ε+ω) (eq. 30)",
        xLabel: "ω/2π = (ε_β − ε_α)/2π (MHz)", yLabel: "C(ω)", note: note,
        series: [.init(file: "overlap.csv", x: 1, y: 4, error: 5, title: "C(ω)", style: .errorbars)])
      c.logY = true
      try session.plot(c)
      try session.writeResult(result, seed: UInt64(config.integer("seed")))
      session.report(
        String(
          format: "K(ω_n) = %.4g /MHz, C(ω_n) = %.4g over %d realizations; written to %@",
          result.overlapAtLarmor,
          result.correlationAtLarmor, result.realizations, session.output.directory.path))
    }
  }
}

// MARK: - Runner

/// The Anderson tasks beyond the generic point and sweep (``AndersonModel``): density of states, overlap
/// functions, and their tables.
enum AndersonRunner {
  /// 2π·10⁶: rad/s per MHz.
  static let megahertz = 2 * Double.pi * 1e6

  /// Mean and std of a histogram over realizations.
  struct Curve: Sendable {
    var mean: [Double]
    var std: [Double]
    var realizations: Int

    init(_ samples: [[Double]]) {
      let bins = samples.first?.count ?? 0
      let columns = (0..<bins).map { k in finiteStatistics(samples.map { $0[k] }) }
      mean = columns.map(\.mean)
      std = columns.map(\.standardDeviation)
      realizations = samples.count
    }
  }

  /// ρ(ε) (per MHz, ε in rad/s bins of [lower, upper)) of each point, averaged over its realizations. Only the
  /// eigenvalues are computed (`dsyevd` without vectors).
  static func densityOfStates(
    session: RunSession, points: [ResolvedConfig], explicit: AndersonExplicitSample?, lower: Double,
    upper: Double,
    bins: Int, phase: String
  ) async throws -> [Curve] {
    let histograms: [[[Double]]] = try await session.mapRealizations(
      counts: points.map { AndersonConfig.realizations($0, explicit: explicit) }, phase: phase,
      label: "density of states", inner: .blas, memoryPerItem: AndersonConfig.memoryPerRealization(points)
    ) { k, r, _, _ in
      let lattice = try AndersonConfig.problem(points[k], explicit: explicit, realization: r).lattice()
      let energies = try lattice.shiftedMatrix().symmetricEigenvalues()
      let h = LocalizationDiagnostics.densityOfStates(
        offsets: energies, lower: lower, upper: upper, bins: bins)
      return h.values.map { $0 * megahertz }
    }
    return histograms.map(Curve.init)
  }

  /// One realization's K(ω), C(ω) histograms and its values at ω_n (checkpoint of `overlap`).
  struct OverlapSample: Codable, Sendable {
    var overlap: [Double]
    var correlation: [Double]
    var overlapAtLarmor: Double
    var correlationAtLarmor: Double
    var ipr: Double
  }

  /// K(ω) (per MHz) and C(ω) on `bins` bins of [lower, upper) (rad/s), averaged over realizations.
  static func overlapFunctions(
    session: RunSession, config: ResolvedConfig, explicit: AndersonExplicitSample?, lower: Double,
    upper: Double,
    bins: Int
  ) async throws -> OverlapResult {
    let count = AndersonConfig.realizations(config, explicit: explicit)
    let p = AndersonConfig.parameters(config)
    let delta = config.number("overlap_half_width")
    if let w = AndersonConfig.degeneracyWarning([config], explicit: explicit) { session.warn(w) }
    let samples: [OverlapSample] = try await session.mapRealizations(
      counts: [count], phase: "realizations", label: "realizations", inner: .blas,
      memoryPerItem: AndersonConfig.memoryPerRealization(config)
    ) { _, r, _, _ in
      let spectrum = try AndersonConfig.problem(config, explicit: explicit, realization: r).spectrum()
      let f = LocalizationDiagnostics.overlapFunctions(spectrum, lower: lower, upper: upper, bins: bins)
      let atLarmor = LocalizationDiagnostics.overlap(
        spectrum, atFrequency: abs(p.nuclearLarmor), halfWidth: delta)
      return OverlapSample(
        overlap: f.overlap.values.map { $0 * megahertz }, correlation: f.correlation.values,
        overlapAtLarmor: atLarmor.overlap * megahertz, correlationAtLarmor: atLarmor.correlation,
        ipr: LocalizationDiagnostics.inverseParticipationRatio(spectrum))
    }[0]
    let k = Curve(samples.map(\.overlap)), c = Curve(samples.map(\.correlation))
    let width = (upper - lower) / Double(bins)
    return OverlapResult(
      omegaMHz: (0..<bins).map { (lower + (Double($0) + 0.5) * width) / megahertz }, overlapPerMHz: k.mean,
      overlapStd: k.std, correlation: c.mean, correlationStd: c.std,
      overlapAtLarmor: finiteStatistics(samples.map(\.overlapAtLarmor)).mean,
      correlationAtLarmor: finiteStatistics(samples.map(\.correlationAtLarmor)).mean,
      ipr: finiteStatistics(samples.map(\.ipr)).mean, realizations: count)
  }

  /// w/2 + 6|t|: the half-width of an interval that holds the whole spectrum.
  static func spread(_ c: ResolvedConfig) throws -> Double {
    let s = c.number("disorder_width") / 2 + 6 * abs(c.number("hopping"))
    guard s > 0 else {
      throw ConfigError(
        "keys 'disorder_width' and 'hopping': both are 0, so the spectrum is one level; give either a positive value"
      )
    }
    return s
  }

  /// Per-realization values of one point.
  static func realizationTable(_ point: AndersonPoint) -> CSVTable {
    var table = CSVTable(header: [
      "realization", "nuclear_polarization", "nuclear_polarization_goe", "nuclear_polarization_closed_form",
      "ipr",
      "level_spacing_ratio", "overlap_at_larmor_per_MHz", "correlation_at_larmor", "mean_bias",
    ])
    for r in point.realizations {
      let values = [
        r.nuclearPolarization, r.nuclearPolarizationGOE, r.nuclearPolarizationClosedForm, r.ipr,
        r.levelSpacingRatio,
        r.overlapAtLarmor, r.correlationAtLarmor, r.meanBias,
      ]
      table.append(text: ["\(r.realization)"] + values.map { "\($0)" })
    }
    return table
  }

  /// The sweep table: swept value, P_n and P_n^GOE (mean, std), closed form, diagnostics.
  static func sweepTable(parameter: String, points: [ResolvedConfig], summaries: [AndersonPoint]) -> CSVTable
  {
    let unit = AndersonConfig.displayUnit(parameter)
    var table = CSVTable(header: [
      AndersonConfig.columnName(parameter), "nuclear_polarization", "nuclear_polarization_std",
      "nuclear_polarization_goe", "nuclear_polarization_goe_std", "nuclear_polarization_closed_form", "ipr",
      "level_spacing_ratio", "overlap_at_larmor_per_MHz", "correlation_at_larmor",
    ])
    for (c, s) in zip(points, summaries) {
      table.append([
        c.number(parameter) / unit.factor, s.nuclearPolarization, s.nuclearPolarizationStd,
        s.nuclearPolarizationGOE,
        s.nuclearPolarizationGOEStd, s.nuclearPolarizationClosedForm, s.ipr, s.levelSpacingRatio,
        s.overlapAtLarmor,
        s.correlationAtLarmor,
      ])
    }
    return table
  }

  /// A vertical line at t_c = w/16.5 spanning [low, high], written to critical.csv, as a plot series.
  static func criticalLine(
    _ c: ResolvedConfig, low: Double, high: Double, file: String = "critical.csv", session: RunSession
  ) throws -> GnuplotFigure.Series {
    let tc = c.number("disorder_width") / 16.5 / megahertz
    var table = CSVTable(header: ["hopping_MHz", "y"])
    table.append([tc, low])
    table.append([tc, high])
    try session.output.writeCSV(table, to: file)
    return .init(
      file: file, x: 1, y: 2, title: String(format: "t_c = w/16.5 = %.2f MHz", tc), style: .lines)
  }

  /// The t_c line spanning the P_n error bars of a sweep.
  static func criticalLine(_ c: ResolvedConfig, summaries: [AndersonPoint], session: RunSession) throws
    -> GnuplotFigure.Series
  {
    let values = summaries.flatMap {
      [
        $0.nuclearPolarization - $0.nuclearPolarizationStd,
        $0.nuclearPolarization + $0.nuclearPolarizationStd,
        $0.nuclearPolarizationGOE - $0.nuclearPolarizationGOEStd,
        $0.nuclearPolarizationGOE + $0.nuclearPolarizationGOEStd,
      ]
    }.filter(\.isFinite)
    return try criticalLine(c, low: values.min() ?? 0, high: values.max() ?? 1, session: session)
  }
}
