import ArgumentParser
import CrossEffect
import Foundation

/// The tasks of `dnp cross-effect …` (``ModelCommand``) beyond the generic steady state and sweep.
enum CrossEffectCommand {
  typealias SteadyState = PointCommand<CrossEffectCommandModel>
  typealias Sweep = SweepCommand<CrossEffectCommandModel>

  /// `dnp cross-effect evolve`: the build-up from ρ_th, one work item per field orientation.
  struct Evolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "evolve",
      abstract:
        "Polarizations from the thermal state ρ_th at t = 0 over log-spaced (or listed) times (method = full or projected).",
      discussion: CrossEffectConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      var config = try options.resolve(CrossEffectConfig.schema)
      let input = try CrossEffectKeyUse.prepare(&config, task: .evolve)
      let times = try CrossEffectConfig.times(config, logarithmic: true)
      try CrossEffectReport.check(config, input: input)
      let session = try RunSession(task: "cross-effect evolve", options: options, config: config)
      let result = try await CrossEffectRunner.evolution(
        session: session, config: config, input: input, times: times, phase: "orientations")
      try CrossEffectRunner.writeEvolution(result, name: "evolution", title: "Polarization build-up", session: session)
      try session.writeResult(PointResult(point: result, units: CrossEffectReport.units), seed: nil)
      session.report(
        "evolution (\(result.method)) over \(times.count) times: at \(times.last!) s electrons \(CrossEffectReport.list(result.polarizations.electrons.map { $0.last! })), nuclei \(CrossEffectReport.list(result.polarizations.nuclei.map { $0.last! })); result in \(session.output.url("result.json").path)"
      )
    }
  }

  /// `dnp cross-effect conditions`: eq. 3 and η1 ≫ 1 for every Zeeman-order value of the offsets.
  struct Conditions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "conditions",
      abstract:
        "Efficiency conditions (eq. 3): η and η_j for every discrete offset Δ̄_j, and whether η1 ≪ η ≪ η2 and η1 ≫ 1 hold.",
      discussion: CrossEffectConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      try options.refuseShard(task: "cross-effect conditions", computes: "one closed-form result")
      var config = try options.resolve(CrossEffectConfig.schema)
      let input = try CrossEffectKeyUse.prepare(&config, task: .conditions)
      let (p, spins) = try input.system(config, orientation: 0)
      let conditions: EfficiencyConditions
      do { conditions = try CrossEffectModel(parameters: p, spins: spins).efficiencyConditions() } catch let e as CrossEffectError {
        throw ConfigError("the efficiency conditions cannot be evaluated: \(e.message)")
      }
      let session = try RunSession(task: "cross-effect conditions", options: options, config: config)
      let result = ConditionsResult(conditions)
      var table = CSVTable(header: ["electron", "offset_MHz", "eta_j", "saturation_z"])
      for (j, list) in [result.firstElectron, result.secondElectron].enumerated() {
        for o in list { table.append([Double(j + 1), o.offsetMHz, o.eta, o.saturationZ]) }
      }
      try session.output.writeCSV(table, to: "conditions.csv")
      try session.writeResult(PointResult(point: result, units: ConditionsResult.units), seed: nil)
      session.report(
        String(
          format: "η = %.4g; η/max η1 = %.3g (%@), min η2/η = %.3g (%@), min η1 = %.3g (%@): %@", result.eta,
          result.firstMargin, result.holds.firstSaturated ? "holds" : "fails", result.secondMargin,
          result.holds.secondPolarized ? "holds" : "fails", result.incoherenceMargin,
          result.holds.incoherent ? "holds" : "fails",
          result.holds.all ? "all hold by ≥ 10" : "not all hold by ≥ 10"))
    }
  }

  /// `dnp cross-effect rates`: every jump of the Zeeman-projected rate equation (eq. 4), by rate class.
  struct Rates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rates",
      abstract: "The effective rates of the Zeeman-projected rate equation (eq. 4), by class, and every jump.",
      discussion: CrossEffectConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      try options.refuseShard(task: "cross-effect rates", computes: "one table")
      var config = try options.resolve(CrossEffectConfig.schema)
      let input = try CrossEffectKeyUse.prepare(&config, task: .rates)
      let (p, spins) = try input.system(config, orientation: 0)
      let projection: ZeemanProjection
      do { projection = try ZeemanProjection(parameters: p, spins: spins) } catch let e as CrossEffectError {
        throw ConfigError("the projected rates cannot be built for this configuration: \(e.message)")
      }
      let session = try RunSession(task: "cross-effect rates", options: options, config: config)
      let total = 2 + spins.nuclei
      func pattern(_ s: UInt32) -> String {
        (0..<total).map { (s >> UInt32($0)) & 1 == 1 ? "u" : "d" }.joined()
      }
      var table = CSVTable(header: ["from", "to", "kind", "rate_per_s"])
      for jump in projection.jumps {
        table.append(text: [pattern(jump.from), pattern(jump.to), jump.kind.rawValue, "\(jump.rate)"])
      }
      try session.output.writeCSV(table, to: "jumps.csv")
      let classes = ZeemanProcessKind.allCases.compactMap { kind -> RateClass? in
        let rates = projection.jumps.filter { $0.kind == kind }.map(\.rate)
        guard !rates.isEmpty else { return nil }
        return RateClass(kind: kind.rawValue, jumps: rates.count, minimumPerS: rates.min()!, maximumPerS: rates.max()!)
      }
      var summary = CSVTable(header: ["kind", "jumps", "minimum_per_s", "maximum_per_s"])
      for c in classes { summary.append(text: [c.kind, "\(c.jumps)", "\(c.minimumPerS)", "\(c.maximumPerS)"]) }
      try session.output.writeCSV(summary, to: "rate_classes.csv")
      struct Result: Encodable {
        var rateClasses: [RateClass]
        var jumps: Int
        var stateLabels: String
      }
      try session.writeResult(
        PointResult(
          point: Result(
            rateClasses: classes, jumps: projection.jumps.count,
            stateLabels: "jumps.csv: spins e1, e2, n1, … as u (up) or d (down)"),
          units: ["minimum_per_s": "s⁻¹", "maximum_per_s": "s⁻¹"]),
        seed: nil)
      session.report(
        "\(projection.jumps.count) jumps in \(classes.count) classes: "
          + classes.map { String(format: "%@ %.3g…%.3g /s", $0.kind, $0.minimumPerS, $0.maximumPerS) }.joined(
            separator: "; "))
    }
  }

  /// `dnp cross-effect kmc`: kinetic Monte Carlo of the projected rate equation, one work item per field
  /// orientation; the build-up fit for all, core and bulk nuclei.
  struct KineticMonteCarlo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kmc",
      abstract:
        "Kinetic Monte Carlo of the projected rate equation: build-up, ε and τ (all, core and bulk nuclei), final per-nucleus polarizations.",
      discussion: CrossEffectConfig.schema.helpText)
    @OptionGroup var options: RunOptions

    func run() async throws {
      var config = try options.resolve(CrossEffectConfig.schema)
      let input = try CrossEffectKeyUse.prepare(&config, task: .kmc)
      let times = try CrossEffectConfig.times(config, logarithmic: false)
      let session = try RunSession(task: "cross-effect kmc", options: options, config: config)
      let started = Date()
      let result = try await CrossEffectRunner.kineticMonteCarlo(
        session: session, config: config, input: input, times: times, spinDiffusion: config.bool("spin_diffusion"),
        phase: "orientations")
      let seconds = Date().timeIntervalSince(started)
      try CrossEffectRunner.writeKineticMonteCarlo(result, name: "kmc", positions: input.nuclearPositions, session: session)
      try session.writeResult(
        PointResult(point: result, units: CrossEffectReport.units), seed: UInt64(config.integer("seed")))
      let fit = result.fits.all.map { String(format: "ε = %.4g, τ = %.4g s", $0.enhancement, $0.buildUpTimeS) } ?? "no fit"
      session.report(
        String(
          format: "kMC: %d trajectories × %d orientation(s), %d events (%.3g /s of wall time); all nuclei %@; result in %@",
          result.trajectories, result.orientations, result.events, Double(result.events) / max(seconds, 1e-9), fit,
          session.output.url("result.json").path))
    }
  }
}

/// One rate class of ``ZeemanProcessKind`` with its jump count and range.
struct RateClass: Codable, Sendable {
  var kind: String
  var jumps: Int
  var minimumPerS: Double
  var maximumPerS: Double
}

/// result.json of `conditions`.
struct ConditionsResult: Encodable {
  struct Offset: Encodable {
    var offsetMHz: Double
    var eta: Double
    var saturationZ: Double
  }
  struct Holds: Encodable {
    /// η1 ≪ η, η2 ≫ η, η1 ≫ 1, each by a factor ≥ 10.
    var firstSaturated: Bool
    var secondPolarized: Bool
    var incoherent: Bool
    var all: Bool
    var factor: Double
  }
  var eta: Double
  var firstElectron: [Offset]
  var secondElectron: [Offset]
  var firstMargin: Double
  var secondMargin: Double
  var incoherenceMargin: Double
  var holds: Holds

  init(_ c: EfficiencyConditions) {
    func offsets(_ list: [EfficiencyConditions.Offset]) -> [Offset] {
      list.map { Offset(offsetMHz: $0.offset / CrossEffectConfig.megahertz, eta: $0.eta, saturationZ: $0.saturation.z) }
    }
    eta = c.eta
    firstElectron = offsets(c.first)
    secondElectron = offsets(c.second)
    firstMargin = c.firstMargin
    secondMargin = c.secondMargin
    incoherenceMargin = c.incoherenceMargin
    let factor = 10.0
    holds = Holds(
      firstSaturated: c.firstMargin >= factor, secondPolarized: c.secondMargin >= factor,
      incoherent: c.incoherenceMargin >= factor, all: c.hold(by: factor), factor: factor)
  }

  static let units: [String: String] = [
    "eta": "η = R2/R1", "offset_MHz": "Δ̄_j/2π (MHz), one per Zeeman-order value of the other spins",
    "saturation_z": "Bloch Z of eq. 2 (1 = thermal, 0 = saturated)",
    "first_margin": "η / max η1 (≫ 1: the first electron saturates)",
    "second_margin": "min η2 / η (≫ 1: the second electron stays polarized)",
    "incoherence_margin": "min η1 (≫ 1: incoherent saturation, no Rabi oscillations)",
    "holds": "each condition holds by at least `factor`",
  ]
}
