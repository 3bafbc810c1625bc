import CrossEffect
import Foundation
import MasterEquations

/// Relative polarizations −2⟨S_jz⟩/p and −2⟨I_kz⟩/p of one state (thermal electrons read +1).
struct CrossEffectPolarizations: Codable, Sendable, Equatable {
  var electrons: [Double]
  var nuclei: [Double]
}

/// The same, as curves: [spin][time].
struct CrossEffectCurves: Codable, Sendable, Equatable {
  var electrons: [[Double]]
  var nuclei: [[Double]]
}

/// The two solvers of `method`: the full Lindblad master equation (eq. 1, ``CrossEffectModel``) or the
/// Zeeman-projected rate equation (eq. 4, ``ZeemanProjection``) solved exactly. Both report the same
/// polarizations, so their results compare point by point.
enum CrossEffectSolver {
  /// The steady state. Full: the matrix-free preconditioned GMRES solve, to an estimated relative error of
  /// 1e-10, else 1e-9 (the stiff problems' rounding floor, LindbladSteadyState); projected: the
  /// block-tridiagonal stationary populations.
  /// - Complexity: full: O(4^(2+n)) per operator application, tens of applications; projected: O(8^(2+n)/…)
  ///   block elimination of the 2^(2+n) populations.
  static func steadyState(_ p: CrossEffectParameters, _ spins: CrossEffectSpins, method: String) throws
    -> CrossEffectPolarizations
  {
    if method == "projected" {
      let projection = try ZeemanProjection(parameters: p, spins: spins)
      let r = projection.relativePolarizations(try projection.stationaryPopulations())
      return CrossEffectPolarizations(electrons: r.electrons, nuclei: r.nuclei)
    }
    let model = try CrossEffectModel(parameters: p, spins: spins)
    var state: LindbladSteadyState
    do { state = try model.lindbladian.steadyState(options: .init(tolerance: 1e-10)) } catch is SteadyStateNotConverged {
      state = try model.lindbladian.steadyState(options: .init(tolerance: 1e-9))
    }
    let r = model.relativePolarizations(state.rho)
    return CrossEffectPolarizations(electrons: r.electrons, nuclei: r.nuclei)
  }

  /// The evolution from ρ_th ∝ Π_j(1 − 2pS_jz) (nuclei unpolarized) at t = 0 to each time. Full: the dense
  /// eigendecomposition of the superoperator up to 5 spins (O(64^(2+n))), shift-and-invert Krylov above;
  /// projected: the dense exponential of the 2^(2+n) rate matrix.
  static func evolve(
    _ p: CrossEffectParameters, _ spins: CrossEffectSpins, method: String, times: [Double]
  ) throws -> CrossEffectCurves {
    var states: [(electrons: [Double], nuclei: [Double])]
    if method == "projected" {
      let projection = try ZeemanProjection(parameters: p, spins: spins)
      states = try projection.evolve(times: times).map(projection.relativePolarizations)
    } else {
      let model = try CrossEffectModel(parameters: p, spins: spins)
      let trajectory: LindbladTrajectory
      do { trajectory = try model.lindbladian.evolve(from: model.thermalState(), times: times) } catch {
        guard 2 + spins.nuclei > 5 else { throw error }
        // Above 5 spins the library's shift-and-invert Krylov can stagnate (seen with MHz hyperfine couplings
        // from geometries); say what still works.
        throw EvolutionNotConverged(
          description:
            "the full evolution of \(2 + spins.nuclei) spins did not converge (\(error)); method = \"projected\", or the steady-state task, still apply"
        )
      }
      states = trajectory.states.map(model.relativePolarizations)
    }
    return CrossEffectCurves(
      electrons: (0..<2).map { j in states.map { $0.electrons[j] } },
      nuclei: (0..<spins.nuclei).map { k in states.map { $0.nuclei[k] } })
  }

  /// The fit ε(1 − e^{−t/τ}) of a build-up, or nil where it cannot be made (all zero, too few times).
  static func fit(times: [Double], values: [Double]) -> BuildUp? {
    guard let f = try? BuildUpFit(times: times, values: values) else { return nil }
    return BuildUp(enhancement: f.enhancement, buildUpTimeS: f.buildUpTime, rmsResidual: f.rmsResidual, converged: f.converged)
  }
}

/// A fitted build-up p(t) = ε(1 − e^{−t/τ}).
struct BuildUp: Codable, Sendable, Equatable {
  var enhancement: Double
  var buildUpTimeS: Double
  var rmsResidual: Double
  var converged: Bool
}

/// Element-wise mean of equally weighted curves or vectors (the powder average).
enum PowderMean {
  static func vectors(_ list: [[Double]]) -> [Double] {
    guard let first = list.first else { return [] }
    return first.indices.map { i in list.map { $0[i] }.reduce(0, +) / Double(list.count) }
  }

  static func curves(_ list: [[[Double]]]) -> [[Double]] {
    guard let first = list.first else { return [] }
    return first.indices.map { s in vectors(list.map { $0[s] }) }
  }
}

/// A full evolution that did not converge, with what still applies.
struct EvolutionNotConverged: Error, CustomStringConvertible {
  var description: String
}
