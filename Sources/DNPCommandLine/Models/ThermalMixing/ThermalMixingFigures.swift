import DNPNumerics
import Foundation
import ThermalMixing

/// The figures of the TM paper, each a sweep (or several) with its plot. Quick scale runs in minutes on a
/// laptop; paper scale uses the paper's N = 12 and ≥ 100 realizations.
enum ThermalMixingFigures {
  static let recipes: [FigureRecipe] = [
    recipe("thermal-mixing-fig2", varies: ["dipolar_strength", "microwave_frequency"], body: profileFigure),
    recipe("thermal-mixing-fig3-coupling", varies: ["dipolar_strength"]) {
      try await couplingFigure($0, $1, $2, kl: false)
    },
    recipe("thermal-mixing-fig3-field", varies: [], body: fieldFigure),
    recipe("thermal-mixing-fig4", varies: ["electrons", "dipolar_strength"]) {
      try await ETHFigure.reproduce(paper: $1 == .paper, session: $2)
    },
    recipe("thermal-mixing-fig5", varies: ["dipolar_strength"]) { try await couplingFigure($0, $1, $2, kl: true) },
  ]

  static var names: [String] { recipes.map(\.name) }

  /// A figure that sets `varies` itself: the scale's N and realizations (below the user's config and --set;
  /// a figure that varies N itself gets only the realizations), the keys checked for the figure, one
  /// session, and `body`.
  static func recipe(
    _ figure: String, varies: [String],
    body: @escaping @Sendable (String, FigureScale, RunSession) async throws -> Void
  ) -> FigureRecipe {
    let presets: @Sendable (FigureScale) -> [String] = { scale in
      let all = scale == .paper ? ["electrons=12", "realizations=100"] : ["electrons=8", "realizations=12"]
      return varies.contains("electrons") ? Array(all.dropFirst()) : all
    }
    return FigureRecipe(name: figure, varies: varies, presets: presets) { scale, options in
      var config = try options.resolve(ThermalMixingConfig.schema, presets: presets(scale))
      _ = try ThermalMixingConfig.prepare(&config, task: .figure(figure))
      config.unrecorded = Set(ThermalMixingKeyUse.figureKeys(figure))
      let session = try RunSession(
        task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
      try await body(figure, scale, session)
      session.report("\(figure): data, \(figure).gp and the plot are in \(session.output.directory.path)")
    }
  }

  /// Simulation (mean ± std), fit and perturbative P_n from sweep tables (one triple of series per file).
  static func polarizationFigure(
    name: String, title: String, xLabel: String, note: String, files: [(String, String)]
  )
    -> GnuplotFigure
  {
    var series = [GnuplotFigure.Series]()
    for (file, label) in files {
      let suffix = label.isEmpty ? "" : " (\(label))"
      series += [
        .init(file: file, x: 1, y: 2, error: 3, title: "simulation" + suffix, style: .errorbars),
        .init(file: file, x: 1, y: 4, title: "fit (eq. 18)" + suffix, style: .linespoints),
        .init(file: file, x: 1, y: 5, title: "perturbative (eq. 23)" + suffix, style: .lines),
      ]
    }
    return GnuplotFigure(
      name: name, title: title, xLabel: xLabel, yLabel: "nuclear polarization P_n", note: note, series: series
    )
  }

  static func mhz(_ values: [Double]) -> [ConfigValue] { values.map { .string("\($0) MHz") } }

  static func note(_ scale: FigureScale, _ session: RunSession) -> String {
    let base = session.config
    return "N = \(base.integer("electrons")), \(base.integer("realizations")) realizations (\(scale.rawValue) scale)"
  }

  /// A sweep of `parameter` written to `file` as a sweep table.
  static func sweep(
    _ c: ResolvedConfig, _ parameter: String, _ values: [ConfigValue], phase: String, file: String,
    session: RunSession
  ) async throws -> [ThermalMixingPoint] {
    let points = try ThermalMixingRunner.sweepPoints(c, parameter: parameter, values: values)
    let s = try await EnsembleRunner<ThermalMixingModel>.run(
      session: session, points: points, sample: nil, phase: phase, label: phase)
    try session.output.writeCSV(
      ThermalMixingRunner.sweepTable(parameter: parameter, points: points, summaries: s), to: file)
    return s
  }

  /// TM Fig. 2: the DNP profile (P_n vs ω_MW) at U = 2 and 15 MHz.
  static func profileFigure(_ figure: String, _ scale: FigureScale, _ session: RunSession) async throws {
    let base = session.config
    let we = base.number("electron_larmor") / (2 * .pi * 1e6)
    let offsets = linearSpace(-60, 60, count: scale == .paper ? 41 : 21)
    // Both curves are one run of (U, ω_MW, realization) items, so `--shard` splits them evenly.
    let couplings = [2.0, 15.0]
    let sweeps = try couplings.map { u in
      try ThermalMixingRunner.sweepPoints(
        try base.setting("dipolar_strength", to: .string("\(u) MHz")), parameter: "microwave_frequency",
        values: mhz(offsets.map { we + $0 }))
    }
    let all = try await EnsembleRunner<ThermalMixingModel>.run(
      session: session, points: sweeps.flatMap { $0 }, sample: nil, phase: "profile", label: "profile")
    var results = [String: [ThermalMixingPoint]]()
    for (k, u) in couplings.enumerated() {
      let summaries = Array(all[(k * offsets.count)..<((k + 1) * offsets.count)])
      try session.output.writeCSV(
        ThermalMixingRunner.sweepTable(
          parameter: "microwave_frequency", points: sweeps[k], summaries: summaries),
        to: "fig2_U\(Int(u))MHz.csv")
      results["\(u)"] = summaries
    }
    var plot = polarizationFigure(
      name: figure, title: "DNP profile (TM Fig. 2)", xLabel: "microwave frequency (GHz)",
      note: note(scale, session),
      files: [("fig2_U2MHz.csv", "U = 2 MHz"), ("fig2_U15MHz.csv", "U = 15 MHz")])
    plot.series.removeAll { $0.title.hasPrefix("perturbative") }
    try session.plot(plot)
    try session.writeResult(
      FigureResult(figure: "thermal-mixing-fig2", series: results), seed: UInt64(base.integer("seed")))
  }

  /// TM Fig. 3 (left): P_n vs U; with `kl`, TM Fig. 5 from the same sweep: the KL divergence and the
  /// sample-to-sample std of P_n vs U.
  static func couplingFigure(_ figure: String, _ scale: FigureScale, _ session: RunSession, kl: Bool)
    async throws
  {
    let base = session.config
    let us = scale == .paper ? linearSpace(2, 45, count: 16) : [2, 5, 8, 11, 15, 20, 25, 30, 38, 45]
    let s = try await sweep(
      base, "dipolar_strength", mhz(us), phase: "coupling", file: "fig3_coupling.csv", session: session)
    if kl {
      var t = CSVTable(header: ["dipolar_strength_MHz", "kl_divergence_mean", "nuclear_polarization_std"])
      for (u, p) in zip(us, s) { t.append([u, p.klDivergenceMean ?? .nan, p.nuclearPolarizationStd]) }
      try session.output.writeCSV(t, to: "fig5.csv")
      var f = GnuplotFigure(
        name: figure, title: "Distance from the spin-temperature form and sample fluctuations (TM Fig. 5)",
        xLabel: "dipolar_strength U (MHz)", yLabel: "KL divergence / std of P_n", note: note(scale, session),
        series: [
          .init(file: "fig5.csv", x: 1, y: 2, title: "KL divergence (eq. 27)", style: .linespoints),
          .init(file: "fig5.csv", x: 1, y: 3, title: "sample-to-sample std of P_n", style: .linespoints),
        ])
      f.logY = true
      try session.plot(f)
    } else {
      try session.plot(
        polarizationFigure(
          name: figure, title: "P_n vs dipolar coupling at B = \(base.text("field")) (TM Fig. 3 left)",
          xLabel: "dipolar_strength U (MHz)", note: note(scale, session), files: [("fig3_coupling.csv", "")]))
    }
    try session.writeResult(
      FigureResult(figure: figure, series: ["coupling": s]), seed: UInt64(base.integer("seed")))
  }

  /// TM Fig. 3 (right): P_n vs the magnetic field.
  static func fieldFigure(_ figure: String, _ scale: FigureScale, _ session: RunSession) async throws {
    let base = session.config
    let bs = scale == .paper ? linearSpace(1, 6, count: 11) : [1, 2, 3, 3.35, 4, 5, 6]
    let s = try await sweep(
      base, "field", bs.map { .string("\($0) T") }, phase: "field", file: "fig3_field.csv", session: session)
    try session.plot(
      polarizationFigure(
        name: figure,
        title: "P_n vs magnetic field at U = \(base.text("dipolar_strength")) (TM Fig. 3 right)",
        xLabel: "field B (T)", note: note(scale, session), files: [("fig3_field.csv", "")]))
    try session.writeResult(
      FigureResult(figure: figure, series: ["field": s]), seed: UInt64(base.integer("seed")))
  }
}

struct FigureResult: Encodable {
  var figure: String
  var series: [String: [ThermalMixingPoint]]
}

/// TM Fig. 4: δM vs U for several N (ETH: δM falls with N; MBL: it does not).
enum ETHFigure {
  static func reproduce(paper: Bool, session: RunSession) async throws {
    let base = session.config
    let sizes = paper ? [8, 10, 12, 14, 16] : [6, 8, 10]
    let us = paper ? linearSpace(1, 45, count: 12) : [1, 3, 6, 10, 15, 25, 45]
    let r = base.integer("realizations")
    var configs = [(Int, Double, ResolvedConfig)]()
    for n in sizes {
      for u in us {
        let c = try base.setting("electrons", to: .number(Double(n))).setting(
          "dipolar_strength", to: .string("\(u) MHz"))
        configs.append((n, u, c))
      }
    }
    let fixed = configs.map(\.2)
    let values = try await session.mapRealizations(
      counts: configs.map { _ in r }, phase: "eth", label: "eth",
      memoryPerItem: ThermalMixingConfig.memoryPerETH(electrons: sizes.max() ?? 2)
    ) { k, realization, _, _ in
      try EigenstateThermalization(
        sample: ThermalMixingConfig.sample(fixed[k], explicit: nil, realization: realization)
      )
      .meanAdjacentDifference
    }
    var table = CSVTable(header: ["dipolar_strength_MHz"] + sizes.map { "delta_M_N\($0)" })
    for (j, u) in us.enumerated() {
      table.append(
        [u]
          + sizes.indices.map { s in
            let k = s * us.count + j
            return SampleStatistics(values[k]).mean
          })
    }
    try session.output.writeCSV(table, to: "fig4.csv")
    var f = GnuplotFigure(
      name: "thermal-mixing-fig4", title: "ETH diagnostic δM vs U (TM Fig. 4)",
      xLabel: "dipolar_strength U (MHz)",
      yLabel: "δM = <|<n+1|S^z_1|n+1> - <n|S^z_1|n>|>", note: "\(r) realizations per point, S^z = 0 sector",
      series: sizes.enumerated().map { s, n in
        .init(file: "fig4.csv", x: 1, y: s + 2, title: "N = \(n)", style: .linespoints)
      })
    f.logY = true
    try session.plot(f)
    struct Result: Encodable {
      var figure = "thermal-mixing-fig4"
      var electrons: [Int]
      var dipolarStrengthMHz: [Double]
      var meanAdjacentDifference: [[Double]]
    }
    try session.writeResult(
      Result(
        electrons: sizes, dipolarStrengthMHz: us,
        meanAdjacentDifference: table.rows.map { $0.dropFirst().map { Double($0)! } }),
      seed: UInt64(base.integer("seed")))
  }
}
