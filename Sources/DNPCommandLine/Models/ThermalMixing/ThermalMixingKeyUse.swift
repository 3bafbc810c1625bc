import Foundation

/// A thermal-mixing run, as far as deciding which configuration keys it reads.
enum ThermalMixingTask: Equatable {
  case steadyState, sweep, spinTemperature, eth
  /// `dnp reproduce <name>`.
  case figure(String)

  var name: String {
    switch self {
    case .steadyState: return "thermal-mixing steady-state"
    case .sweep: return "thermal-mixing sweep"
    case .spinTemperature: return "thermal-mixing spin-temperature"
    case .eth: return "thermal-mixing eth"
    case .figure(let f): return f
    }
  }
}

/// Every key is honoured or refused: the keys each thermal-mixing task reads, and the refusal of a key the
/// user set that the task would ignore. A key counts as set when it holds a value other than its default
/// (so a complete config file written by an earlier run is accepted); a key a figure varies itself counts
/// as set as soon as the user gives it.
enum ThermalMixingKeyUse {
  /// Keys the electron-only ETH diagnostic reads (it diagonalizes the electron Hamiltonian of the samples).
  static let ethKeys: Set<String> = [
    "electrons", "inhomogeneous_width", "dipolar_strength", "realizations", "seed", "coupling_model",
    "concentration", "ising", "sample",
  ]

  /// Keys the perturbative theory (eqs. 20–25) reads; with dipolar couplings it also draws the samples.
  static let perturbativeKeys: Set<String> = [
    "electrons", "electron_larmor", "inhomogeneous_width", "dipolar_strength", "nuclear_larmor",
    "microwave_frequency", "microwave_amplitude", "temperature", "t1e", "t2e", "perturbative_order",
    "line_shape", "borghini", "coupling_model", "sample",
  ]

  /// Keys each figure varies itself.
  static func figureKeys(_ figure: String) -> [String] { FigureRegistry.recipe(figure)?.varies ?? [] }

  /// Refuses, naming the key, every key `task` would ignore.
  static func refuseUnused(_ c: ResolvedConfig, task: ThermalMixingTask) throws {
    let sweepParameter = c.optionalText("sweep_parameter")
    if task != .sweep {
      for key in ["sweep_parameter", "sweep_values"] {
        try c.refuseIfSet(
          key,
          because: task.isFigure
            ? "\(task.name) chooses its own sweep"
            : "only `thermal-mixing sweep` reads it; \(task.name) computes one point")
      }
    }
    if case .figure(let figure) = task {
      if c.has("sample") {
        throw ConfigError(
          "key 'sample': \(figure) draws its own random realizations (it varies \(figureKeys(figure).joined(separator: " and ")) or the field); run an explicit sample with `dnp thermal-mixing steady-state` or `sweep`"
        )
      }
      for key in figureKeys(figure) where c.explicitKeys.contains(key) {
        throw ConfigError(
          "key '\(key)' is not used: \(figure) sets it itself (it is the figure's \(key == "electrons" ? "curves" : "x axis")); remove it"
        )
      }
    }
    let fieldIsSwept =
      (task == .sweep && sweepParameter == "field") || task == .figure("thermal-mixing-fig3-field")
    if !fieldIsSwept {
      try c.refuseIfSet(
        "field",
        because:
          "it is the reference field B0 of the frequencies and only matters when `field` is swept; to simulate another field, set electron_larmor, inhomogeneous_width, nuclear_larmor and microwave_frequency"
      )
    }
    if let path = c.optionalText("sample") {
      let reason = "the sample file '\(path)' gives the offsets and couplings"
      for key in ["coupling_model", "concentration", "ising", "dipolar_strength", "hyperfine_strength"] {
        try c.refuseIfSet(key, because: reason)
      }
      try c.refuseIfSet("seed", because: "an explicit sample ('\(path)') draws nothing at random")
    } else if c.text("coupling_model") == "gaussian" {
      for key in ["concentration", "ising"] {
        try c.refuseIfSet(key, because: "only coupling_model = \"dipolar\" reads it")
      }
    } else {
      try c.refuseIfSet(
        "dipolar_strength", because: "coupling_model = \"dipolar\" derives U_ij from 'concentration'")
    }
    switch task {
    case .eth:
      try c.refuseUnread(
        except: ethKeys,
        task: "eth (it diagonalizes the electron Hamiltonian only, with no nucleus, bath or microwaves)")
    case .figure("thermal-mixing-fig4"):
      try c.refuseUnread(
        except: ethKeys.subtracting(figureKeys("thermal-mixing-fig4")),
        task: "thermal-mixing-fig4 (the ETH diagnostic of the electron Hamiltonian only)")
    case .spinTemperature:
      var read = perturbativeKeys
      if c.text("coupling_model") == "dipolar" { read.formUnion(["concentration", "seed", "realizations"]) }
      try c.refuseUnread(
        except: read, task: "spin-temperature (the perturbative theory only, no samples are simulated)")
    default:
      break
    }
  }
}

extension ThermalMixingTask {
  var isFigure: Bool {
    if case .figure = self { return true }
    return false
  }
}
