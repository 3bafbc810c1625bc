import CrossEffect
import Foundation

/// The keys each cross-effect task reads: a key outside them that the user set is refused (see
/// ``ResolvedConfig/refuseUnread(except:task:)``), so nothing is silently ignored.
enum CrossEffectKeyUse {
  enum Task: Equatable {
    case steadyState, sweep, evolve, conditions, rates, kmc
    /// A figure sets its own spins and the keys it varies.
    case figure(String)

    var name: String {
      switch self {
      case .steadyState: return "cross-effect steady-state"
      case .sweep: return "cross-effect sweep"
      case .evolve: return "cross-effect evolve"
      case .conditions: return "cross-effect conditions"
      case .rates: return "cross-effect rates"
      case .kmc: return "cross-effect kmc"
      case .figure(let f): return f
      }
    }
  }

  /// What every task reads: the Hamiltonian, the dissipator and the spins.
  static let physics: Set<String> = [
    "electron_larmor", "temperature", "nuclear_larmor", "microwave_amplitude", "electron_coupling",
    "electron_offsets", "t1e", "t2e", "t1n", "t2n", "preset", "pseudosecular_hyperfine", "nuclear_coupling",
    "sample", "geometry", "powder_orientations", "core_hyperfine",
  ]

  static func read(_ task: Task) -> Set<String> {
    switch task {
    case .steadyState: return physics.union(["method"])
    case .sweep: return physics.union(["method", "sweep_parameter", "sweep_values"])
    case .evolve: return physics.union(["method", "times", "time_start", "time_end", "time_points"])
    case .conditions, .rates: return physics.subtracting(["powder_orientations", "core_hyperfine"])
    case .kmc:
      return physics.union([
        "times", "time_points", "duration", "trajectories", "trajectories_per_item", "seed", "spin_diffusion",
        "nuclear_coupling_cutoff",
      ])
    case .figure(let f): return CrossEffectFigures.reads(f)
    }
  }

  /// Refuses unread keys and contradictory combinations, reads the sample or geometry (fixing the keys they
  /// determine) and checks the number of nuclei against the method, before anything is written.
  static func prepare(_ c: inout ResolvedConfig, task: Task) throws -> CrossEffectInput {
    var reads = read(task)
    if c.has("geometry") { reads.insert("seed") }  // random protons draw from it
    try c.refuseUnread(except: reads, task: task.name)
    if c.has("sample") && c.has("geometry") {
      throw ConfigError("keys 'sample' and 'geometry' both give the spins; keep one")
    }
    if c.has("times") {
      let range = task == .kmc ? ["time_points", "duration"] : ["time_start", "time_end", "time_points"]
      for key in range where c.explicitKeys.contains(key) {
        throw ConfigError("key '\(key)' is not used: 'times' lists the output times; remove one of them")
      }
    }
    var input = CrossEffectInput.preset
    if let path = c.optionalText("sample") {
      for key in CrossEffectConfig.presetKeys + ["powder_orientations"] {
        try c.refuseIfSet(key, because: "the sample file '\(path)' gives the spins")
      }
      input = try CrossEffectInput.readSample(path: path)
      if case .sample(_, let d, let offsets) = input {
        try c.fix("electron_coupling", to: mhz(d), by: "the sample file '\(path)'")
        try c.fix("electron_offsets", to: .array(offsets.map(mhz)), by: "the sample file '\(path)'")
      }
    } else if let path = c.optionalText("geometry") {
      for key in CrossEffectConfig.presetKeys {
        try c.refuseIfSet(key, because: "the geometry file '\(path)' gives the spins")
      }
      input = try CrossEffectInput.readGeometry(path: path, seed: UInt64(c.integer("seed")))
      if case .geometry(let g, let d) = input, c.integer("powder_orientations") == 1 {
        let value = try d ?? g.couplings().electronCoupling
        try c.fix("electron_coupling", to: mhz(value), by: "the geometry file '\(path)'")
      } else if case .geometry(_, let d) = input {
        if let d {
          try c.fix("electron_coupling", to: mhz(d), by: "the geometry file '\(path)'")
        } else {
          try c.refuseIfSet(
            "electron_coupling", because: "with a powder average D follows each orientation of '\(path)'")
        }
      }
    } else {
      try c.refuseIfSet("powder_orientations", because: "a powder average needs a geometry file")
      if c.text("preset") != "pentagon" {
        try c.refuseIfSet("nuclear_coupling", because: "the \(c.text("preset")) preset has one nucleus")
      }
    }
    _ = try CrossEffectConfig.offsets(c)
    let n = input.nuclei ?? (c.text("preset") == "pentagon" ? 3 : 1)
    if [.steadyState, .sweep, .evolve].contains(task) {
      let method = c.text("method")
      let most = CrossEffectConfig.maximumNuclei(method: method, evolve: task == .evolve)
      guard n <= most else {
        throw ConfigError(
          "key 'method' = \"\(method)\": \(n) nuclei are too many for \(method == "full" ? "the full master equation (4^(2+n) density-matrix entries: memory and time)" : "the exact projection (2^(2+n) populations\(task == .evolve ? ", a dense exponential" : ""))"); at most \(most)\(method == "full" ? "; use method = \"projected\" or the kmc task" : "; use the kmc task")"
        )
      }
    }
    if task == .rates || task == .conditions {
      let most = task == .rates ? 12 : 20
      guard n <= most else {
        throw ConfigError(
          "\(task.name): \(n) nuclei are too many (\(task == .rates ? "every jump of the 2^(2+n) Zeeman states is listed" : "2^n configurations are listed")); at most \(most)"
        )
      }
    }
    return input
  }

  static func mhz(_ x: Double) -> ConfigValue { .string("\(x / CrossEffectConfig.megahertz) MHz") }
}
