import CrossEffect
import Foundation
import SpinPhysics

/// The flat keys of `dnp cross-effect …` (README documents them). Defaults: the coherent parameters of the CE
/// paper's Fig. 1(c) on its n–e1–e2 model.
enum CrossEffectConfig {
  /// 2π·10⁶: rad/s per MHz.
  static let megahertz = 2 * Double.pi * 1e6

  static let presets = ["n-e1-e2", "e1-e2-n", "pentagon"]

  static let schema = ConfigSchema([
    ConfigKey(
      "electron_larmor", .quantity(.frequency), default: .string("100 GHz"), range: 1e6...1e14,
      help: "electron Larmor frequency ω_S/2π: with `temperature` it sets p = tanh(ħω_S/2k_BT)"),
    ConfigKey(
      "temperature", .quantity(.temperature), default: .string("70 K"), range: 1e-3...1e4, help: "bath temperature"),
    ConfigKey(
      "nuclear_larmor", .quantity(.frequency), default: .string("145 MHz"), range: 0...1e11,
      help: "nuclear Larmor frequency ω_I/2π"),
    ConfigKey(
      "microwave_amplitude", .quantity(.frequency), default: .string("0.5 MHz"), range: 0...1e11,
      help: "microwave amplitude ω1/2π (0 switches the microwaves off)"),
    ConfigKey(
      "electron_coupling", .quantity(.frequency), default: .string("0.5 MHz"), range: -1e11...1e11,
      help: "D/2π of D(3S_1zS_2z − S_1·S_2) (a sample or geometry fixes it)"),
    ConfigKey(
      "electron_offsets", .list, default: .array([.string("0 MHz"), .string("145 MHz")]),
      help: "[Δ_1, Δ_2]/2π, the electrons' offsets from the microwave frequency (CE matching: Δ_2 − Δ_1 = ω_I)"),
    ConfigKey("t1e", .quantity(.time), default: .string("3 ms"), range: 1e-12...1e6, help: "electron T1 (R1 = 1/T1e)"),
    ConfigKey("t2e", .quantity(.time), default: .string("50 us"), range: 1e-12...1e6, help: "electron T2 (R2 = 1/T2e)"),
    ConfigKey("t1n", .quantity(.time), default: .string("100 s"), range: 1e-12...1e9, help: "nuclear T1 (r1 = 1/T1n)"),
    ConfigKey("t2n", .quantity(.time), default: .string("1 ms"), range: 1e-12...1e9, help: "nuclear T2 (r2 = 1/T2n)"),
    ConfigKey(
      "preset", .choice(presets), default: .string("n-e1-e2"),
      help:
        "spins without a sample or geometry: n-e1-e2 (nucleus on electron 1, Fig. 1c), e1-e2-n (on electron 2, Fig. 2a,b), pentagon (Fig. 2c)"
    ),
    ConfigKey(
      "pseudosecular_hyperfine", .quantity(.frequency), default: .string("0.1 MHz"), range: -1e11...1e11,
      help: "B/2π of the presets (A = 0)"),
    ConfigKey(
      "nuclear_coupling", .quantity(.frequency), default: .string("10 Hz"), range: -1e11...1e11,
      help: "d/2π between the pentagon's bulk and core nuclei"),
    ConfigKey("sample", .path, help: "JSON file with explicit couplings (README: the sample file)"),
    ConfigKey("geometry", .path, help: "JSON file with positions in Å (README: the geometry file)"),
    ConfigKey(
      "powder_orientations", .integer, default: .number(1), range: 1...100_000,
      help: "with a geometry: 1 = the file's field direction, else a Fibonacci grid of field directions, equal weights"),
    ConfigKey(
      "core_hyperfine", .quantity(.frequency), default: .string("50 kHz"), range: 0...1e11,
      help: "a nucleus is core if max_j √(A_jk² + |B_jk|²)/2π reaches this, else bulk (reported separately)"),
    ConfigKey(
      "method", .choice(["full", "projected"]), default: .string("full"),
      help: "evolve/steady-state: full Lindblad (eq. 1) or the Zeeman-projected rate equation (eq. 4), exactly"),
    ConfigKey("times", .list, help: "evolve/kmc output times, e.g. [\"1 us\", \"1 ms\", \"1 s\"] (replaces the range keys)"),
    ConfigKey(
      "time_start", .quantity(.time), default: .string("100 ns"), range: 1e-15...1e9,
      help: "evolve: first of the log-spaced times"),
    ConfigKey(
      "time_end", .quantity(.time), default: .string("1000 s"), range: 1e-15...1e9,
      help: "evolve: last of the log-spaced times"),
    ConfigKey(
      "time_points", .integer, default: .number(41), range: 2...100_000,
      help: "evolve: log-spaced times from time_start to time_end; kmc: equally spaced times from 0 to duration"),
    ConfigKey(
      "duration", .quantity(.time), default: .string("220 s"), range: 1e-12...1e9, help: "kmc: the last time"),
    ConfigKey("trajectories", .integer, default: .number(100), range: 1...10_000_000, help: "kmc trajectories"),
    ConfigKey(
      "trajectories_per_item", .integer, default: .number(50), range: 1...10_000_000,
      help: "kmc, ce-fig2de: trajectories per work item (the unit of checkpoint, resume and --shard); the results do not depend on it"),
    ConfigKey(
      "seed", .integer, default: .number(1), range: 0...9.007e15,
      help: "kmc: trajectory t draws from stream (seed, t); random protons from stream (seed, 2⁶³)"),
    ConfigKey(
      "spin_diffusion", .boolean, default: .bool(true), help: "kmc: keep the nuclear dipolar couplings d (false: d = 0)"),
    ConfigKey(
      "nuclear_coupling_cutoff", .quantity(.frequency), default: .string("0 Hz"), range: 0...1e11,
      help: "kmc: nuclear couplings |d|/2π at or below it are dropped (an approximation; 0 keeps every pair)"),
    ConfigKey(
      "coupling_points", .integer, range: 1...1000,
      help: "ce-fig2ab, ce-fig2c: the number of log-spaced D values from 1 kHz to 10 MHz (default: 9/21 and 6/16 at quick/paper scale)"),
    ConfigKey(
      "protons", .integer, range: 1...5000,
      help: "ce-fig2de without a geometry: random protons (default 24 quick, 118 paper)"),
    ConfigKey("sweep_parameter", .keyName, help: "the key a sweep of the steady state varies"),
    ConfigKey("sweep_values", .list, help: "the values of the swept key, e.g. [\"0.1 MHz\", \"1 MHz\"]"),
  ])

  /// Keys that only shape the spins; a sample or geometry replaces them.
  static let presetKeys = ["preset", "pseudosecular_hyperfine", "nuclear_coupling"]

  /// Keys a sweep may vary (scalars the steady state reads, not fixed by a sample or geometry).
  static let sweepable = [
    "electron_larmor", "temperature", "nuclear_larmor", "microwave_amplitude", "electron_coupling", "t1e", "t2e",
    "t1n", "t2n", "pseudosecular_hyperfine", "nuclear_coupling",
  ]

  // MARK: - Parameters

  /// p = tanh(ħω_S/2k_BT).
  static func electronPolarization(_ c: ResolvedConfig) -> Double {
    tanh(PhysicalConstants.hbar * c.number("electron_larmor") / (2 * PhysicalConstants.boltzmann * c.number("temperature")))
  }

  /// The offsets [Δ_1, Δ_2] (rad/s) of the `electron_offsets` key.
  static func offsets(_ c: ResolvedConfig) throws -> [Double] {
    let items = c.values["electron_offsets"]?.items ?? []
    guard items.count == 2 else {
      throw ConfigError("key 'electron_offsets': give two offsets, e.g. [\"0 MHz\", \"145 MHz\"]; got \(items.count)")
    }
    return try items.map { item in
      guard case .string(let text) = item, let q = try? Quantity(parsing: text, as: .frequency), q.value.isFinite,
        abs(q.value) <= 1e12
      else {
        throw ConfigError(
          "key 'electron_offsets': \(item) is not a frequency; expected two quantities, e.g. [\"0 MHz\", \"145 MHz\"]")
      }
      return q.value
    }
  }

  static func parameters(_ c: ResolvedConfig) throws -> CrossEffectParameters {
    CrossEffectParameters(
      electronPolarization: electronPolarization(c), nuclearLarmor: c.number("nuclear_larmor"),
      microwaveAmplitude: c.number("microwave_amplitude"), electronOffsets: try offsets(c),
      electronCoupling: c.number("electron_coupling"), electronRelaxation: 1 / c.number("t1e"),
      electronDecoherence: 1 / c.number("t2e"), nuclearRelaxation: 1 / c.number("t1n"),
      nuclearDecoherence: 1 / c.number("t2n"))
  }

  /// The spins of a preset (no sample, no geometry).
  static func presetSpins(_ c: ResolvedConfig) -> CrossEffectSpins {
    let b = c.number("pseudosecular_hyperfine")
    switch c.text("preset") {
    case "pentagon": return .pentagon(b: b, d: c.number("nuclear_coupling"))
    case "e1-e2-n":
      return CrossEffectSpins(
        secularHyperfine: [[0], [0]], pseudosecularHyperfine: [[[0, 0]], [[b, 0]]], nuclearCouplings: [[0]])
    default: return .nucleusOnFirstElectron(b: b)
    }
  }

  // MARK: - Times

  /// The output times (s): the `times` list, or `time_points` log-spaced from `time_start` to `time_end`
  /// (`logarithmic`), or equally spaced from 0 to `duration`.
  static func times(_ c: ResolvedConfig, logarithmic: Bool) throws -> [Double] {
    if let items = c.values["times"]?.items {
      let values = try items.map { item -> Double in
        guard case .string(let text) = item, let q = try? Quantity(parsing: text, as: .time), q.value >= 0,
          q.value.isFinite
        else { throw ConfigError("key 'times': \(item) is not a time; expected e.g. [\"1 us\", \"1 ms\", \"1 s\"]") }
        return q.value
      }
      guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw ConfigError("key 'times': the times must be ascending and distinct")
      }
      return values
    }
    let n = c.integer("time_points")
    if logarithmic {
      let a = log10(c.number("time_start")), b = log10(c.number("time_end"))
      guard b > a else { throw ConfigError("key 'time_end' (\(c.text("time_end"))) must be after time_start (\(c.text("time_start")))") }
      return (0..<n).map { pow(10, a + (b - a) * Double($0) / Double(n - 1)) }
    }
    return (0..<n).map { c.number("duration") * Double($0) / Double(n - 1) }
  }

  // MARK: - Nuclear counts and memory

  /// The most nuclei each method takes: the full density matrix has 4^(2+n) entries (n = 6: 65 536-entry
  /// vectors, a GMRES basis of ~1 GB); the projection's evolution a dense 2^(2+n) exponential.
  static func maximumNuclei(method: String, evolve: Bool) -> Int {
    method == "full" ? 6 : evolve ? 8 : 12
  }

  /// Estimated peak memory (bytes) of one item: full steady state ~1001 GMRES vectors of 4^N complex numbers
  /// (N = 2 + n spins); full evolution up to 5 spins a dense 4^N × 4^N eigendecomposition (three complex
  /// matrices); the projection's dense 2^N × 2^N exponential (a few real matrices); kMC O(n²).
  static func memoryPerItem(_ c: ResolvedConfig, nuclei n: Int, evolve: Bool) -> Double {
    let spins = Double(2 + n)
    if c.text("method") == "full" {
      let vectors = 1001 * 16 * pow(4, spins)
      return evolve && n <= 3 ? max(vectors, 3 * 16 * pow(16, spins)) : vectors
    }
    return 8 * 8 * pow(4, spins)
  }
}
