import DNPNumerics
import Foundation
import MasterEquations
import ZenoLocalization

/// The flat keys of `dnp zeno …` (README documents them). Defaults: the ZL paper's Table I at 1.2 K, with
/// ω1/2π = 0.628 MHz (Table I's "ω1 (2π MHz)" column read like its other columns).
enum ZenoConfig {
  static let megahertz = 2 * Double.pi * 1e6

  static let sweepable = [
    "electrons", "electron_larmor", "inhomogeneous_width", "dipolar_strength", "microwave_frequency",
    "microwave_amplitude", "temperature", "t1", "t_star", "t_zero",
  ]

  /// The toy-model keys (`dnp zeno toy-model`, SM Sec. IV); frequencies are ω/2π, γ as γ/2π.
  static let toyKeys: Set<String> = [
    "toy_drive", "toy_exchange", "toy_offset", "toy_gamma", "toy_detuning_span", "toy_points",
  ]
  /// The phonon-bath keys (`dnp zeno bath-times`, SM Sec. V B).
  static let bathKeys: Set<String> = [
    "bath_temperature_min", "bath_temperature_max", "bath_temperature_points", "bath_low_frequency",
  ]

  static let schema = ConfigSchema([
    ConfigKey("electrons", .integer, default: .number(10), range: 1...14, help: "number of electron spins N"),
    ConfigKey(
      "electron_larmor", .quantity(.frequency), default: .string("93.9 GHz"), range: 0...1e13,
      help: "electron Larmor frequency ω_e/2π"),
    ConfigKey(
      "inhomogeneous_width", .quantity(.frequency), default: .string("5 MHz"), range: 0...1e11,
      help: "Δω_e: offsets Δ_i in [−Δω_e/2, Δω_e/2]"),
    ConfigKey(
      "offsets", .choice(["random", "equally_spaced"]), default: .string("random"),
      help: "random: Δ_i uniform; equally_spaced: Δ_i = Δω_e (i/(N−1) − 1/2)"),
    ConfigKey(
      "dipolar_strength", .quantity(.frequency), default: .string("0.75 MHz"), range: 0...1e11,
      help: "U: flip-flop couplings U_ij Gaussian with standard deviation U/√N"),
    ConfigKey(
      "microwave_frequency", .quantity(.frequency), default: .string("93.8988 GHz"), range: 0...1e13,
      help: "microwave frequency ω_MW/2π"),
    ConfigKey(
      "microwave_amplitude", .quantity(.frequency), default: .string("0.628 MHz"), range: 0...1e12,
      help: "microwave amplitude ω1/2π (Table I's 0.628 read as ω1/2π; 0 switches the microwaves off)"),
    ConfigKey(
      "irradiated", .list,
      help: "the irradiated spins as 1-based indices, e.g. [3] (default: all spins, eq. S46)"),
    .temperature,
    ConfigKey("t1", .quantity(.time), default: .string("160 us"), range: 1e-15...1e6, help: "T1 (eq. 7)"),
    ConfigKey(
      "t_star", .quantity(.time), default: .string("80 us"), range: 1e-15...1e6,
      help: "T*: transitions at 0 < |ω| ≪ ω_e (eq. 8)"),
    ConfigKey(
      "t_zero", .quantity(.time), default: .string("1.6 us"), range: 1e-15...1e6,
      help: "T(0): zero-energy transitions (eq. 8)"),
    ConfigKey(
      "dynamics", .choice(["both", "hilbert", "nonsecular"]), default: .string("both"),
      help: "which stationary states to compute: Hilbert (secular), nonsecular (GKSL) or both"),
    ConfigKey(
      "solver_tolerance", .real, default: .number(1e-10), range: 1e-14...1e-3,
      help: "target relative error of the nonsecular ρ_stat (the preconditioned GMRES estimate)"),
    ConfigKey(
      "epr_bin_width", .quantity(.frequency), default: .string("0.2 MHz"), range: 1...1e11,
      help: "bin width δω/2π of the EPR spectrum (eq. S63)"),
    ConfigKey(
      "realizations", .integer, default: .number(10), range: 1...1_000_000, help: "disorder realizations"),
    .seed,
    ConfigKey(
      "sample", .path,
      help:
        "JSON file {\"electron_offsets_MHz\": [Δ_i], \"dipolar_couplings_MHz\": [[U_ij]]} (ω/2π in MHz; replaces random disorder)"
    ),
    ConfigKey("sweep_parameter", .keyName, help: "the key a sweep varies"),
    ConfigKey("sweep_values", .list, help: "the values of the swept key, e.g. [\"0.1 MHz\", \"0.75 MHz\"]"),
    ConfigKey(
      "toy_drive", .quantity(.frequency), default: .string("0.01 MHz"), range: 0...1e12,
      help: "toy model: microwave coupling V/2π of |0⟩ and |1⟩"),
    ConfigKey(
      "toy_exchange", .quantity(.frequency), default: .string("1 MHz"), range: 0...1e12,
      help: "toy model: exchange J/2π between |1⟩ and |2⟩"),
    ConfigKey(
      "toy_offset", .quantity(.frequency), default: .string("0.1 MHz"), range: 0...1e12,
      help: "toy model: Δ/2π (|1⟩, |2⟩ at ω_e ∓ Δ)"),
    ConfigKey(
      "toy_gamma", .quantity(.frequency), default: .string("0.1 MHz"), range: 1e-3...1e12,
      help: "toy model: γ/2π (the zero-temperature decay rate of |1⟩ and |2⟩ is 2γ)"),
    ConfigKey(
      "toy_detuning_span", .quantity(.frequency), default: .string("3 MHz"), range: 1e-3...1e12,
      help: "toy model: ω_MW − ω_e runs over [−span, span]"),
    ConfigKey(
      "toy_points", .integer, default: .number(201), range: 2...100_000, help: "toy model: detunings"),
    ConfigKey(
      "bath_temperature_min", .quantity(.temperature), default: .string("1 K"), range: 1e-2...1e3,
      help: "bath times: lowest temperature"),
    ConfigKey(
      "bath_temperature_max", .quantity(.temperature), default: .string("20 K"), range: 1e-2...1e3,
      help: "bath times: highest temperature"),
    ConfigKey(
      "bath_temperature_points", .integer, default: .number(30), range: 2...10_000,
      help: "bath times: temperatures, logarithmically spaced"),
    ConfigKey(
      "bath_low_frequency", .quantity(.frequency), default: .string("5 MHz"), range: 1...1e11,
      help: "bath times: ω*/2π, the level spacing at which T* = T(ω*) is taken"),
  ])

  /// Model parameters from a resolved config (internal units). `irradiated` is checked by ``check(_:)``.
  static func parameters(_ c: ResolvedConfig) -> ZenoParameters {
    var p = ZenoParameters.tableI()
    p.electrons = c.integer("electrons")
    p.electronLarmor = c.number("electron_larmor")
    p.inhomogeneousWidth = c.number("inhomogeneous_width")
    p.dipolarStrength = c.number("dipolar_strength")
    p.microwaveFrequency = c.number("microwave_frequency")
    p.microwaveAmplitude = c.number("microwave_amplitude")
    p.irradiated = (try? irradiated(c)) ?? nil
    p.temperature = c.number("temperature")
    p.t1 = c.number("t1")
    p.tStar = c.number("t_star")
    p.tZero = c.number("t_zero")
    return p
  }

  /// The irradiated spins, 0-based (nil: all), from the 1-based list of `irradiated`.
  static func irradiated(_ c: ResolvedConfig) throws -> [Int]? {
    guard let items = c.values["irradiated"]?.items else { return nil }
    let n = c.integer("electrons")
    var out = [Int]()
    for item in items {
      guard case .number(let x) = item, x == x.rounded(), x >= 1, x <= Double(n) else {
        throw ConfigError(
          "key 'irradiated': \(item) is not a spin; expected 1-based indices from 1 to N = \(n), e.g. [3]")
      }
      guard !out.contains(Int(x) - 1) else {
        throw ConfigError("key 'irradiated': spin \(Int(x)) is listed twice")
      }
      out.append(Int(x) - 1)
    }
    return out.sorted()
  }

  /// Which stationary states a config computes.
  static func dynamics(_ c: ResolvedConfig) -> [ZenoDynamics] {
    switch c.text("dynamics") {
    case "hilbert": return [.hilbert]
    case "nonsecular": return [.nonsecular]
    default: return [.hilbert, .nonsecular]
    }
  }

  /// How the nonsecular steady state is solved: the engine's defaults with `solver_tolerance`.
  static func solverOptions(_ c: ResolvedConfig) -> SteadyStateOptions {
    SteadyStateOptions(tolerance: c.number("solver_tolerance"))
  }

  /// The sample of realization r: the explicit one, or stream (seed, r).
  static func sample(_ c: ResolvedConfig, explicit: ZenoSample?, realization r: Int) -> ZenoSample {
    if let explicit { return explicit }
    let p = parameters(c), seed = UInt64(c.integer("seed"))
    return c.text("offsets") == "equally_spaced"
      ? .equallySpaced(p, seed: seed, realization: r) : .random(p, seed: seed, realization: r)
  }

  /// The fixed window of ω − ω_e (rad/s) the EPR spectra of every realization are binned on, so that they can
  /// be averaged: the offsets' range plus four times the coupling scale (a line moves by less than the
  /// flip-flop energy it exchanges), rounded out to whole bins, with 5 spare bins on each side. For an
  /// explicit sample: its own largest |Δ_i| and largest row sum of |U_ij|.
  static func eprWindow(_ c: ResolvedConfig, explicit: ZenoSample?) -> ClosedRange<Double> {
    let width = c.number("epr_bin_width")
    let reach: Double
    if let s = explicit {
      let offsets = s.offsets.map(abs).max() ?? 0
      let couplings = s.couplings.map { $0.map(abs).reduce(0, +) }.max() ?? 0
      reach = offsets + 2 * couplings
    } else {
      reach = c.number("inhomogeneous_width") / 2 + 4 * c.number("dipolar_strength")
    }
    let centre = c.number("microwave_frequency") - c.number("electron_larmor")
    let bins = ((reach + abs(centre)) / width).rounded(.up) + 5
    return (-bins * width)...(bins * width)
  }

  /// Estimated peak memory (bytes) of one realization at N spins: the nonsecular solve keeps its Krylov basis
  /// (restart + 1 vectors of 4^N complex numbers; up to 7 spins up to 1001 vectors, see
  /// `SteadyStateOptions.restart`) plus about ten more for ρ, the preconditioner and the operator's work
  /// space. The Hilbert dynamics keeps ⟨n|S^+_i|m⟩ for every spin and the rates between neighbouring
  /// sectors: about (N + 6) · C(2N, N) doubles.
  static func memoryPerRealization(electrons n: Int, nonsecular: Bool) -> Double {
    var binomial = 1.0  // C(2N, N)
    for k in 0..<n { binomial = binomial * Double(2 * n - k) / Double(k + 1) }
    let hilbert = 8 * Double(n + 6) * binomial + 5e7
    guard nonsecular else { return hilbert }
    let kept = n <= 7 ? 1001.0 : 41
    return max(hilbert, (kept + 10) * 16 * pow(4, Double(n)) + 5e7)
  }

  /// Reads an explicit sample: frequencies in MHz meaning ω/2π.
  static func readSample(path: String) throws -> ZenoSample {
    struct File: Decodable {
      var electron_offsets_MHz: [Double]
      var dipolar_couplings_MHz: [[Double]]
    }
    let file = try SampleFile.decode(
      File.self, path: path,
      shape:
        "\"electron_offsets_MHz\": [Δ_i] and \"dipolar_couplings_MHz\": [[U_ij]] (symmetric, zero diagonal), both ω/2π in MHz"
    )
    let s = ZenoSample(
      offsets: file.electron_offsets_MHz.map { $0 * megahertz },
      couplings: file.dipolar_couplings_MHz.map { $0.map { $0 * megahertz } })
    try SampleFile.check(electrons: s.electrons, inconsistency: s.inconsistency(), path: path, schema: schema)
    return s
  }

  /// The checks of one parameter point: the irradiated spins exist, and the EPR window holds at most 10⁶
  /// bins (the library's limit).
  static func check(_ c: ResolvedConfig, explicit: ZenoSample?) throws {
    _ = try irradiated(c)
    let window = eprWindow(c, explicit: explicit)
    let bins = (window.upperBound - window.lowerBound) / c.number("epr_bin_width")
    guard bins <= 1e6 else {
      throw ConfigError(
        "key 'epr_bin_width' = \(c.text("epr_bin_width")): the EPR window \(format(window.upperBound / megahertz)) MHz either side of ω_e would need \(format(bins.rounded(.up))) bins, more than 10⁶; give a wider bin"
      )
    }
  }

  /// Refuses every key `task` would not read, loads the explicit sample (fixing `electrons` and
  /// `realizations` to it) and checks the point, before anything is written.
  static func prepare(_ c: inout ResolvedConfig, task: ZenoTask) throws -> ZenoSample? {
    try ZenoKeyUse.refuseUnused(c, task: task)
    var explicit: ZenoSample?
    if let path = c.optionalText("sample") {
      let s = try readSample(path: path)
      try c.fix("electrons", to: .number(Double(s.electrons)), by: "the sample file '\(path)'")
      try c.fix("realizations", to: .number(1), by: "the sample file '\(path)' (one explicit realization)")
      explicit = s
    }
    if task.simulatesSpins { try check(c, explicit: explicit) }
    return explicit
  }

  /// Configs for each value of a sweep (each checked).
  static func sweepPoints(
    _ c: ResolvedConfig, parameter: String, values: [ConfigValue], explicit: ZenoSample?
  ) throws -> [ResolvedConfig] {
    guard sweepable.contains(parameter) else {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' cannot be swept; expected one of \(sweepable.joined(separator: ", "))"
      )
    }
    if let explicit, ["electrons", "inhomogeneous_width", "dipolar_strength"].contains(parameter) {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' is fixed by the sample file '\(c.text("sample"))' (N = \(explicit.electrons), its own offsets and couplings); remove 'sample' to sweep it"
      )
    }
    return try values.map { v in
      let point = try c.setting(parameter, to: v)
      try check(point, explicit: explicit)
      return point
    }
  }

  /// The unit a key is shown in on plots and in CSV tables.
  static func displayUnit(_ key: String) -> (symbol: String, factor: Double) {
    switch key {
    case "electron_larmor", "microwave_frequency": return ("GHz", 2 * .pi * 1e9)
    case "t1", "t_star", "t_zero": return ("us", 1e-6)
    case "temperature": return ("K", 1)
    case "electrons": return ("", 1)
    default: return ("MHz", megahertz)
    }
  }

  static func axisLabel(_ key: String) -> String {
    let unit = displayUnit(key).symbol
    return unit.isEmpty ? key : "\(key) (\(unit))"
  }
}
