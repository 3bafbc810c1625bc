import Foundation
import SpinPhysics
import ThermalMixing

/// The flat keys of `dnp thermal-mixing …` (README documents them). Defaults: TM paper Table I with N = 8.
enum ThermalMixingConfig {
  static let sweepable = [
    "dipolar_strength", "field", "microwave_frequency", "temperature", "concentration", "inhomogeneous_width",
    "microwave_amplitude", "hyperfine_strength", "nuclear_larmor", "electrons", "t1e", "t2e",
  ]

  static let schema = ConfigSchema([
    ConfigKey(
      "electrons", .integer, default: .number(8),
      range: 1...Double(ThermalMixingParameters.maximumElectrons), help: "number of electron spins N"),
    ConfigKey(
      "electron_larmor", .quantity(.frequency), default: .string("93.9 GHz"), range: 0...1e13,
      help: "electron Larmor frequency ω_e/2π at the reference field"),
    ConfigKey(
      "inhomogeneous_width", .quantity(.frequency), default: .string("54 MHz"), range: 0...1e11,
      help: "half-width Δω_e of the equally spaced offsets (footnote 37)"),
    ConfigKey(
      "dipolar_strength", .quantity(.frequency), default: .string("15 MHz"), range: 0...1e11,
      help: "U: standard deviation of U_ij is U/√N (gaussian model)"),
    ConfigKey(
      "hyperfine_strength", .quantity(.frequency), default: .string("0.5 MHz"), range: 0...1e11,
      help: "D: standard deviation of D_i is D/√N (not given in the paper)"),
    ConfigKey(
      "nuclear_larmor", .quantity(.frequency), default: .string("20 MHz"), range: 0...1e11,
      help: "nuclear Larmor frequency ω_n/2π"),
    ConfigKey(
      "microwave_frequency", .quantity(.frequency), default: .string("93.88 GHz"), range: 0...1e13,
      help:
        "microwave frequency ω_MW/2π (Table I gives none: ω_e − 20 MHz, inside the line, away from the solid-effect windows at ω_e ± Δω_e)"
    ),
    ConfigKey(
      "microwave_amplitude", .quantity(.frequency), default: .string("25 kHz"), range: 0...1e11,
      help: "microwave amplitude ω1/2π (0 switches the microwaves off)"),
    .temperature,
    .t1e,
    .t2e,
    ConfigKey(
      "field", .quantity(.magneticField), default: .string("3.35 T"), range: 1e-3...100,
      help:
        "reference field B0 of the frequencies above; sweeping `field` scales ω_e, Δω_e, ω_n and ω_MW − ω_e by B/B0"
    ),
    ConfigKey(
      "realizations", .integer, default: .number(20), range: 1...1_000_000, help: "disorder realizations"),
    .seed,
    ConfigKey(
      "coupling_model", .choice(["gaussian", "dipolar"]), default: .string("gaussian"),
      help: "gaussian: the paper's mean field; dipolar: random positions at `concentration`"),
    ConfigKey(
      "concentration", .quantity(.concentration), default: .string("15 mM"), range: 1e-6...1e5,
      help: "radical concentration (dipolar model)"),
    ConfigKey("ising", .boolean, default: .bool(false), help: "keep the secular Ising part (dipolar model)"),
    ConfigKey("sample", .path, help: "JSON file with an explicit sample (replaces random disorder)"),
    ConfigKey(
      "perturbative_order", .choice(["first", "second"]), default: .string("second"),
      help: "order of the perturbative spin temperature (eqs. 20–25)"),
    ConfigKey(
      "line_shape", .choice(["continuum", "discrete"]), default: .string("continuum"),
      help: "perturbative f(ω): uniform continuum or the sample's own offsets"),
    ConfigKey("borghini", .boolean, default: .bool(false), help: "Borghini's δ-function absorption (eq. 22)"),
    ConfigKey("sweep_parameter", .keyName, help: "the key a sweep varies"),
    ConfigKey("sweep_values", .list, help: "the values of the swept key, e.g. [\"2 MHz\", \"5 MHz\"]"),
  ])

  /// Model parameters from a resolved config (internal units).
  static func parameters(_ c: ResolvedConfig) -> ThermalMixingParameters {
    ThermalMixingParameters(
      electrons: c.integer("electrons"), electronLarmor: c.number("electron_larmor"),
      inhomogeneousWidth: c.number("inhomogeneous_width"), dipolarStrength: c.number("dipolar_strength"),
      hyperfineStrength: c.number("hyperfine_strength"), nuclearLarmor: c.number("nuclear_larmor"),
      microwaveFrequency: c.number("microwave_frequency"),
      microwaveAmplitude: c.number("microwave_amplitude"),
      temperature: c.number("temperature"), t1e: c.number("t1e"), t2e: c.number("t2e"))
  }

  /// The config at one sweep value. `field` rescales every field-proportional frequency.
  static func at(_ c: ResolvedConfig, parameter: String, value: ConfigValue) throws -> ResolvedConfig {
    guard parameter == "field" else { return try c.setting(parameter, to: value) }
    let b0 = c.number("field")
    let moved = try c.setting("field", to: value)
    let ratio = moved.number("field") / b0
    func mhz(_ x: Double) -> ConfigValue { .string("\(x * ratio / (2 * .pi * 1e6)) MHz") }
    var out = moved
    for key in ["electron_larmor", "inhomogeneous_width", "nuclear_larmor"] {
      out = try out.setting(key, to: mhz(c.number(key)))
    }
    let offset = c.number("microwave_frequency") - c.number("electron_larmor")
    out = try out.setting(
      "microwave_frequency",
      to: .string("\((c.number("electron_larmor") + offset) * ratio / (2 * .pi * 1e6)) MHz"))
    return out
  }

  /// The sample of one realization: the explicit sample file if given, else a random one.
  static func sample(_ c: ResolvedConfig, explicit: ThermalMixingSample?, realization: Int)
    -> ThermalMixingSample
  {
    if let explicit { return explicit }
    let p = parameters(c)
    let seed = UInt64(c.integer("seed"))
    if c.text("coupling_model") == "dipolar" {
      return .dipolar(
        p, concentration: c.number("concentration"), includeIsing: c.bool("ising"), seed: seed,
        realization: realization)
    }
    return .gaussian(p, seed: seed, realization: realization)
  }

  /// The parameters the perturbative theory gets: with the Gaussian model the configured U; with dipolar or
  /// explicit samples the mean-field U of the couplings actually simulated (the samples are re-drawn: cheap
  /// and deterministic), so the perturbative curve follows the concentration.
  static func perturbativeParameters(_ c: ResolvedConfig, explicit: ThermalMixingSample?)
    -> ThermalMixingParameters
  {
    var p = parameters(c)
    if explicit != nil || c.text("coupling_model") == "dipolar" {
      let count = explicit == nil ? c.integer("realizations") : 1
      p.dipolarStrength = ThermalMixingSample.meanFieldCoupling(
        (0..<count).map { sample(c, explicit: explicit, realization: $0) })
    }
    return p
  }

  /// The perturbative spin temperature (eqs. 20–25) as the config asks for it: order, Borghini, and the line
  /// shape — the uniform continuum, or the discrete offsets (with an explicit sample, its own offsets and
  /// pair couplings, eq. B10).
  static func perturbativeSpinTemperature(_ c: ResolvedConfig, explicit: ThermalMixingSample?) throws
    -> SpinTemperature
  {
    let p = perturbativeParameters(c, explicit: explicit)
    let shape: LineShape
    if c.text("line_shape") == "continuum" {
      shape = .continuum
    } else if let explicit {
      shape = .sample(offsets: explicit.offsets, couplings: explicit.couplings)
    } else {
      shape = .equallySpaced(p)
    }
    return try ThermalMixing.perturbativeSpinTemperature(
      p, lineShape: shape, order: c.text("perturbative_order") == "second" ? .second : .first,
      borghini: c.bool("borghini"))
  }

  /// Estimated peak memory (bytes) of one realization at N electrons: every sector's eigenvectors are kept
  /// for the rates, Σ_k (2·C(N, k))² = 4·C(2N, N) doubles, and the rates and blocks of the master equation
  /// take about six times as much again (measured: 0.9 GB at N = 12, 8.0 GB at N = 14; this gives 0.6 and 9.0).
  static func memoryPerRealization(electrons n: Int) -> Double {
    var binomial = 1.0  // C(2N, N)
    for k in 0..<n { binomial = binomial * Double(2 * n - k) / Double(k + 1) }
    return 7 * 8 * 4 * binomial
  }

  /// Estimated peak memory (bytes) of one ETH diagnostic at N electrons: the S^z = 0 sector's Hamiltonian and
  /// eigenvectors, C(N, N/2)² doubles each, with a third for LAPACK's workspace.
  static func memoryPerETH(electrons n: Int) -> Double {
    var binomial = 1.0  // C(N, N/2)
    for k in 0..<(n / 2) { binomial = binomial * Double(n - k) / Double(k + 1) }
    return 3 * 8 * binomial * binomial
  }

  /// Keys an explicit sample fixes, so a sweep cannot vary them.
  static let sampleDetermined: Set<String> = [
    "electrons", "dipolar_strength", "hyperfine_strength", "concentration", "inhomogeneous_width", "seed",
    "realizations",
  ]

  /// Keys that only one coupling model reads, and keys a sample fixes: sweeping them would change nothing
  /// (or contradict the sample), so such a sweep is refused.
  static func checkSweep(_ parameter: String, _ c: ResolvedConfig, explicit: ThermalMixingSample?) throws {
    let dipolar = c.text("coupling_model") == "dipolar"
    if let explicit, sampleDetermined.contains(parameter) {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' is fixed by the sample file '\(c.text("sample"))' (N = \(explicit.electrons), its own offsets and couplings); remove 'sample' to sweep it"
      )
    }
    if explicit != nil && parameter == "field" {
      throw ConfigError(
        "key 'sweep_parameter': sweeping 'field' scales the offsets Δ_i with B, but the sample file '\(c.text("sample"))' fixes them; remove 'sample' to sweep the field"
      )
    }
    if parameter == "concentration" && !dipolar {
      throw ConfigError(
        "key 'sweep_parameter': sweeping 'concentration' needs coupling_model = \"dipolar\" and no sample file"
      )
    }
    if parameter == "dipolar_strength" && dipolar {
      throw ConfigError(
        "key 'sweep_parameter': 'dipolar_strength' is not used with coupling_model = \"dipolar\" or a sample file; sweep 'concentration' instead"
      )
    }
  }

  /// Refuses the degenerate limits the model cannot resolve (``DegenerateLimits``), naming the key.
  static func checkLimits(_ c: ResolvedConfig, explicit: ThermalMixingSample?) throws {
    let scale = explicit.map(DegenerateLimits.hyperfineScale) ?? c.number("hyperfine_strength")
    if let problem = DegenerateLimits.hyperfineProblem(scale: scale, nuclearLarmor: c.number("nuclear_larmor")) {
      let key = explicit == nil ? "hyperfine_strength" : "sample"
      let value = explicit == nil ? c.text("hyperfine_strength") : "'\(c.text("sample"))'"
      throw ConfigError(
        "key '\(key)' (\(value)): \(problem); give D ≥ \(format(DegenerateLimits.minimumHyperfineRatio))·ω_n (nuclear_larmor = \(c.text("nuclear_larmor")))"
      )
    }
  }

  /// Reads an explicit sample: frequencies in MHz meaning ω/2π.
  static func readSample(path: String) throws -> ThermalMixingSample {
    struct File: Decodable {
      var electron_offsets_MHz: [Double]
      var dipolar_couplings_MHz: [[Double]]
      var hyperfine_couplings_MHz: [Double]
    }
    let file = try SampleFile.decode(
      File.self, path: path,
      shape:
        "\"electron_offsets_MHz\": [Δ_i], \"dipolar_couplings_MHz\": [[U_ij]] (symmetric, zero diagonal) and \"hyperfine_couplings_MHz\": [D_i]"
    )
    let toRad = 2 * Double.pi * 1e6
    let s = ThermalMixingSample(
      offsets: file.electron_offsets_MHz.map { $0 * toRad },
      couplings: file.dipolar_couplings_MHz.map { $0.map { $0 * toRad } },
      hyperfine: file.hyperfine_couplings_MHz.map { $0 * toRad })
    try SampleFile.check(electrons: s.electrons, inconsistency: s.inconsistency(), path: path, schema: schema)
    return s
  }

  /// Validates cross-key constraints for `task`, refuses every key the task would not read, and loads the
  /// explicit sample (fixing `electrons` and `realizations` to it), before anything is written.
  static func prepare(_ c: inout ResolvedConfig, task: ThermalMixingTask) throws -> ThermalMixingSample? {
    try ThermalMixingKeyUse.refuseUnused(c, task: task)
    var explicit: ThermalMixingSample?
    if let path = c.optionalText("sample") {
      let s = try readSample(path: path)
      try c.fix("electrons", to: .number(Double(s.electrons)), by: "the sample file '\(path)'")
      try c.fix("realizations", to: .number(1), by: "the sample file '\(path)' (one explicit realization)")
      explicit = s
    }
    if task == .eth {
      let n = c.integer("electrons")
      guard n >= 2 && n % 2 == 0 else {
        throw ConfigError(
          "key 'electrons': eth needs an even N ≥ 2, whose S^z = 0 sector it diagonalizes; got N = \(n)\(explicit == nil ? "" : " from the sample file")"
        )
      }
    }
    if task == .steadyState { try checkLimits(c, explicit: explicit) }
    return explicit
  }
}
