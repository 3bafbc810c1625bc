import AndersonDNP
import Foundation
import SpinPhysics

/// An explicit Anderson sample read from a file: the site offsets Δ_i (rad/s) in site order and the L they imply.
struct AndersonExplicitSample: Sendable {
  var offsets: [Double]
  var linearSize: Int
  var path: String
}

/// The flat keys of `dnp anderson …` (README documents them). Defaults: AF paper Table I (SPEC §3) with L = 10
/// and t = 6.6 MHz ≈ t_c = w/16.5.
enum AndersonConfig {
  /// Keys a sweep may vary.
  static let sweepable = [
    "hopping", "disorder_width", "size", "microwave_frequency", "microwave_amplitude", "temperature",
    "nuclear_larmor", "hyperfine", "nuclei_per_electron", "electron_larmor", "t1e", "t2e", "t1n", "t2n",
  ]

  /// Keys that fix the single-particle spectrum (with the sample): points that agree on all of them share one
  /// diagonalization per realization (`AndersonProblem.solve(reusing:)`).
  static let spectrumKeys = [
    "size", "hopping", "disorder_width", "boundary", "electron_larmor", "seed", "sample",
  ]

  static let schema = ConfigSchema([
    ConfigKey(
      "size", .integer, default: .number(10), range: 1...30,
      help:
        "linear size L of the cubic lattice, N_e = L³ sites (memory ≈ 3·N_e² doubles per worker: 0.85 GB at L = 18)"
    ),
    ConfigKey(
      "disorder_width", .quantity(.frequency), default: .string("108 MHz"), range: 0...1e12,
      help: "width w of the box disorder, Δ_i ~ Uniform[−w/2, w/2] (eq. 6)"),
    ConfigKey(
      "hopping", .quantity(.frequency), default: .string("6.6 MHz"), range: 0...1e12,
      help: "nearest-neighbour hopping t (eq. 7); the transition is at t_c = w/16.5"),
    ConfigKey(
      "boundary", .choice(["periodic", "open"]), default: .string("periodic"),
      help: "lattice boundary conditions"),
    ConfigKey(
      "electron_larmor", .quantity(.frequency), default: .string("93.9 GHz"), range: 1...1e13,
      help: "electron Larmor frequency ω_e/2π (centre of the line)"),
    ConfigKey(
      "microwave_frequency", .quantity(.frequency), default: .string("93.86 GHz"), range: 0...1e13,
      help: "microwave frequency ω_MW/2π"),
    ConfigKey(
      "microwave_amplitude", .quantity(.frequency), default: .string("25 kHz"), range: 0...1e11,
      help: "microwave amplitude ω1/2π as in eq. (11) (0 switches the microwaves off)"),
    .temperature,
    .t1e,
    .t2e,
    ConfigKey(
      "t1n", .quantity(.time), default: .string("10000 s"), range: 1e-12...1e15,
      help: "nuclear leakage time T1n (eq. 17)"),
    ConfigKey(
      "t2n", .quantity(.time), default: .string("10 us"), range: 1e-12...1e6,
      help: "nuclear T2n (width of the hyperfine Lorentzians)"),
    ConfigKey(
      "nuclear_larmor", .quantity(.frequency), default: .string("20 MHz"), range: 0...1e11,
      help: "nuclear Larmor frequency ω_n/2π"),
    ConfigKey(
      "hyperfine", .quantity(.frequency), default: .string("4.47 kHz"), range: 0...1e11,
      help: "hyperfine coupling A0/2π of each core nucleus"),
    ConfigKey(
      "nuclei_per_electron", .real, default: .number(1000), range: 0...1e12,
      help: "r = N_n/N_e, nuclei (core ones included) feeling the leakage"),
    ConfigKey(
      "realizations", .integer, default: .number(60), range: 1...1_000_000, help: "disorder realizations"),
    .seed,
    ConfigKey(
      "sample", .path,
      help:
        "JSON file {\"site_offsets_MHz\": [Δ_i/2π for i = x + L·y + L²·z]} replacing the random disorder; L = cube root of its length"
    ),
    ConfigKey(
      "goe_correlator", .choice(["factorized", "sampled"]), default: .string("factorized"),
      help:
        "GOE reference (eq. 23): factorized ρ(ε)ρ(ε') or eigenvectors of a sampled GOE matrix (a second diagonalization)"
    ),
    ConfigKey(
      "hyperfine_normalization", .choice(["equation19", "equation22"]), default: .string("equation19"),
      help:
        "prefactor of the hyperfine rates: A0² T2n/4 as printed in eq. (19), or A0² T2n/16 as implied by eqs. (22), (24)"
    ),
    ConfigKey(
      "level_spacing_fraction", .real, default: .number(0.5), range: 0.01...1,
      help: "central fraction of the sorted levels used for the level-spacing ratio <r>"),
    ConfigKey(
      "overlap_half_width", .quantity(.frequency), default: .string("0.5 MHz"), range: 1e-3...1e11,
      help: "half-width δ of the window |ε_β − ε_α| ∈ [ω − δ, ω + δ] for K(ω_n), C(ω_n)"),
    ConfigKey(
      "dos_bins", .integer, default: .number(60), range: 1...100_000, help: "bins of the density of states"),
    ConfigKey(
      "overlap_bins", .integer, default: .number(101), range: 1...100_000,
      help: "bins of the K(ω), C(ω) histograms on [−w − 12t, w + 12t]"),
    ConfigKey("sweep_parameter", .keyName, help: "the key a sweep varies"),
    ConfigKey("sweep_values", .list, help: "the values of the swept key, e.g. [\"2 MHz\", \"5 MHz\"]"),
  ])

  /// Model parameters from a resolved config (internal units).
  static func parameters(_ c: ResolvedConfig) -> AndersonParameters {
    AndersonParameters(
      linearSize: c.integer("size"), hopping: c.number("hopping"), disorderWidth: c.number("disorder_width"),
      boundary: LatticeBoundary(rawValue: c.text("boundary")) ?? .periodic,
      electronLarmor: c.number("electron_larmor"), microwaveFrequency: c.number("microwave_frequency"),
      microwaveAmplitude: c.number("microwave_amplitude"), temperature: c.number("temperature"),
      t1e: c.number("t1e"), t2e: c.number("t2e"), t1n: c.number("t1n"), t2n: c.number("t2n"),
      nuclearLarmor: c.number("nuclear_larmor"), hyperfineCoupling: c.number("hyperfine"),
      nucleiPerElectron: c.number("nuclei_per_electron"),
      hyperfineNormalization: HyperfineNormalization(rawValue: c.text("hyperfine_normalization"))
        ?? .equation19)
  }

  /// The GOE stream is keyed by a seed different from the disorder's, so the GOE matrix and the offsets of a
  /// realization are independent.
  static let goeSeedKey: UInt64 = 0x474F_4500_474F_4500

  /// The problem of realization `r` of config `c` (explicit sample: its offsets; else the random stream r).
  static func problem(_ c: ResolvedConfig, explicit: AndersonExplicitSample?, realization r: Int)
    -> AndersonProblem
  {
    let seed = UInt64(c.integer("seed"))
    let sample: AndersonSample =
      explicit.map { .explicit(offsets: $0.offsets) } ?? .random(seed: seed, realization: UInt64(r))
    let goe: GOECorrelator =
      c.text("goe_correlator") == "sampled"
      ? .sampledEigenvectors(seed: seed ^ goeSeedKey, stream: UInt64(r)) : .factorized
    return AndersonProblem(
      parameters: parameters(c), sample: sample, goeCorrelator: goe,
      diagnostics: AndersonDiagnosticsOptions(
        levelSpacingCentralFraction: c.number("level_spacing_fraction"),
        overlapHalfWidth: c.number("overlap_half_width")))
  }

  /// Estimated peak memory (bytes) of one realization: the N_e×N_e eigenvectors, the Hamiltonian and the
  /// overlap matrix K (3·N_e² doubles; measured 0.95 GB at L = 18, which 3.5·N_e² matches), plus two more
  /// N_e² matrices for a sampled GOE.
  static func memoryPerRealization(_ c: ResolvedConfig) -> Double {
    let sites = pow(Double(c.integer("size")), 3)
    return (c.text("goe_correlator") == "sampled" ? 5.5 : 3.5) * 8 * sites * sites
  }

  /// The largest ``memoryPerRealization(_:)`` over points.
  static func memoryPerRealization(_ points: [ResolvedConfig]) -> Double {
    points.map(memoryPerRealization).max() ?? 0
  }

  /// The number of realizations a config runs (1 for an explicit sample).
  static func realizations(_ c: ResolvedConfig, explicit: AndersonExplicitSample?) -> Int {
    explicit == nil ? c.integer("realizations") : 1
  }

  /// Reads an explicit sample: `{"site_offsets_MHz": [...]}`, ω/2π in MHz, L³ values in site order.
  static func readSample(path: String) throws -> AndersonExplicitSample {
    struct File: Decodable { var site_offsets_MHz: [Double] }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError("key 'sample': cannot read '\(path)'")
    }
    let file: File
    do { file = try JSONDecoder().decode(File.self, from: data) } catch {
      throw ConfigError(
        "key 'sample': '\(path)' must be a JSON object {\"site_offsets_MHz\": [Δ_i/2π in MHz for the L³ sites, i = x + L·y + L²·z]}"
      )
    }
    let n = file.site_offsets_MHz.count
    let l = Int(cbrt(Double(n)).rounded())
    guard n > 0, l * l * l == n else {
      let below = max(1, Int(cbrt(Double(n)).rounded(.down)))
      throw ConfigError(
        "key 'sample': '\(path)' has \(n) site offsets, which is not a cube L³ (e.g. \(below * below * below) for L = \(below), \((below + 1) * (below + 1) * (below + 1)) for L = \(below + 1))"
      )
    }
    let sizeRange = schema.key("size")!.range!
    guard sizeRange.contains(Double(l)) else {
      throw ConfigError(
        "key 'sample': '\(path)' implies L = \(l), outside the accepted sizes \(format(sizeRange.lowerBound))…\(format(sizeRange.upperBound))"
      )
    }
    let toRad = 2 * Double.pi * 1e6
    return AndersonExplicitSample(
      offsets: file.site_offsets_MHz.map { $0 * toRad }, linearSize: l, path: path)
  }

  /// Loads the explicit sample (fixing `size` to its L and `realizations` to 1), refuses keys `task` would
  /// not read (`sweep_*` unless the task sweeps; what the sample fixes), and checks the parameters, before
  /// anything is written.
  static func prepare(_ c: inout ResolvedConfig, task: String, sweeps: Bool) throws -> AndersonExplicitSample? {
    if !sweeps {
      for key in ["sweep_parameter", "sweep_values"] {
        try c.refuseIfSet(key, because: "only `anderson sweep` and the figures read it; \(task) computes one point")
      }
    }
    try c.refuseUnread(
      except: AndersonKeyUse.read(task: task).union(sweeps ? ["sweep_parameter", "sweep_values"] : []),
      task: AndersonKeyUse.reason(task: task))
    var explicit: AndersonExplicitSample?
    if let path = c.optionalText("sample") {
      let s = try readSample(path: path)
      try c.refuseIfSet("disorder_width", because: "the sample file '\(path)' gives the site offsets")
      if c.text("goe_correlator") != "sampled" {
        try c.refuseIfSet("seed", because: "an explicit sample ('\(path)') draws nothing at random")
      }
      try c.fix("size", to: .number(Double(s.linearSize)), by: "the sample file '\(path)'")
      try c.fix("realizations", to: .number(1), by: "the sample file '\(path)' (one explicit realization)")
      explicit = s
    }
    try check(c)
    return explicit
  }

  /// The model's own domain checks, as a ``ConfigError``.
  static func check(_ c: ResolvedConfig) throws {
    do { try parameters(c).validate() } catch let e as AndersonError { throw ConfigError("\(e)") }
  }

  /// The degenerate limit of the nuclear polarization: with A0 = 0 and r = 0 no rate reaches the nucleus, so
  /// its stationary polarization is 0/0. Checked by the tasks that compute P_n (before anything is written).
  static func checkNucleus(_ c: ResolvedConfig) throws {
    if c.number("hyperfine") == 0 && c.number("nuclei_per_electron") == 0 {
      throw ConfigError(
        "keys 'hyperfine' and 'nuclei_per_electron': with no hyperfine coupling (A0 = 0) and no nuclei feeling the leakage (r = 0) the nucleus is decoupled and its polarization is undetermined (0/0); give hyperfine > 0 or nuclei_per_electron > 0"
      )
    }
  }

  /// A warning for the clean lattice (w = 0, t ≠ 0): its levels are degenerate, and within a degenerate level
  /// the eigenfunctions are whichever basis LAPACK returns, so I_2, ⟨r⟩, K and C are not determined by the
  /// model (P_n is: at L = 4 it agrees with w = 1 kHz to 10⁻⁶).
  static func degeneracyWarning(_ points: [ResolvedConfig], explicit: AndersonExplicitSample?) -> String? {
    guard explicit == nil,
      points.contains(where: { $0.number("disorder_width") == 0 && $0.number("hopping") != 0 })
    else { return nil }
    return
      "disorder_width = 0: the clean lattice has degenerate levels whose eigenfunctions are an arbitrary basis, so I_2, <r>, K(omega) and C(omega) are not determined by the model (P_n is); use a small w > 0 for the clean limit of those"
  }

  /// Configs for each value of a sweep (each checked).
  static func sweepPoints(
    _ c: ResolvedConfig, parameter: String, values: [ConfigValue], explicit: AndersonExplicitSample?
  ) throws -> [ResolvedConfig] {
    guard sweepable.contains(parameter) else {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' cannot be swept; expected one of \(sweepable.joined(separator: ", "))"
      )
    }
    if explicit != nil && (parameter == "size" || parameter == "disorder_width") {
      throw ConfigError(
        "key 'sweep_parameter': '\(parameter)' is fixed by the explicit sample '\(explicit!.path)'; remove 'sample' to sweep it"
      )
    }
    return try values.map { v in
      let point = try c.setting(parameter, to: v)
      try check(point)
      return point
    }
  }

  /// The sweep values of a config that must have `sweep_parameter` and `sweep_values`.
  static func sweep(_ c: ResolvedConfig, explicit: AndersonExplicitSample?) throws -> (
    String, [ResolvedConfig]
  ) {
    guard let parameter = c.optionalText("sweep_parameter"), let values = c.values["sweep_values"]?.items
    else {
      throw ConfigError(
        "a sweep needs 'sweep_parameter' (a key name) and 'sweep_values' (an array of values)")
    }
    return (parameter, try sweepPoints(c, parameter: parameter, values: values, explicit: explicit))
  }

  /// A fingerprint of the keys that fix the spectrum.
  static func spectrumFingerprint(_ c: ResolvedConfig) -> String {
    spectrumKeys.map { "\($0)=\(c.values[$0]?.raw.description ?? "-")" }.joined(separator: ";")
  }

  /// The unit a key is shown in on plots and in CSV tables.
  static func displayUnit(_ key: String) -> (symbol: String, factor: Double) {
    switch key {
    case "electron_larmor", "microwave_frequency": return ("GHz", 2 * .pi * 1e9)
    case "microwave_amplitude", "hyperfine": return ("kHz", 2 * .pi * 1e3)
    case "t2e", "t2n": return ("us", 1e-6)
    case "t1e", "t1n": return ("s", 1)
    case "temperature": return ("K", 1)
    case "size", "nuclei_per_electron", "realizations", "seed": return ("", 1)
    default: return ("MHz", 2 * .pi * 1e6)
    }
  }

  static func columnName(_ key: String) -> String {
    let unit = displayUnit(key).symbol
    return unit.isEmpty ? key : "\(key)_\(unit)"
  }

  /// The key as a plot label ("disorder width (MHz)": no underscores, which gnuplot would read as subscripts).
  static func axisLabel(_ key: String) -> String {
    let unit = displayUnit(key).symbol
    let name = key.replacingOccurrences(of: "_", with: " ")
    return unit.isEmpty ? name : "\(name) (\(unit))"
  }

  /// "L = 10 (N_e = 1000)".
  static func sizeNote(_ c: ResolvedConfig) -> String {
    let l = c.integer("size")
    return "L = \(l) (N_e = \(l * l * l))"
  }
}
