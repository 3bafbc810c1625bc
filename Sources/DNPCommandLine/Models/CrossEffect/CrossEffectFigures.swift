import CrossEffect
import DNPNumerics
import Foundation

/// The figures of the CE paper. Each is one run of checkpointed work items (curves or (ω1, D) points), so
/// `--shard`, `--resume` and `dnp merge` apply. Quick scale runs in about a minute on two cores.
enum CrossEffectFigures {
  static let recipes: [FigureRecipe] = [
    recipe(
      "ce-fig1c", varies: ["temperature", "microwave_amplitude", "electron_coupling", "t1e"],
      presets: { $0 == .paper ? ["time_points=121"] : ["time_points=41"] }, body: figure1c),
    recipe(
      "ce-fig2ab", varies: ["electron_coupling", "microwave_amplitude"],
      presets: { scale in
        ["preset=e1-e2-n", "temperature=1 K", "t1e=1 s", "t2e=10 us", "time_start=1 ms", "time_end=100000 s"]
          + [scale == .paper ? "time_points=41" : "time_points=25"]
      }, body: figure2ab),
    recipe(
      "ce-fig2c", varies: ["electron_coupling", "microwave_amplitude"],
      presets: { scale in
        ["preset=pentagon", "temperature=1 K", "t1e=1 s", "t2e=10 us", "time_start=1 ms", "time_end=10000 s"]
          + [scale == .paper ? "time_points=29" : "time_points=15"]
      }, body: figure2c),
    recipe(
      "ce-fig2de", varies: ["spin_diffusion"],
      presets: { scale in
        ["temperature=1 K", "t1e=1 s", "t2e=10 us", "microwave_amplitude=10 kHz", "electron_coupling=100 kHz"]
          + (scale == .paper
            ? ["trajectories=2000", "duration=220 s", "time_points=45"]
            : ["trajectories=256", "duration=22 s", "time_points=23"])
      }, body: figure2de),
  ]

  /// The keys each figure reads (its presets included); the keys it varies are set by the figure itself.
  static func reads(_ figure: String) -> Set<String> {
    let relaxation: Set<String> = ["electron_larmor", "nuclear_larmor", "electron_offsets", "t2e", "t1n", "t2n"]
    let times: Set<String> = ["times", "time_start", "time_end", "time_points"]
    switch figure {
    case "ce-fig1c":
      return relaxation.union(times).union(["pseudosecular_hyperfine"])
    case "ce-fig2ab":
      return relaxation.union(times).union([
        "temperature", "t1e", "preset", "pseudosecular_hyperfine", "method", "coupling_points",
      ])
    case "ce-fig2c":
      return relaxation.union(times).union([
        "temperature", "t1e", "preset", "pseudosecular_hyperfine", "nuclear_coupling", "coupling_points",
      ])
    case "ce-fig2de":
      return relaxation.union([
        "temperature", "t1e", "microwave_amplitude", "electron_coupling", "geometry", "core_hyperfine", "times",
        "time_points", "duration", "trajectories", "trajectories_per_item", "seed", "nuclear_coupling_cutoff", "protons",
      ])
    default: return []
    }
  }

  /// A figure's recipe: the scale's presets below the user's config and `--set`, the keys checked, one
  /// session, and `body`.
  static func recipe(
    _ figure: String, varies: [String], presets: @escaping @Sendable (FigureScale) -> [String],
    body: @escaping @Sendable (FigureScale, RunSession, CrossEffectInput) async throws -> Void
  ) -> FigureRecipe {
    FigureRecipe(name: figure, varies: varies, presets: presets) { scale, options in
      var config = try options.resolve(CrossEffectConfig.schema, presets: presets(scale))
      for key in varies where config.explicitKeys.contains(key) {
        throw ConfigError("key '\(key)' is set by \(figure) itself (it varies \(varies.joined(separator: ", "))); remove it")
      }
      if figure == "ce-fig2de", config.explicitKeys.contains("preset") {
        throw ConfigError("key 'preset' is not used: ce-fig2de draws random protons (or reads 'geometry')")
      }
      let input = try CrossEffectKeyUse.prepare(&config, task: .figure(figure))
      config.unrecorded = Set(varies)
      let session = try RunSession(
        task: "reproduce \(figure) --scale \(scale.rawValue)", options: options, config: config)
      try await body(scale, session, input)
      session.report("\(figure): data, \(figure).gp and the plot are in \(session.output.directory.path)")
    }
  }

  static func mhz(_ x: Double) -> ConfigValue { .string("\(x) MHz") }

  /// Log-spaced values from a to b.
  static func logSpace(_ a: Double, _ b: Double, count: Int) -> [Double] {
    (0..<count).map { pow(10, log10(a) + (log10(b) - log10(a)) * Double($0) / Double(max(1, count - 1))) }
  }

  // MARK: - Fig. 1(c)

  /// The n–e1–e2 build-up from ρ_th by the full master equation: the coherent parameters of Fig. 1(c) (70 K,
  /// ω1 = D = 0.5 MHz, T1e = 3 ms) and the incoherent ones of its dashed curves (1 K, ω1 = 10 kHz, D = 100 kHz,
  /// T1e = 1 s); the fast (electron) and slow (nuclear) stages show on the log time axis.
  static func figure1c(_ scale: FigureScale, _ session: RunSession, _ input: CrossEffectInput) async throws {
    let base = session.config
    let sets: [(String, [String: String])] = [
      ("coherent", ["temperature": "70 K", "microwave_amplitude": "0.5 MHz", "electron_coupling": "0.5 MHz", "t1e": "3 ms"]),
      ("incoherent", ["temperature": "1 K", "microwave_amplitude": "10 kHz", "electron_coupling": "100 kHz", "t1e": "1 s"]),
    ]
    let configs = try sets.map { _, values in
      try values.sorted { $0.key < $1.key }.reduce(base) { try $0.setting($1.key, to: .string($1.value)) }
    }
    let times = try CrossEffectConfig.times(base, logarithmic: true)
    let curves = try await session.mapRealizations(counts: [sets.count], phase: "curves", label: "curves") { _, r, _, _ in
      let (p, spins) = try input.system(configs[r], orientation: 0)
      return try CrossEffectSolver.evolve(p, spins, method: "full", times: times)
    }[0]
    var results = [String: CrossEffectEvolution]()
    var series = [GnuplotFigure.Series]()
    for (k, (label, _)) in sets.enumerated() {
      let e = CrossEffectRunner.summarizeEvolution(
        configs[k], input: input, method: "full", times: times, curves: [curves[k]])
      results[label] = e
      var table = CSVTable(header: ["time_s", "P_e1", "P_e2", "P_n"])
      for (t, time) in times.enumerated() {
        table.append([time, e.polarizations.electrons[0][t], e.polarizations.electrons[1][t], e.polarizations.nuclei[0][t]])
      }
      try session.output.writeCSV(table, to: "fig1c_\(label).csv")
      for (column, name) in [(2, "e1"), (3, "e2"), (4, "n")] {
        series.append(.init(file: "fig1c_\(label).csv", x: 1, y: column, title: "\(name) (\(label))", style: .lines))
      }
    }
    var plot = GnuplotFigure(
      name: "ce-fig1c", title: "Polarization build-up of the n–e1–e2 model (CE Fig. 1c)", xLabel: "time (s)",
      yLabel: "polarization relative to p", note: "full master equation (eq. 1) from ρ_th; \(scale.rawValue) scale",
      series: series)
    plot.logX = true
    try session.plot(plot)
    try session.writeResult(CurvesResult(figure: "ce-fig1c", series: results), seed: nil)
  }

  // MARK: - Fig. 2(a, b)

  /// One (ω1, D) point of Fig. 2(a, b): ε and τ fitted to the nuclear build-up, and the polarization at the
  /// last time.
  struct BuildUpPoint: Codable, Sendable {
    var microwaveAmplitudeMHz: Double
    var electronCouplingMHz: Double
    var fit: BuildUp?
    var finalNuclear: Double
  }

  static func amplitudes(_ figure: String, _ scale: FigureScale) -> [Double] {  // ω1/2π in MHz
    switch (figure, scale) {
    case ("ce-fig2ab", .quick): return [0.001, 0.01, 0.1]
    case ("ce-fig2ab", .paper): return [0.001, 0.003, 0.01, 0.03, 0.1]
    case (_, .quick): return [0.003, 0.03]
    default: return [0.003, 0.01, 0.03, 0.1]
    }
  }

  /// The (ω1, D) grid of a figure, ω1-major, as configurations.
  static func grid(_ base: ResolvedConfig, amplitudes: [Double], couplings: [Double]) throws -> [ResolvedConfig] {
    try amplitudes.flatMap { w in
      try couplings.map { d in
        try base.setting("microwave_amplitude", to: mhz(w)).setting("electron_coupling", to: mhz(d))
      }
    }
  }

  /// Fig. 2(a, b): the e1–e2–n model (p = 0.984, R1 = 1 s⁻¹, R2 = 10⁵ s⁻¹, B = 0.1 MHz), ε and τ of the
  /// nuclear build-up vs D for several ω1 (`method`, full by default).
  static func figure2ab(_ scale: FigureScale, _ session: RunSession, _ input: CrossEffectInput) async throws {
    let base = session.config
    let couplings = logSpace(0.001, 10, count: base.has("coupling_points") ? base.integer("coupling_points") : scale == .paper ? 21 : 9)
    let omegas = amplitudes("ce-fig2ab", scale)
    let points = try grid(base, amplitudes: omegas, couplings: couplings)
    let times = try CrossEffectConfig.times(base, logarithmic: true)
    let method = base.text("method")
    let results = try await session.mapRealizations(counts: [points.count], phase: "points", label: "(ω1, D) points") {
      _, i, _, _ in
      let (p, spins) = try input.system(points[i], orientation: 0)
      let nuclear = try CrossEffectSolver.evolve(p, spins, method: method, times: times).nuclei[0]
      return BuildUpPoint(
        microwaveAmplitudeMHz: points[i].number("microwave_amplitude") / CrossEffectConfig.megahertz,
        electronCouplingMHz: points[i].number("electron_coupling") / CrossEffectConfig.megahertz,
        fit: CrossEffectSolver.fit(times: times, values: nuclear), finalNuclear: nuclear.last!)
    }[0]
    var enhancement = [GnuplotFigure.Series](), time = [GnuplotFigure.Series]()
    for (k, w) in omegas.enumerated() {
      let file = "fig2ab_w1_\(w * 1000)kHz.csv"
      var table = CSVTable(header: ["electron_coupling_MHz", "enhancement", "build_up_time_s", "final_polarization"])
      for r in results[(k * couplings.count)..<((k + 1) * couplings.count)] {
        table.append([r.electronCouplingMHz, r.fit?.enhancement ?? .nan, r.fit?.buildUpTimeS ?? .nan, r.finalNuclear])
      }
      try session.output.writeCSV(table, to: file)
      enhancement.append(.init(file: file, x: 1, y: 2, title: "ω1/2π = \(w * 1000) kHz", style: .linespoints))
      time.append(.init(file: file, x: 1, y: 3, title: "ω1/2π = \(w * 1000) kHz", style: .linespoints))
    }
    let note = "e1–e2–n, method = \(method), fit of ε(1 − e^{−t/τ}) to \(times.count) times; \(scale.rawValue) scale"
    var a = GnuplotFigure(
      name: "ce-fig2a", title: "Enhancement vs electron coupling (CE Fig. 2a)", xLabel: "D/2π (MHz)",
      yLabel: "ε (relative to p)", note: note, series: enhancement)
    a.logX = true
    try session.plot(a)
    var b = GnuplotFigure(
      name: "ce-fig2b", title: "Build-up time vs electron coupling (CE Fig. 2b)", xLabel: "D/2π (MHz)",
      yLabel: "τ (s)", note: note, series: time)
    b.logX = true
    b.logY = true
    try session.plot(b)
    try session.writeResult(CurvesResult(figure: "ce-fig2ab", series: ["points": results]), seed: nil)
  }

  // MARK: - Fig. 2(c)

  /// One (ω1, D) point of Fig. 2(c): max_{t,k} |p_FE − p_ZP| over the build-up, and min η1.
  struct ErrorPoint: Codable, Sendable {
    var microwaveAmplitudeMHz: Double
    var electronCouplingMHz: Double
    var error: Double
    var eta1: Double
  }

  /// Fig. 2(c): the pentagon (p = 0.984, B_11 = B_22 = 0.1 MHz, d_13 = d_23 = 10 Hz, R1 = 1 s⁻¹, R2 = 10⁵ s⁻¹):
  /// the largest difference of a nuclear polarization between the full master equation and the Zeeman
  /// projection over the build-up from ρ_th (the log time grid), vs D for several ω1.
  /// - Complexity: per point one dense eigendecomposition of the 1024 × 1024 superoperator (~2 s) and one
  ///   32-state exponential.
  static func figure2c(_ scale: FigureScale, _ session: RunSession, _ input: CrossEffectInput) async throws {
    let base = session.config
    let couplings = logSpace(0.001, 10, count: base.has("coupling_points") ? base.integer("coupling_points") : scale == .paper ? 16 : 6)
    let omegas = amplitudes("ce-fig2c", scale)
    let points = try grid(base, amplitudes: omegas, couplings: couplings)
    let times = try CrossEffectConfig.times(base, logarithmic: true)
    let results = try await session.mapRealizations(counts: [points.count], phase: "points", label: "(ω1, D) points") {
      _, i, _, _ in
      let (p, spins) = try input.system(points[i], orientation: 0)
      let full = try CrossEffectSolver.evolve(p, spins, method: "full", times: times)
      let projected = try CrossEffectSolver.evolve(p, spins, method: "projected", times: times)
      let error = zip(full.nuclei, projected.nuclei).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
      let eta1 = try CrossEffectModel(parameters: p, spins: spins).efficiencyConditions().incoherenceMargin
      return ErrorPoint(
        microwaveAmplitudeMHz: points[i].number("microwave_amplitude") / CrossEffectConfig.megahertz,
        electronCouplingMHz: points[i].number("electron_coupling") / CrossEffectConfig.megahertz, error: error,
        eta1: eta1)
    }[0]
    var series = [GnuplotFigure.Series]()
    for (k, w) in omegas.enumerated() {
      let file = "fig2c_w1_\(w * 1000)kHz.csv"
      var table = CSVTable(header: ["electron_coupling_MHz", "error", "eta1"])
      for r in results[(k * couplings.count)..<((k + 1) * couplings.count)] {
        table.append([r.electronCouplingMHz, r.error, r.eta1])
      }
      try session.output.writeCSV(table, to: file)
      series.append(.init(file: file, x: 1, y: 2, title: "ω1/2π = \(w * 1000) kHz", style: .linespoints))
    }
    var plot = GnuplotFigure(
      name: "ce-fig2c", title: "Error of the Zeeman projection vs the full master equation (CE Fig. 2c)",
      xLabel: "D/2π (MHz)", yLabel: "max_{t,k} |Δp_{I,k}|/p",
      note: "pentagon, \(times.count) times from \(times.first!) s to \(times.last!) s; \(scale.rawValue) scale",
      series: series)
    plot.logX = true
    plot.logY = true
    try session.plot(plot)
    try session.writeResult(CurvesResult(figure: "ce-fig2c", series: ["points": results]), seed: nil)
  }

  // MARK: - Fig. 2(d, e)

  /// The protons of Fig. 2(d, e): the `geometry` file if given, else `count` random protons at 60 M (≥ 5 Å
  /// from the electrons, ≥ 2.5 Å apart: closer pairs flip-flop at ~10⁵ s⁻¹ and dominate the kMC's cost)
  /// around electrons at (±7, 0, 0) Å, field along z, from stream
  /// (seed, 2⁶³); D is the configuration's `electron_coupling` (the paper's tuned matching, not the
  /// point-dipole value).
  static func protons(_ c: ResolvedConfig, _ input: CrossEffectInput, count: Int) throws -> CrossEffectInput {
    if case .geometry(let g, let d) = input { return .geometry(g, electronCoupling: d ?? c.number("electron_coupling")) }
    let g = try SpinGeometry.randomProtons(
      electrons: [[-7, 0, 0], [7, 0, 0]], count: count, concentration: 60, exclusionRadius: 5, spacing: 2.5,
      seed: UInt64(c.integer("seed")), stream: 1 << 63)
    return .geometry(g, electronCoupling: c.number("electron_coupling"))
  }

  /// Fig. 2(d, e): kinetic Monte Carlo of random protons with and without spin diffusion (two work items):
  /// the total build-up with its fit, and the map of each proton's polarization at 10 s and at the last time.
  /// Quick scale: 24 protons, 256 trajectories, 22 s (seconds); paper: 118, 2000, 220 s (about 10 h on 2 cores: a job array).
  static func figure2de(_ scale: FigureScale, _ session: RunSession, _ input: CrossEffectInput) async throws {
    let base = session.config
    if base.has("protons") && base.has("geometry") {
      throw ConfigError("key 'protons' is not used: the geometry file '\(base.text("geometry"))' gives the nuclei; remove one")
    }
    let spins = try protons(base, input, count: base.has("protons") ? base.integer("protons") : scale == .paper ? 118 : 24)
    let times = try CrossEffectConfig.times(base, logarithmic: false)
    let trajectories = base.integer("trajectories"), seed = UInt64(base.integer("seed"))
    let cutoff = base.number("nuclear_coupling_cutoff")
    let system = try spins.system(base, orientation: 0)
    // Curve 0 with spin diffusion, curve 1 without, each from its own seed (kineticMonteCarloRuns).
    let records = try await CrossEffectRunner.kineticMonteCarloRuns(
      session: session, config: base, systems: 2, nuclei: spins.nuclei ?? 0, times: times,
      electronPolarization: system.0.electronPolarization, phase: "curves", label: "curve blocks"
    ) { r in
      try ZeemanKineticMonteCarlo(
        parameters: system.0, spins: system.1, spinDiffusion: r == 0, nuclearCouplingCutoff: cutoff)
    }
    let positions = spins.nuclearPositions ?? []
    let early = times.indices.min { abs(times[$0] - 10) < abs(times[$1] - 10) } ?? 0
    var results = [String: CrossEffectKineticMonteCarlo]()
    var build = [GnuplotFigure.Series]()
    for (r, label) in ["diffusion", "no_diffusion"].enumerated() {
      let k = CrossEffectRunner.summarizeKineticMonteCarlo(
        base, input: spins, times: times, spinDiffusion: r == 0, results: [records[r]])
      results[label] = k
      var table = CSVTable(header: ["time_s", "P_n_mean", "P_n_mean_error"])
      for (t, time) in times.enumerated() { table.append([time, k.total[t], k.totalErrors[t]]) }
      try session.output.writeCSV(table, to: "fig2e_\(label).csv")
      build.append(
        .init(
          file: "fig2e_\(label).csv", x: 1, y: 2, error: 3,
          title: r == 0 ? "with spin diffusion (d ≠ 0)" : "without (d = 0)", style: .errorbars))
      var map = CSVTable(header: ["x_A", "y_A", "z_A", "P_at_\(format(times[early]))s", "P_at_\(format(times.last!))s"])
      for (i, x) in positions.enumerated() {
        map.append(x + [k.polarizations.nuclei[i][early], k.polarizations.nuclei[i].last!])
      }
      try session.output.writeCSV(map, to: "fig2d_\(label).csv")
    }
    var e = GnuplotFigure(
      name: "ce-fig2e", title: "Total nuclear polarization build-up, kinetic Monte Carlo (CE Fig. 2e)",
      xLabel: "time (s)", yLabel: "mean nuclear polarization relative to p",
      note: "\(positions.count) protons, \(trajectories) trajectories; \(scale.rawValue) scale", series: build)
    e.errorBars = "standard error over trajectories"
    try session.plot(e)
    var electrons = CSVTable(header: ["x_A", "y_A", "z_A"])
    if case .geometry(let g, _) = spins { for x in g.electrons { electrons.append(x) } }
    try session.output.writeCSV(electrons, to: "fig2d_electrons.csv")
    for (suffix, column, time) in [("", 4, times[early]), ("-late", 5, times.last!)] {
      try session.plot(
        GnuplotFigure(
          name: "ce-fig2d" + suffix,
          title: "Proton polarization at t = \(format(time)) s, projected on the x–y plane (CE Fig. 2d, with spin diffusion)",
          xLabel: "x (Å)", yLabel: "y (Å)",
          note: "colour: polarization relative to p; fig2d_no_diffusion.csv holds the run without spin diffusion",
          series: [
            .init(file: "fig2d_diffusion.csv", x: 1, y: 2, error: column, title: "protons", style: .palette),
            .init(file: "fig2d_electrons.csv", x: 1, y: 2, title: "electrons", style: .points),
          ]))
    }
    try session.writeResult(CurvesResult(figure: "ce-fig2de", series: results), seed: seed)
  }
}

/// result.json of a cross-effect figure: its name and its curves by label.
struct CurvesResult<Curve: Encodable>: Encodable {
  var figure: String
  var series: [String: Curve]
}
