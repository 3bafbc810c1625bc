import AndersonDNP
import ArgumentParser
import DNPNumerics
import Foundation
import SpinPhysics

/// `dnp anderson …`: the Anderson free-fermion model of the AF paper.
struct AndersonCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "anderson", abstract: "Free fermions on a 3D Anderson lattice (AF paper).",
    subcommands: [Polarization.self, Sweep.self, DensityOfStates.self, Overlap.self])

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

// MARK: - Records and summaries

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

  enum CodingKeys: String, CodingKey {
    case emission, absorption
    case hyperfineEmission = "hyperfine_emission"
    case hyperfineAbsorption = "hyperfine_absorption"
    case polarizationLoss = "polarization_loss"
    case leakageEmission = "leakage_emission"
    case leakageAbsorption = "leakage_absorption"
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

  enum CodingKeys: String, CodingKey {
    case realization
    case nuclearPolarization = "nuclear_polarization"
    case nuclearPolarizationGOE = "nuclear_polarization_goe"
    case nuclearPolarizationClosedForm = "nuclear_polarization_closed_form"
    case ipr
    case levelSpacingRatio = "level_spacing_ratio"
    case overlapAtLarmor = "overlap_at_larmor"
    case correlationAtLarmor = "correlation_at_larmor"
    case meanBias = "mean_bias"
    case bandMinimumMHz = "band_minimum_MHz"
    case bandMaximumMHz = "band_maximum_MHz"
    case rates
    case ratesGOE = "rates_goe"
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
