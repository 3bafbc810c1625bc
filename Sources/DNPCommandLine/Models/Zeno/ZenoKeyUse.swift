/// A `dnp zeno` run, as far as deciding which configuration keys it reads.
enum ZenoTask: Equatable {
  case steadyState, sweep, toyModel, bathTimes
  /// `dnp reproduce <name>`.
  case figure(String)

  var name: String {
    switch self {
    case .steadyState: return "zeno steady-state"
    case .sweep: return "zeno sweep"
    case .toyModel: return "zeno toy-model"
    case .bathTimes: return "zeno bath-times"
    case .figure(let f): return f
    }
  }

  /// Whether the run simulates the N-spin model (not the toy model or the phonon bath alone).
  var simulatesSpins: Bool {
    switch self {
    case .toyModel, .bathTimes, .figure("zeno-figS11"), .figure("zeno-bath-times"): return false
    default: return true
    }
  }
}

/// Every key is honoured or refused: the keys each `dnp zeno` task reads, and the refusal of a key the user
/// set that the task would ignore (a key counts as set when it differs from its default; a key a figure sets
/// itself counts as set as soon as the user gives it).
enum ZenoKeyUse {
  /// What a simulation of the N-spin model reads.
  static let spinKeys: Set<String> = [
    "electrons", "electron_larmor", "inhomogeneous_width", "offsets", "dipolar_strength",
    "microwave_frequency",
    "microwave_amplitude", "irradiated", "temperature", "t1", "t_star", "t_zero", "dynamics",
    "solver_tolerance",
    "epr_bin_width", "realizations", "seed", "sample",
  ]

  /// The keys `task` reads.
  static func read(_ task: ZenoTask) -> Set<String> {
    switch task {
    case .steadyState: return spinKeys
    case .sweep: return spinKeys.union(["sweep_parameter", "sweep_values"])
    case .toyModel: return ZenoConfig.toyKeys
    case .bathTimes: return ZenoConfig.bathKeys.union(["electron_larmor"])
    case .figure(let f):
      let varies = Set(FigureRegistry.recipe(f)?.varies ?? [])
      if f == "zeno-figS11" { return ZenoConfig.toyKeys.subtracting(varies) }
      if f == "zeno-bath-times" { return ZenoConfig.bathKeys.union(["electron_larmor"]) }
      return spinKeys.subtracting(varies).subtracting(["sample"])
    }
  }

  /// Why `task` does not read a key, for the message.
  static func reason(_ task: ZenoTask) -> String {
    switch task {
    case .toyModel: return "zeno toy-model (the three-level model of SM Sec. IV only)"
    case .bathTimes: return "zeno bath-times (the phonon bath of SM Sec. V B only)"
    case .figure("zeno-figS11"):
      return "zeno-figS11 (the three-level toy model, which sets J, Δ and γ itself)"
    case .figure("zeno-bath-times"): return "zeno-bath-times (the phonon bath only)"
    case .figure(let f): return "\(f), which sets it itself or does not use it"
    default: return task.name
    }
  }

  /// Refuses, naming the key, every key `task` would ignore.
  static func refuseUnused(_ c: ResolvedConfig, task: ZenoTask) throws {
    if case .figure(let figure) = task {
      if c.has("sample") {
        throw ConfigError(
          "key 'sample': \(figure) draws its own random realizations with the figure's parameters; run an explicit sample with `dnp zeno steady-state` or `sweep`"
        )
      }
      for key in FigureRegistry.recipe(figure)?.varies ?? [] where c.explicitKeys.contains(key) {
        throw ConfigError("key '\(key)' is not used: \(figure) sets it itself; remove it")
      }
    }
    if task != .sweep {
      for key in ["sweep_parameter", "sweep_values"] {
        try c.refuseIfSet(key, because: "only `zeno sweep` reads it; \(task.name) does not sweep")
      }
    }
    try c.refuseUnread(except: read(task), task: reason(task))
    if let path = c.optionalText("sample") {
      let reason = "the sample file '\(path)' gives the offsets and couplings"
      for key in ["inhomogeneous_width", "dipolar_strength", "offsets"] {
        try c.refuseIfSet(key, because: reason)
      }
      try c.refuseIfSet("seed", because: "an explicit sample ('\(path)') draws nothing at random")
    }
    if task.simulatesSpins && c.text("dynamics") == "hilbert" {
      try c.refuseIfSet(
        "solver_tolerance", because: "dynamics = \"hilbert\" solves no nonsecular steady state")
    }
    if task.simulatesSpins && c.has("irradiated") && c.number("microwave_amplitude") == 0
      && c.optionalText("sweep_parameter") != "microwave_amplitude"
    {
      throw ConfigError(
        "key 'irradiated' is not used: microwave_amplitude = 0 irradiates no spin; remove it or switch the microwaves on"
      )
    }
  }
}
