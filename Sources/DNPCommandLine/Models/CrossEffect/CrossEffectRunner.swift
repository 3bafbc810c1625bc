import CrossEffect
import Foundation

/// Build-up fits of the mean nuclear polarization: over all nuclei, the core and the bulk.
struct CrossEffectFits: Codable, Sendable {
  var all: BuildUp?
  var core: BuildUp?
  var bulk: BuildUp?

  init(times: [Double], all: [Double]?, core: [Double]?, bulk: [Double]?) {
    func fit(_ v: [Double]?) -> BuildUp? { v.flatMap { CrossEffectSolver.fit(times: times, values: $0) } }
    self.all = fit(all)
    self.core = fit(core)
    self.bulk = fit(bulk)
  }
}

/// result.json of `evolve`: the powder-averaged curves from ρ_th at t = 0.
struct CrossEffectEvolution: Codable, Sendable {
  var method: String
  var timesS: [Double]
  var polarizations: CrossEffectCurves
  var orientations: Int
  var coreNuclei: [Int]
  var bulkNuclei: [Int]
  /// Mean over all, core and bulk nuclei at each time.
  var total: [Double]
  var core: [Double]?
  var bulk: [Double]?
  var fits: CrossEffectFits
}

/// result.json of `kmc`.
struct CrossEffectKineticMonteCarlo: Codable, Sendable {
  var timesS: [Double]
  var trajectories: Int
  var orientations: Int
  var spinDiffusion: Bool
  var events: Int
  var polarizations: CrossEffectCurves
  /// Standard errors over the trajectories, [nucleus][time] (combined over orientations).
  var nucleusErrors: [[Double]]
  var total: [Double]
  var totalErrors: [Double]
  var core: [Double]?
  var bulk: [Double]?
  var coreNuclei: [Int]
  var bulkNuclei: [Int]
  var fits: CrossEffectFits
  /// Each nucleus's polarization at the last time.
  var finalNuclei: [Double]
}

/// The evolve and kMC runs of a configuration, over its field orientations as checkpointed work items.
enum CrossEffectRunner {
  static func orientations(_ c: ResolvedConfig, _ input: CrossEffectInput) -> Int {
    if case .geometry = input { return c.integer("powder_orientations") }
    return 1
  }

  static func evolution(
    session: RunSession, config c: ResolvedConfig, input: CrossEffectInput, times: [Double], phase: String
  ) async throws -> CrossEffectEvolution {
    let method = c.text("method")
    let curves = try await session.mapRealizations(
      counts: [orientations(c, input)], phase: phase, label: "orientations",
      memoryPerItem: CrossEffectConfig.memoryPerItem(c, nuclei: input.nuclei ?? 3, evolve: true)
    ) { _, r, _, _ in
      let (p, spins) = try input.system(c, orientation: r)
      return try CrossEffectSolver.evolve(p, spins, method: method, times: times)
    }[0]
    return summarizeEvolution(c, input: input, method: method, times: times, curves: curves)
  }

  static func summarizeEvolution(
    _ c: ResolvedConfig, input: CrossEffectInput, method: String, times: [Double], curves: [CrossEffectCurves]
  ) -> CrossEffectEvolution {
    let mean = CrossEffectCurves(
      electrons: PowderMean.curves(curves.map(\.electrons)), nuclei: PowderMean.curves(curves.map(\.nuclei)))
    let classes = CrossEffectReport.classes(c, input: input)
    let all = classMean(mean.nuclei, Array(mean.nuclei.indices), times: times.count)
    let core = classes.core.isEmpty ? nil : classMean(mean.nuclei, classes.core, times: times.count)
    let bulk = classes.bulk.isEmpty ? nil : classMean(mean.nuclei, classes.bulk, times: times.count)
    return CrossEffectEvolution(
      method: method, timesS: times, polarizations: mean, orientations: curves.count, coreNuclei: classes.core,
      bulkNuclei: classes.bulk, total: all ?? times.map { _ in 0 }, core: core, bulk: bulk,
      fits: CrossEffectFits(times: times, all: all, core: core, bulk: bulk))
  }

  /// The mean over `indices` of curves [nucleus][time], or nil for no nuclei.
  static func classMean(_ curves: [[Double]], _ indices: [Int], times: Int) -> [Double]? {
    guard !indices.isEmpty else { return nil }
    return (0..<times).map { t in indices.map { curves[$0][t] }.reduce(0, +) / Double(indices.count) }
  }

  static func writeEvolution(
    _ e: CrossEffectEvolution, name: String, title: String, session: RunSession, note: String = ""
  ) throws {
    let n = e.polarizations.nuclei.count
    var table = CSVTable(header: ["time_s", "P_e1", "P_e2"] + (0..<n).map { "P_n\($0 + 1)" } + ["P_n_mean"])
    for (t, time) in e.timesS.enumerated() {
      table.append(
        [time] + e.polarizations.electrons.map { $0[t] } + e.polarizations.nuclei.map { $0[t] } + [e.total[t]])
    }
    try session.output.writeCSV(table, to: "\(name).csv")
    var figure = GnuplotFigure(
      name: name, title: title, xLabel: "time (s)", yLabel: "polarization relative to p",
      note: "method = \(e.method)" + (e.orientations > 1 ? ", \(e.orientations) orientations" : "") + note,
      series: (0..<(2 + n)).map {
        .init(file: "\(name).csv", x: 1, y: 2 + $0, title: $0 < 2 ? "electron \($0 + 1)" : "nucleus \($0 - 1)", style: .lines)
      })
    figure.logX = e.timesS.first.map { $0 > 0 } ?? false
    try session.plot(figure)
  }

  // MARK: - Kinetic Monte Carlo

  static func kineticMonteCarlo(
    session: RunSession, config c: ResolvedConfig, input: CrossEffectInput, times: [Double], spinDiffusion: Bool,
    phase: String
  ) async throws -> CrossEffectKineticMonteCarlo {
    let cutoff = c.number("nuclear_coupling_cutoff")
    let results = try await kineticMonteCarloRuns(
      session: session, config: c, systems: orientations(c, input), nuclei: input.nuclei ?? 3, times: times,
      electronPolarization: try input.system(c, orientation: 0).0.electronPolarization, phase: phase,
      label: "orientation blocks"
    ) { o in
      let (p, spins) = try input.system(c, orientation: o)
      return try ZeemanKineticMonteCarlo(
        parameters: p, spins: spins, spinDiffusion: spinDiffusion, nuclearCouplingCutoff: cutoff)
    }
    return summarizeKineticMonteCarlo(c, input: input, times: times, spinDiffusion: spinDiffusion, results: results)
  }

  /// The kMC of `systems` systems (field orientations, or a figure's curves), each run for `trajectories`
  /// trajectories split into work items of `trajectories_per_item` consecutive ones: the pipeline's unit of
  /// checkpoint, resume and shard. Item sums are integers (``KineticMonteCarloSums``) and merge exactly, so the
  /// averages do not depend on the block size, the shards or the threads. System s draws trajectory t from
  /// stream t of its seed: `seed` for a single system, ``PowderBuildUp/orientationSeed(_:_:)`` otherwise
  /// (independent random numbers in every orientation, as the combined standard error assumes).
  /// - Complexity: the kMC set-up once per work item (O(P·n)) and the trajectories.
  static func kineticMonteCarloRuns(
    session: RunSession, config c: ResolvedConfig, systems: Int, nuclei n: Int, times: [Double],
    electronPolarization: Double, phase: String, label: String,
    make: @escaping @Sendable (Int) throws -> ZeemanKineticMonteCarlo
  ) async throws -> [KineticMonteCarloResult] {
    let trajectories = c.integer("trajectories"), seed = UInt64(c.integer("seed"))
    let block = c.integer("trajectories_per_item")
    let blocks = (trajectories + block - 1) / block
    let parts = try await session.mapRealizations(
      counts: [systems * blocks], phase: phase, label: label,
      memoryPerItem: kineticMonteCarloMemory(nuclei: n, times: times.count)
    ) { _, item, threads, report -> KineticMonteCarloSums in
      let system = item / blocks, b = item % blocks
      let kmc = try make(system)
      return try kmc.sums(
        times: times, trajectories: (b * block)..<min(trajectories, (b + 1) * block),
        seed: systems == 1 ? seed : PowderBuildUp.orientationSeed(seed, system), threads: threads,
        progress: report)
    }[0]
    return try (0..<systems).map { system in
      var sums = parts[system * blocks]
      for b in 1..<blocks { try sums.merge(parts[system * blocks + b]) }
      return KineticMonteCarloResult(sums, electronPolarization: electronPolarization)
    }
  }

  /// Estimated peak memory (bytes) of one kMC work item: the sums (a few chunks per thread, times × (2 + n)
  /// words each) and the dependency lists, O(P · n) with P ≈ n²/2 + 4n processes when every nuclear pair is
  /// coupled (a geometry without a cutoff), 8 bytes an entry.
  static func kineticMonteCarloMemory(nuclei n: Int, times: Int) -> Double {
    let processes = Double(n) * Double(n) / 2 + 4 * Double(n)
    return 64 * Double(times) * Double(2 + n) + 8 * processes * Double(2 + n)
  }

  static func summarizeKineticMonteCarlo(
    _ c: ResolvedConfig, input: CrossEffectInput, times: [Double], spinDiffusion: Bool,
    results records: [KineticMonteCarloResult]
  ) -> CrossEffectKineticMonteCarlo {
    let count = Double(records.count)
    let mean = CrossEffectCurves(
      electrons: PowderMean.curves(records.map(\.electrons)), nuclei: PowderMean.curves(records.map(\.nuclei)))
    func combined(_ errors: [[Double]]) -> [Double] {  // the error of an equal-weight mean of independent runs
      PowderMean.vectors(errors.map { $0.map { $0 * $0 } }).map { ($0 / count).squareRoot() }
    }
    let nucleusErrors = mean.nuclei.indices.map { k in combined(records.map { $0.nucleusErrors[k] }) }
    let classes = CrossEffectReport.classes(c, input: input)
    let total = PowderMean.vectors(records.map(\.total))
    let core = classes.core.isEmpty ? nil : classMean(mean.nuclei, classes.core, times: times.count)
    let bulk = classes.bulk.isEmpty ? nil : classMean(mean.nuclei, classes.bulk, times: times.count)
    return CrossEffectKineticMonteCarlo(
      timesS: times, trajectories: c.integer("trajectories"), orientations: records.count,
      spinDiffusion: spinDiffusion, events: records.map(\.events).reduce(0, +), polarizations: mean,
      nucleusErrors: nucleusErrors, total: total, totalErrors: combined(records.map(\.totalErrors)), core: core,
      bulk: bulk, coreNuclei: classes.core, bulkNuclei: classes.bulk,
      fits: CrossEffectFits(times: times, all: mean.nuclei.isEmpty ? nil : total, core: core, bulk: bulk),
      finalNuclei: mean.nuclei.map { $0.last ?? 0 })
  }

  /// `<name>.csv` (the build-up: all, core, bulk, electrons) with its plot, and `<name>_nuclei.csv` (each
  /// nucleus's final polarization, with its position when a geometry gives one).
  static func writeKineticMonteCarlo(
    _ k: CrossEffectKineticMonteCarlo, name: String, positions: [[Double]]?, session: RunSession, title: String? = nil
  ) throws {
    var table = CSVTable(header: ["time_s", "P_n_mean", "P_n_mean_error", "P_core", "P_bulk", "P_e1", "P_e2"])
    for (t, time) in k.timesS.enumerated() {
      table.append([
        time, k.total[t], k.totalErrors[t], k.core?[t] ?? .nan, k.bulk?[t] ?? .nan, k.polarizations.electrons[0][t],
        k.polarizations.electrons[1][t],
      ])
    }
    try session.output.writeCSV(table, to: "\(name).csv")
    var nuclei = CSVTable(header: ["nucleus", "class", "x_A", "y_A", "z_A", "final_polarization", "error"])
    for (i, v) in k.finalNuclei.enumerated() {
      let p = positions?[i] ?? [.nan, .nan, .nan]
      nuclei.append(
        text: ["\(i + 1)", k.coreNuclei.contains(i) ? "core" : "bulk"] + p.map { "\($0)" } + [
          "\(v)", "\(k.nucleusErrors[i].last ?? .nan)",
        ])
    }
    try session.output.writeCSV(nuclei, to: "\(name)_nuclei.csv")
    var series: [GnuplotFigure.Series] = [
      .init(file: "\(name).csv", x: 1, y: 2, error: 3, title: "all nuclei", style: .errorbars)
    ]
    if k.core != nil { series.append(.init(file: "\(name).csv", x: 1, y: 4, title: "core", style: .lines)) }
    if k.bulk != nil { series.append(.init(file: "\(name).csv", x: 1, y: 5, title: "bulk", style: .lines)) }
    var figure = GnuplotFigure(
      name: name, title: title ?? "Nuclear polarization build-up (kinetic Monte Carlo)", xLabel: "time (s)",
      yLabel: "mean nuclear polarization relative to p",
      note: "\(k.finalNuclei.count) nuclei, \(k.trajectories) trajectories"
        + (k.orientations > 1 ? " × \(k.orientations) orientations" : "")
        + (k.spinDiffusion ? "" : ", no spin diffusion"),
      series: series)
    figure.errorBars = "standard error over trajectories"
    try session.plot(figure)
  }
}
