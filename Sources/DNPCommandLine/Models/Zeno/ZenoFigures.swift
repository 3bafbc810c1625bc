import DNPNumerics
import Foundation
import ZenoLocalization

/// The figures of the ZL paper for `dnp reproduce`. Ensemble figures (Fig. 2, S5–S7) run their panels' points
/// as one (point × realization) run, so `--shard` splits them; single-sample figures (Fig. 3, S8–S10) are one
/// checkpointed item; the toy model (S11) and the bath times are closed-form and quick.
///
/// Quick scale is about a minute on two cores: N = 8 and 24 realizations per panel (Fig. 3 and S9: one N = 8
/// sample; S8 and S10: N = 8 instead of the paper's 12). Paper scale is the paper's N = 10 with 1000 realizations per
/// panel (S8, S10: N = 12), for a cluster (`--shard slurm`).
enum ZenoFigures {
  /// A panel of an ensemble figure: its tag (file prefix, plot title) and the keys it sets.
  struct Panel: Sendable {
    var tag: String
    var title: String
    var settings: [(String, String)]
  }

  /// Table I's 12 K bath: T(0) = T* = 0.16 µs, T1 = 1.6 µs.
  static let highTemperature: [(String, String)] = [
    ("temperature", "12 K"), ("t1", "1.6 us"), ("t_star", "0.16 us"), ("t_zero", "0.16 us"),
  ]
  /// Table I at 1.2 K (the defaults, set explicitly so a figure does not depend on them).
  static let lowTemperature: [(String, String)] = [
    ("temperature", "1.2 K"), ("t1", "160 us"), ("t_star", "80 us"), ("t_zero", "1.6 us"),
  ]
  static let bathKeys = ["temperature", "t1", "t_star", "t_zero", "dynamics"]

  static let recipes: [FigureRecipe] = [
    ensemble(
      "zeno-fig2", varies: bathKeys, epr: true, profile: false,
      panels: [
        Panel(tag: "1.2K", title: "EPR spectrum at 1.2 K (ZL Fig. 2 top)", settings: lowTemperature),
        Panel(tag: "12K", title: "EPR spectrum at 12 K (ZL Fig. 2 bottom)", settings: highTemperature),
      ]),
    ensemble(
      "zeno-figS5", varies: bathKeys, epr: false, profile: true,
      panels: [
        Panel(
          tag: "1.2K", title: "Polarization profile at 1.2 K (ZL Fig. S5 left)", settings: lowTemperature),
        Panel(
          tag: "12K", title: "Polarization profile at 12 K (ZL Fig. S5 right)", settings: highTemperature),
      ]),
    ensemble(
      "zeno-figS6", varies: bathKeys + ["dipolar_strength"], epr: true, profile: true,
      panels: [
        Panel(
          tag: "1.2K", title: "U = 0.1 MHz at 1.2 K (ZL Fig. S6 a, c)",
          settings: lowTemperature + [("dipolar_strength", "0.1 MHz")]),
        Panel(
          tag: "12K", title: "U = 0.1 MHz at 12 K (ZL Fig. S6 b, d)",
          settings: highTemperature + [("dipolar_strength", "0.1 MHz")]),
      ]),
    ensemble(
      "zeno-figS7", varies: bathKeys, epr: true, profile: true,
      panels: [
        Panel(
          tag: "12K", title: "12 K with T1 ≪ T* (ZL Fig. S7)",
          settings: [("temperature", "12 K"), ("t1", "1.6 us"), ("t_star", "80 us"), ("t_zero", "3.2 us")])
      ]),
    singleSample("zeno-fig3", varies: singleSampleKeys, settings: highTemperature, body: entanglementFigure),
    singleSample("zeno-figS9", varies: singleSampleKeys, settings: highTemperature, body: eigenvalueFigure),
    singleSample("zeno-figS8", varies: localizedKeys, settings: localized, body: localizedProfileFigure),
    singleSample("zeno-figS10", varies: localizedKeys, settings: localized, body: localizedSpectrumFigure),
    ZenoSmallFigures.toyModel,
    ZenoSmallFigures.bathTimes,
  ]

  static var names: [String] { recipes.map(\.name) }

  static func note(_ c: ResolvedConfig, realizations: Int, scale: FigureScale) -> String {
    "N = \(c.integer("electrons")), \(realizations) realization\(realizations == 1 ? "" : "s") (\(scale.rawValue) scale)"
  }

  /// The config with a panel's settings.
  static func apply(_ settings: [(String, String)], to c: ResolvedConfig) throws -> ResolvedConfig {
    var out = c
    for (key, value) in settings { out = try out.setting(key, to: .string(value)) }
    return out
  }

  /// Resolves and checks a figure's configuration (scale presets below the user's file and `--set`).
  static func configure(
    _ figure: String, varies: [String], presets: [String], options: RunOptions
  ) throws -> ResolvedConfig {
    var config = try options.resolve(ZenoConfig.schema, presets: presets)
    _ = try ZenoConfig.prepare(&config, task: .figure(figure))
    config.unrecorded = Set(varies)
    return config
  }

  // MARK: - Ensemble figures (Fig. 2, S5, S6, S7)

  /// An ensemble figure: every panel's realizations in one run; per panel the tables of the point task
  /// (prefixed by the panel's tag), its EPR and/or profile plots, and result.json with every panel's summary.
  static func ensemble(_ figure: String, varies: [String], epr: Bool, profile: Bool, panels: [Panel])
    -> FigureRecipe
  {
    let presets: @Sendable (FigureScale) -> [String] = { scale in
      scale == .paper ? ["electrons=10", "realizations=1000"] : ["electrons=8", "realizations=24"]
    }
    return FigureRecipe(name: figure, varies: varies, presets: presets) { scale, options in
      let config = try configure(figure, varies: varies, presets: presets(scale), options: options)
      let points = try panels.map {
        try apply($0.settings, to: config).setting("dynamics", to: .string("both"))
      }
      let session = try RunSession(
        task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
      let summaries = try await EnsembleRunner<ZenoLocalizationModel>.run(
        session: session, points: points, sample: nil, phase: "realizations", label: "realizations")
      var results = [String: ZenoPoint]()
      for (k, panel) in panels.enumerated() {
        let point = summaries[k], c = points[k]
        let prefix = "\(panel.tag)_", mw = ZenoOutputs.microwaveOffsetMHz(c)
        try ZenoOutputs.writeTables(point, prefix: prefix, output: session.output, microwaveOffsetMHz: mw)
        let note =
          note(c, realizations: point.realizations.count, scale: scale)
          + ", T = \(c.text("temperature")), T1 = \(c.text("t1")), T* = \(c.text("t_star")), T(0) = \(c.text("t_zero"))"
        if epr {
          try session.plot(
            ZenoOutputs.eprFigure(
              name: "\(figure)_\(panel.tag)\(profile ? "_epr" : "")", file: prefix + "epr_spectrum.csv",
              title: panel.title, note: note))
        }
        if profile {
          try session.plot(
            ZenoOutputs.profileFigure(
              name: "\(figure)_\(panel.tag)\(epr ? "_profile" : "")", file: prefix + "profile.csv",
              title: panel.title, note: note, microwaveOffsetMHz: mw, thermal: point.thermalPolarization,
              microwaveFile: prefix + "microwave.csv"))
        }
        results[panel.tag] = point
      }
      struct Result: Encodable {
        var figure: String
        var panels: [String: ZenoPoint]
        var units: [String: String]
      }
      try session.writeResult(
        Result(figure: figure, panels: results, units: ZenoPoint.units), seed: UInt64(config.integer("seed")))
      session.report("\(figure): data, scripts (*.gp) and plots are in \(session.output.directory.path)")
    }
  }

  // MARK: - Single-sample figures (Fig. 3, S8, S9, S10)

  /// Keys Fig. 3 and S9 set themselves (the 12 K bath, one sample, both dynamics) or do not read.
  static let singleSampleKeys = bathKeys + ["realizations", "epr_bin_width"]

  /// Fig. S8's setting: 12 K, negligible disorder (Δω_e = 10⁻⁴ MHz), U = 1 MHz, ω_MW = ω_e, ω1 = 100 MHz on
  /// spin 3 only, T(0) = T* = 10⁻¹⁰/2π s, T1 = 10⁻⁴/2π s.
  static let localized: [(String, String)] = [
    ("temperature", "12 K"), ("t1", "\(1e-4 / (2 * Double.pi)) s"),
    ("t_star", "\(1e-10 / (2 * Double.pi)) s"),
    ("t_zero", "\(1e-10 / (2 * Double.pi)) s"), ("inhomogeneous_width", "0.0001 MHz"),
    ("dipolar_strength", "1 MHz"), ("microwave_amplitude", "100 MHz"),
  ]
  static let localizedKeys =
    singleSampleKeys + [
      "inhomogeneous_width", "dipolar_strength", "microwave_amplitude", "microwave_frequency", "irradiated",
    ]

  /// A figure of one sample (realization 0 of the seed) with both stationary states and their spectra, one
  /// checkpointed item.
  static func singleSample(
    _ figure: String, varies: [String], settings: [(String, String)],
    body:
      @escaping @Sendable (String, FigureScale, ResolvedConfig, ZenoSampleSpectrum, RunSession) throws -> Void
  ) -> FigureRecipe {
    let presets: @Sendable (FigureScale) -> [String] = { scale in
      // The localized setting's rates span 10¹⁰ (T(0) = 16 ps against ω1 = 100 MHz): its solve stalls near
      // 2·10⁻⁹, so it asks for 10⁻⁸, ample for polarizations of order one.
      let localized = varies.contains("irradiated")
      return ["electrons=\(scale == .paper ? (localized ? 12 : 10) : 8)"]
        + (localized ? ["solver_tolerance=1e-8"] : [])
    }
    return FigureRecipe(name: figure, varies: varies, presets: presets) { scale, options in
      let config = try configure(figure, varies: varies, presets: presets(scale), options: options)
      var point = try apply(settings, to: config).setting("dynamics", to: .string("both"))
      if varies.contains("irradiated") {
        guard point.integer("electrons") >= 3 else {
          throw ConfigError("key 'electrons': \(figure) irradiates spin 3 only, so it needs N ≥ 3")
        }
        point = try point.setting("irradiated", to: .array([.number(3)]))
          .setting("microwave_frequency", to: point.values["electron_larmor"]!.raw)
        try ZenoConfig.check(point, explicit: nil)
      }
      let session = try RunSession(
        task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
      let fixed = point
      let item = try await session.map(
        count: 1, phase: "sample", label: "sample", inner: .blas,
        memoryPerItem: ZenoConfig.memoryPerRealization(
          electrons: point.integer("electrons"), nonsecular: true)
      ) { _, _, report in try ZenoSampleSpectrum(config: fixed, report: report) }[0]
      try body(figure, scale, point, item, session)
      try session.writeResult(item.result(figure: figure), seed: UInt64(config.integer("seed")))
      session.report("\(figure): data, scripts (*.gp) and plots are in \(session.output.directory.path)")
    }
  }

  /// `<figure>_spectrum.csv`: one row per eigenvector index λ (energy order) with each state's eigenvalue,
  /// entanglement entropy and chosen ⟨S^z_i⟩.
  static func writeSpectrumTable(_ s: ZenoSampleSpectrum, spins: [Int], file: String, session: RunSession)
    throws
  {
    var header = ["index", "boltzmann", "hilbert", "nonsecular", "hilbert_entropy", "nonsecular_entropy"]
    for i in spins { header += ["hilbert_sz\(i + 1)", "nonsecular_sz\(i + 1)"] }
    var table = CSVTable(header: header)
    for k in s.boltzmann.indices {
      var row = [
        Double(k), s.boltzmann[k], s.hilbert[k].weight, s.nonsecular[k].weight,
        s.hilbert[k].entanglementEntropy,
        s.nonsecular[k].entanglementEntropy,
      ]
      for i in spins { row += [s.hilbert[k].spinExpectations[i], s.nonsecular[k].spinExpectations[i]] }
      table.append(row)
    }
    try session.output.writeCSV(table, to: file)
  }

  static func spectrumSeries(_ file: String, _ column: Int, _ what: String) -> [GnuplotFigure.Series] {
    [
      .init(file: file, x: 1, y: column, title: "Hilbert \(what)", style: .points),
      .init(file: file, x: 1, y: column + 1, title: "nonsecular \(what)", style: .points),
    ]
  }

  static func singleNote(_ c: ResolvedConfig, _ scale: FigureScale, _ s: ZenoSampleSpectrum) -> String {
    "N = \(c.integer("electrons")), one sample (realization 0 of seed \(c.integer("seed"))), \(scale.rawValue) scale, T = \(c.text("temperature"))"
      + "\\nλ ordered by <λ|H_S|λ>; grey lines: boundaries of the sectors of constant S^z (Hilbert)"
  }

  /// ZL Fig. 3: the half-system entanglement entropy of ρ_stat's eigenvectors vs energy order, and (inset)
  /// the histogram of ⟨S^z_i⟩ over the (up to) 100 eigenvectors in the middle of the S^z = 0 sector.
  static func entanglementFigure(
    _ figure: String, _ scale: FigureScale, _ c: ResolvedConfig, _ s: ZenoSampleSpectrum,
    _ session: RunSession
  ) throws {
    try writeSpectrumTable(s, spins: [], file: "fig3_spectrum.csv", session: session)
    var entropy = GnuplotFigure(
      name: figure, title: "Entanglement entropy of ρ_stat's eigenvectors (ZL Fig. 3)",
      xLabel: "λ (energy order)",
      yLabel: "entanglement entropy of spins 1…N/2 (nats)", note: singleNote(c, scale, s),
      series: spectrumSeries("fig3_spectrum.csv", 5, "entropy"))
    entropy.errorBars = ""
    entropy.verticalLines = s.sectorBoundaries
    try session.plot(entropy)
    var histogram = CSVTable(header: ["sz", "hilbert_density", "nonsecular_density"])
    let h = s.middleHistogram(\.hilbert), n = s.middleHistogram(\.nonsecular)
    for k in h.values.indices { histogram.append([h.centers[k], h.values[k], n.values[k]]) }
    try session.output.writeCSV(histogram, to: "fig3_inset.csv")
    try session.plot(
      GnuplotFigure(
        name: "\(figure)_inset", title: "Histogram of <λ|S^z_i|λ> (ZL Fig. 3 inset)", xLabel: "<S^z_i>",
        yLabel: "density",
        note: "\(s.middleCount) eigenvectors in the middle of the S^z = 0 sector, all spins",
        series: [
          .init(file: "fig3_inset.csv", x: 1, y: 2, title: "Hilbert", style: .linespoints),
          .init(file: "fig3_inset.csv", x: 1, y: 3, title: "nonsecular", style: .linespoints),
        ]))
  }

  /// ZL Fig. S9: the eigenvalues of ρ_stat vs energy order, with the Boltzmann populations.
  static func eigenvalueFigure(
    _ figure: String, _ scale: FigureScale, _ c: ResolvedConfig, _ s: ZenoSampleSpectrum,
    _ session: RunSession
  ) throws {
    try writeSpectrumTable(s, spins: [], file: "figS9_spectrum.csv", session: session)
    var plot = GnuplotFigure(
      name: figure, title: "Eigenvalues of ρ_stat (ZL Fig. S9)", xLabel: "λ (energy order)",
      yLabel: "<λ|ρ_stat|λ>", note: singleNote(c, scale, s),
      series: [.init(file: "figS9_spectrum.csv", x: 1, y: 2, title: "Boltzmann", style: .lines)]
        + spectrumSeries("figS9_spectrum.csv", 3, "eigenvalues"))
    plot.logY = true
    plot.verticalLines = s.sectorBoundaries
    try session.plot(plot)
  }

  /// ZL Fig. S8: the profile of the localized setting, per spin (Hilbert, nonsecular, Boltzmann).
  static func localizedProfileFigure(
    _ figure: String, _ scale: FigureScale, _ c: ResolvedConfig, _ s: ZenoSampleSpectrum,
    _ session: RunSession
  ) throws {
    var table = CSVTable(header: ["spin", "offset_MHz", "hilbert", "nonsecular", "thermal"])
    let thermal = -tanh(ZenoConfig.parameters(c).beta * c.number("electron_larmor") / 2)
    for i in s.hilbertPolarizations.indices {
      table.append([
        Double(i + 1), s.offsets[i] / ZenoConfig.megahertz, s.hilbertPolarizations[i],
        s.nonsecularPolarizations[i],
        thermal,
      ])
    }
    try session.output.writeCSV(table, to: "figS8_profile.csv")
    var plot = GnuplotFigure(
      name: figure, title: "Complete localization: only spin 3 irradiated (ZL Fig. S8)", xLabel: "spin i",
      yLabel: "P_e = 2<S^z_i>",
      note: singleNote(c, scale, s).components(separatedBy: "\\n")[0]
        + (scale == .quick ? "\\nquick scale: the paper's N = 12 at --scale paper" : ""),
      series: [
        .init(file: "figS8_profile.csv", x: 1, y: 3, title: "Hilbert", style: .points),
        .init(file: "figS8_profile.csv", x: 1, y: 4, title: "nonsecular", style: .points),
        .init(file: "figS8_profile.csv", x: 1, y: 5, title: "Boltzmann", style: .lines),
      ])
    plot.errorBars = ""
    try session.plot(plot)
  }

  /// ZL Fig. S10 (a)–(d) for the localized setting: eigenvalues, entanglement entropy, ⟨S^z_3⟩ and
  /// ⟨S^z_{N−1}⟩ (the paper's S^z_11 at N = 12) of each eigenvector of ρ_stat.
  static func localizedSpectrumFigure(
    _ figure: String, _ scale: FigureScale, _ c: ResolvedConfig, _ s: ZenoSampleSpectrum,
    _ session: RunSession
  ) throws {
    let n = c.integer("electrons")
    let other = max(0, n - 2)
    try writeSpectrumTable(s, spins: [2, other], file: "figS10_spectrum.csv", session: session)
    let note = singleNote(c, scale, s)
    var a = GnuplotFigure(
      name: "\(figure)_a", title: "(a) Eigenvalues of ρ_stat (ZL Fig. S10)", xLabel: "λ (energy order)",
      yLabel: "<λ|ρ_stat|λ>", note: note,
      series: [.init(file: "figS10_spectrum.csv", x: 1, y: 2, title: "Boltzmann", style: .lines)]
        + spectrumSeries("figS10_spectrum.csv", 3, "eigenvalues"))
    a.logY = true
    a.verticalLines = s.sectorBoundaries
    try session.plot(a)
    for (name, column, label) in [
      ("b", 5, "entanglement entropy (nats)"), ("c", 7, "<λ|S^z_3|λ>"), ("d", 9, "<λ|S^z_\(other + 1)|λ>"),
    ] {
      var panel = GnuplotFigure(
        name: "\(figure)_\(name)", title: "(\(name)) \(label) (ZL Fig. S10)", xLabel: "λ (energy order)",
        yLabel: label, note: note, series: spectrumSeries("figS10_spectrum.csv", column, ""))
      panel.verticalLines = s.sectorBoundaries
      try session.plot(panel)
    }
  }
}
