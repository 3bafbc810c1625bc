import AndersonDNP
import DNPNumerics
import Foundation

/// The figures of the AF paper for `dnp reproduce`, each a sweep over the hopping t with its plot. Quick scale
/// runs in under a minute on two cores (L = 8–12, 5–20 realizations, 8 values of t); paper scale uses the
/// paper's L = 18 (Figs. 3–4), L = 20 (Fig. 7), L = 8 (Fig. 2) and 60 realizations (Fig. 7's caption says ten:
/// `--set realizations=10`). The scale sets `size`, `realizations` and `sweep_values` (the t values) unless the
/// config file or `--set` gives them; one diagonalization per (t, realization) serves every curve of a figure.
enum AndersonFigures {
  static let recipes: [FigureRecipe] = [
    recipe("anderson-fig2", presets: { paper in
      ["size=8", "realizations=\(paper ? 60 : 20)", "sweep_values=\(list([1, 5, 8, 14]))"]
    }) { f, start in
      let spread = try AndersonRunner.spread(f.hoppings[maxIndex(f.hoppings)])
      try await densityOfStatesFigure(f, spread: spread, session: try start())
    },
    recipe("anderson-fig3", presets: { paper in
      ["size=\(paper ? 18 : 10)", "realizations=\(paper ? 60 : 16)", "sweep_values=\(hoppings(paper))"]
    }) { f, start in try await goeComparisonFigure(f, session: try start()) },
    recipe("anderson-fig4", presets: { paper in
      ["size=\(paper ? 18 : 10)", "realizations=\(paper ? 60 : 10)", "sweep_values=\(hoppings(paper))"]
    }) { f, start in
      let families = try frequencyFamilies(f)
      try await frequencyFigure(f, families: families, session: try start())
    },
    recipe("anderson-fig7", presets: { paper in
      ["size=\(paper ? 20 : 12)", "realizations=\(paper ? 60 : 5)", "sweep_values=\(hoppings(paper))"]
    }) { f, start in try await correlationFigure(f, session: try start()) },
  ]

  static var names: [String] { recipes.map(\.name) }

  /// Fig. 4 (left): ω_MW − ω_e in MHz, steps of 10 MHz towards the line centre from Table I's −40 MHz.
  static let microwaveOffsetsMHz: [Double] = [-40, -30, -20, -10]
  /// Fig. 4 (right): ω_n/2π in MHz (several nuclear species), at the config's ω_MW.
  static let nuclearLarmorsMHz: [Double] = [5, 10, 20, 40]
  /// Fig. 7: ω_n/2π in MHz at which C(ω_n) is evaluated (the caption's values).
  static let correlationFrequenciesMHz: [Double] = [1, 2, 3, 4, 5]

  /// The t values (MHz) of each scale.
  static let quickHoppingsMHz: [Double] = [1.2, 2, 3.5, 5, 6.6, 9, 15, 30]
  static let paperHoppingsMHz: [Double] = [1.2, 1.6, 2.2, 3, 4, 5, 6, 6.6, 7.5, 9, 11, 14, 18, 24, 32]

  /// A list of MHz values as a `--set` value.
  static func list(_ xs: [Double]) -> String {
    "[" + xs.map { "\"\(format($0)) MHz\"" }.joined(separator: ", ") + "]"
  }

  /// The scale's t values as a `--set` value.
  static func hoppings(_ paper: Bool) -> String { list(paper ? paperHoppingsMHz : quickHoppingsMHz) }

  /// A figure: its scale defaults (`--set` assignments below the user's config file and `--set`), the
  /// checks every figure shares, and `body`, which gets the figure's context and starts the session once its
  /// own checks have passed.
  static func recipe(
    _ figure: String, presets: @escaping @Sendable (_ paper: Bool) -> [String],
    body: @escaping @Sendable (FigureContext, _ start: () throws -> RunSession) async throws -> Void
  ) -> FigureRecipe {
    FigureRecipe(name: figure, varies: ["hopping"], presets: { presets($0 == .paper) }) { scale, opts in
      var config = try opts.resolve(AndersonConfig.schema, presets: presets(scale == .paper))
      try config.refuseIfSet("hopping", because: "\(figure) sweeps the hopping over 'sweep_values'")
      let explicit = try AndersonConfig.prepare(&config, task: figure, sweeps: true)
      if let p = config.optionalText("sweep_parameter"), p != "hopping" {
        throw ConfigError(
          "key 'sweep_parameter': \(figure) varies the hopping; leave 'sweep_parameter' out (or set it to \"hopping\") and give the t values in 'sweep_values'"
        )
      }
      guard let values = config.values["sweep_values"]?.items else {
        throw ConfigError(
          "key 'sweep_values': \(figure) needs the hopping values, e.g. [\"2 MHz\", \"6.6 MHz\"]")
      }
      // Recorded, so that metadata.config says what 'sweep_values' are.
      config = try config.setting("sweep_parameter", to: .string("hopping"))
      let hoppings = try AndersonConfig.sweepPoints(
        config, parameter: "hopping", values: values, explicit: explicit)
      let task = "reproduce \(figure) --scale \(scale.rawValue)"
      let context = FigureContext(
        figure: figure, scale: scale.rawValue, config: config, hoppings: hoppings, explicit: explicit)
      let fixed = config
      try await body(context) { try RunSession(task: task, options: opts, config: fixed) }
      print("\(figure): data, scripts (*.gp) and plots are in \(RunOutput(path: opts.output).directory.path)")
    }
  }

  /// What every figure needs.
  struct FigureContext {
    var figure: String
    var scale: String
    var config: ResolvedConfig
    /// The config at each t.
    var hoppings: [ResolvedConfig]
    var explicit: AndersonExplicitSample?

    var realizations: Int { AndersonConfig.realizations(config, explicit: explicit) }
    var hoppingMHz: [Double] { hoppings.map { $0.number("hopping") / AndersonRunner.megahertz } }
    var note: String { "\(AndersonConfig.sizeNote(config)), \(realizations) realizations (\(scale) scale)" }
    var seed: UInt64 { UInt64(config.integer("seed")) }
  }

  static func maxIndex(_ points: [ResolvedConfig]) -> Int {
    points.indices.max { points[$0].number("hopping") < points[$1].number("hopping") } ?? 0
  }

  static func label(_ mhz: Double) -> String { "\(format(mhz)) MHz" }

  // MARK: - Fig. 2: density of states

  static func densityOfStatesFigure(_ f: FigureContext, spread: Double, session: RunSession) async throws {
    let bins = f.config.integer("dos_bins")
    let curves = try await AndersonRunner.densityOfStates(
      session: session, points: f.hoppings, explicit: f.explicit, lower: -spread, upper: spread, bins: bins,
      phase: "dos")
    let width = 2 * spread / Double(bins)
    let energies = (0..<bins).map { (-spread + (Double($0) + 0.5) * width) / AndersonRunner.megahertz }
    let ts = f.hoppingMHz
    var table = CSVTable(
      header: ["energy_MHz"] + ts.map { "density_t\(format($0))MHz" } + ts.map { "std_t\(format($0))MHz" })
    for k in 0..<bins { table.append([energies[k]] + curves.map { $0.mean[k] } + curves.map { $0.std[k] }) }
    try session.output.writeCSV(table, to: "fig2.csv")
    try session.plot(
      GnuplotFigure(
        name: f.figure,
        title:
          "Density of states of the 3D Anderson model (AF Fig. 2), w = \(f.config.text("disorder_width"))",
        xLabel: "energy (ε − ω_e)/2π (MHz)", yLabel: "ρ(ε) (1/MHz)", note: f.note,
        series: ts.enumerated().map {
          .init(file: "fig2.csv", x: 1, y: $0 + 2, title: "t = \(label($1))", style: .linespoints)
        }))
    struct Result: Encodable {
      var figure: String
      var hoppingMHz: [Double]
      var energyMHz: [Double]
      var densityPerMHz: [[Double]]
      var densityStd: [[Double]]
      var realizations: Int
      var units = [
        "energy_MHz": "MHz, (e - omega_e)/2pi bin centres", "density_per_MHz": "1/MHz, one row per hopping",
      ]
    }
    try session.writeResult(
      Result(
        figure: f.figure, hoppingMHz: ts, energyMHz: energies, densityPerMHz: curves.map(\.mean),
        densityStd: curves.map(\.std),
        realizations: f.realizations),
      seed: f.seed)
  }

  // MARK: - Fig. 3: P_n vs t, Anderson vs GOE

  static func goeComparisonFigure(_ f: FigureContext, session: RunSession) async throws {
    let points = try await EnsembleRunner<AndersonModel>.run(
      session: session, points: f.hoppings, sample: f.explicit, phase: "hopping",
      label: "hopping × realizations")
    try session.output.writeCSV(
      AndersonRunner.sweepTable(parameter: "hopping", points: f.hoppings, summaries: points), to: "fig3.csv")
    var figure = GnuplotFigure(
      name: f.figure, title: "Nuclear polarization vs hopping: Anderson vs GOE eigenfunctions (AF Fig. 3)",
      xLabel: "hopping t/2π (MHz)", yLabel: "nuclear polarization P_n", note: f.note,
      series: [
        .init(file: "fig3.csv", x: 1, y: 2, error: 3, title: "Anderson (eqs. 20, 21)", style: .errorbars),
        .init(file: "fig3.csv", x: 1, y: 4, error: 5, title: "GOE (eq. 23)", style: .errorbars),
        try AndersonRunner.criticalLine(f.config, summaries: points, session: session),
      ])
    figure.logX = true
    try session.plot(figure)
    try session.writeResult(
      FigureResult(
        figure: f.figure, values: f.hoppings.map { $0.text("hopping") }, series: ["anderson_and_goe": points]),
      seed: f.seed)
  }

  // MARK: - Fig. 4: P_n vs t for several ω_MW and ω_n

  /// One curve of Fig. 4: its label and its config at each t.
  struct Family {
    var key: String
    var title: String
    var points: [ResolvedConfig]
  }

  /// The two panels' curves, each point checked before anything is written.
  static func frequencyFamilies(_ f: FigureContext) throws -> (microwave: [Family], nuclear: [Family]) {
    let electronMHz = f.config.number("electron_larmor") / AndersonRunner.megahertz
    let microwave = try microwaveOffsetsMHz.map { offset in
      let mhz = ((electronMHz + offset) * 1e6).rounded() / 1e6
      let points = try f.hoppings.map {
        let c = try $0.setting("microwave_frequency", to: .string("\(mhz) MHz"))
        try AndersonConfig.check(c)
        return c
      }
      return Family(
        key: "microwave_offset_\(format(offset))MHz",
        title: String(format: "ω_{MW}/2π = %.5g GHz (ω_{MW} − ω_e = %@)", mhz / 1e3, label(offset)),
        points: points)
    }
    let nuclear = try nuclearLarmorsMHz.map { omega in
      let points = try f.hoppings.map {
        let c = try $0.setting("nuclear_larmor", to: .string("\(omega) MHz"))
        try AndersonConfig.check(c)
        return c
      }
      return Family(
        key: "nuclear_larmor_\(format(omega))MHz", title: "ω_n/2π = \(label(omega))", points: points)
    }
    return (microwave, nuclear)
  }

  static func frequencyFigure(
    _ f: FigureContext, families: (microwave: [Family], nuclear: [Family]), session: RunSession
  ) async throws {
    let all = families.microwave + families.nuclear
    // Every family's point at a given t shares the spectrum: one diagonalization per (t, realization).
    let summaries = try await EnsembleRunner<AndersonModel>.run(
      session: session, points: all.flatMap(\.points), sample: f.explicit, phase: "hopping",
      label: "hopping × realizations")
    let n = f.hoppings.count
    var series = [String: [AndersonPoint]]()
    for (k, family) in all.enumerated() { series[family.key] = Array(summaries[(k * n)..<((k + 1) * n)]) }
    let ts = f.hoppingMHz
    for (panel, families, title, fixed) in [
      (
        "microwave", families.microwave, "several microwave frequencies",
        "ω_n/2π = \(f.config.text("nuclear_larmor"))"
      ),
      (
        "nuclear", families.nuclear, "several nuclear Larmor frequencies",
        "ω_{MW}/2π = \(f.config.text("microwave_frequency"))"
      ),
    ] {
      let file = "fig4_\(panel).csv"
      var table = CSVTable(header: ["hopping_MHz"] + families.flatMap { [$0.key, $0.key + "_std"] })
      for j in 0..<n {
        table.append(
          [ts[j]]
            + families.flatMap {
              [series[$0.key]![j].nuclearPolarization, series[$0.key]![j].nuclearPolarizationStd]
            })
      }
      try session.output.writeCSV(table, to: file)
      let values = families.flatMap {
        series[$0.key]!.flatMap {
          [
            $0.nuclearPolarization - $0.nuclearPolarizationStd,
            $0.nuclearPolarization + $0.nuclearPolarizationStd,
          ]
        }
      }
      .filter(\.isFinite)
      var figure = GnuplotFigure(
        name: "\(f.figure)-\(panel)",
        title: "Nuclear polarization vs hopping for \(title) (AF Fig. 4), \(fixed)",
        xLabel: "hopping t/2π (MHz)", yLabel: "nuclear polarization P_n", note: f.note,
        series: families.enumerated().map {
          .init(file: file, x: 1, y: 2 * $0 + 2, error: 2 * $0 + 3, title: $1.title, style: .errorbars)
        }
          + [
            try AndersonRunner.criticalLine(
              f.config, low: values.min() ?? 0, high: values.max() ?? 1, file: "critical_\(panel).csv",
              session: session)
          ])
      figure.logX = true
      try session.plot(figure)
    }
    try session.writeResult(
      FigureResult(figure: f.figure, values: f.hoppings.map { $0.text("hopping") }, series: series),
      seed: f.seed)
  }

  // MARK: - Fig. 7: C(ω_n) vs t

  /// K(ω) and C(ω) of one realization at each of ``correlationFrequenciesMHz`` (the checkpoint of Fig. 7).
  struct CorrelationSample: Codable, Sendable {
    var overlap: [Double]
    var correlation: [Double]
  }

  static func correlationFigure(_ f: FigureContext, session: RunSession) async throws {
    let omegas = correlationFrequenciesMHz
    let delta = f.config.number("overlap_half_width")
    let r = f.realizations
    let points = f.hoppings, explicit = f.explicit
    if let w = AndersonConfig.degeneracyWarning(points, explicit: explicit) { session.warn(w) }
    let samples: [[CorrelationSample]] = try await session.mapRealizations(
      counts: points.map { _ in r }, phase: "hopping", label: "hopping × realizations", inner: .blas,
      memoryPerItem: AndersonConfig.memoryPerRealization(points)
    ) { j, realization, _, _ in
      let spectrum = try AndersonConfig.problem(points[j], explicit: explicit, realization: realization)
        .spectrum()
      let values = omegas.map {
        LocalizationDiagnostics.overlap(
          spectrum, atFrequency: $0 * AndersonRunner.megahertz, halfWidth: delta)
      }
      return CorrelationSample(
        overlap: values.map { $0.overlap * AndersonRunner.megahertz }, correlation: values.map(\.correlation))
    }
    let ts = f.hoppingMHz
    var mean = [[Double]](), std = [[Double]](), overlap = [[Double]]()
    for j in points.indices {
      let slice = samples[j]
      let c = AndersonRunner.Curve(slice.map(\.correlation)), k = AndersonRunner.Curve(slice.map(\.overlap))
      mean.append(c.mean)
      std.append(c.std)
      overlap.append(k.mean)
    }
    var table = CSVTable(
      header: ["hopping_MHz"] + omegas.flatMap { ["correlation_\(format($0))MHz", "std_\(format($0))MHz"] })
    for j in points.indices { table.append([ts[j]] + omegas.indices.flatMap { [mean[j][$0], std[j][$0]] }) }
    try session.output.writeCSV(table, to: "fig7.csv")
    let finite = zip(mean.joined(), std.joined()).flatMap { [$0 - $1, $0 + $1] }.filter {
      $0.isFinite && $0 > 0
    }
    var figure = GnuplotFigure(
      name: f.figure, title: "Eigenfunction correlation C(ω_n) vs hopping (AF Fig. 7, eq. 30)",
      xLabel: "hopping t/2π (MHz)", yLabel: "C(ω_n)",
      note: f.note + ", window ±\(f.config.text("overlap_half_width"))",
      series: omegas.enumerated().map {
        .init(
          file: "fig7.csv", x: 1, y: 2 * $0 + 2, error: 2 * $0 + 3, title: "ω_n/2π = \(label($1))",
          style: .errorbars)
      } + [
        try AndersonRunner.criticalLine(
          f.config, low: finite.min() ?? 0.1, high: finite.max() ?? 1, session: session)
      ])
    figure.logX = true
    figure.logY = true
    try session.plot(figure)
    struct Result: Encodable {
      var figure: String
      var hoppingMHz: [Double]
      var nuclearLarmorMHz: [Double]
      var correlation: [[Double]]
      var correlationStd: [[Double]]
      var overlapPerMHz: [[Double]]
      var realizations: Int
      var units = [
        "correlation":
          "dimensionless, C(omega_n) of eq. (30), one row per hopping, one column per nuclear_larmor_MHz",
        "overlap_per_MHz": "1/MHz, K(omega_n) of eq. (25)",
      ]
    }
    try session.writeResult(
      Result(
        figure: f.figure, hoppingMHz: ts, nuclearLarmorMHz: omegas, correlation: mean, correlationStd: std,
        overlapPerMHz: overlap, realizations: r),
      seed: f.seed)
  }

  /// result.json of Figs. 3–4: the summaries of each curve over the t values.
  struct FigureResult: Encodable {
    var figure: String
    var sweepParameter = "hopping"
    var values: [String]
    var series: [String: [AndersonPoint]]
    var units = AndersonPoint.units
  }
}
