import CrossEffect
import Foundation

/// What the cross-effect tasks share in their reports: the units map, the core/bulk split, axis labels, and
/// the up-front check of a configuration's model.
enum CrossEffectReport {
  static let polarizationUnit =
    "relative: −2⟨S_jz⟩/p for electrons, −2⟨I_kz⟩/p for nuclei, with p = tanh(ħω_S/2k_BT) (thermal electrons read +1, unpolarized nuclei 0)"

  static let units: [String: String] = [
    "polarizations": polarizationUnit, "core": polarizationUnit, "bulk": polarizationUnit,
    "core_nuclei": "indices (from 0) of nuclei with max_j √(A_jk² + |B_jk|²) ≥ core_hyperfine",
    "bulk_nuclei": "indices (from 0) of the other nuclei",
    "times_s": "s", "build_up_time_s": "s", "enhancement": "relative to p, like the polarizations",
    "orientations": "field directions averaged with equal weights (Fibonacci sphere)",
  ]

  /// The core/bulk split of the configuration's spins (orientation 0).
  static func classes(_ c: ResolvedConfig, input: CrossEffectInput) -> NuclearClasses {
    guard let (_, spins) = try? input.system(c, orientation: 0) else { return NuclearClasses(.none, threshold: 0) }
    return NuclearClasses(spins, threshold: c.number("core_hyperfine"))
  }

  /// Builds the configuration's model (orientation 0) with the method's solver, turning the library's refusal
  /// into a ``ConfigError``.
  static func check(_ c: ResolvedConfig, input: CrossEffectInput) throws {
    let (p, spins) = try input.system(c, orientation: 0)
    do {
      if c.text("method") == "projected" {
        _ = try ZeemanProjection(parameters: p, spins: spins)
      } else {
        _ = try CrossEffectModel(parameters: p, spins: spins)
      }
    } catch let e as CrossEffectError {
      throw ConfigError("this configuration cannot be solved with method = \"\(c.text("method"))\": \(e.message)")
    }
  }

  static func list(_ values: [Double]) -> String {
    "[" + values.map { String(format: "%.4f", $0) }.joined(separator: ", ") + "]"
  }

  /// A swept key as a CSV column and axis: frequencies in MHz, times in s, temperatures in K.
  static func axis(_ key: String) -> (column: String, label: String, logarithmic: Bool, value: (ResolvedConfig) -> Double) {
    switch CrossEffectConfig.schema.key(key)?.kind {
    case .quantity(.frequency)?:
      return (key + "_MHz", key.replacingOccurrences(of: "_", with: " ") + " /2π (MHz)", true, {
        $0.number(key) / CrossEffectConfig.megahertz
      })
    case .quantity(.time)?:
      return (key + "_s", key + " (s)", true, { $0.number(key) })
    case .quantity(.temperature)?:
      return (key + "_K", key + " (K)", true, { $0.number(key) })
    default:
      return (key, key, false, { $0.number(key) })
    }
  }
}

extension CrossEffectConfig {
  /// The number of nuclei the configuration gives (for the memory estimate), or 6 when a file cannot be read
  /// here (it was read before, so this does not happen in a run).
  static func nucleiUpperBound(_ c: ResolvedConfig) -> Int {
    if let path = c.optionalText("sample") { return (try? CrossEffectInput.readSample(path: path).nuclei ?? 6) ?? 6 }
    if let path = c.optionalText("geometry") {
      return (try? CrossEffectInput.readGeometry(path: path, seed: UInt64(c.integer("seed"))).nuclei ?? 6) ?? 6
    }
    return c.text("preset") == "pentagon" ? 3 : 1
  }
}
