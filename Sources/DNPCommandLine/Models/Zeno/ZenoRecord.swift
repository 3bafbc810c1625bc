import DNPNumerics
import Foundation
import MasterEquations
import ZenoLocalization

/// One dynamics' stationary state in one realization, as checkpointed (checkpoint keys are not renamed).
struct ZenoStateRecord: Codable, Sendable {
  /// 2⟨S^z_i⟩ per spin (thermal is negative).
  var polarizations: [Double]
  /// ⟨n|ρ|n⟩ on the eigenstates of H_S, in sector order: what the spin-temperature fit reads.
  var populations: [Double]
  /// f̃ of eq. S63 on the bins of ``ZenoConfig/eprWindow(_:explicit:)`` (per rad/s).
  var epr: [Double]
  /// The lines' total weight (eq. S66: equals `polarization`).
  var eprTotalWeight: Double
  /// P^z = (2/N) Σ_i ⟨S^z_i⟩.
  var polarization: Double
}

/// How the nonsecular solve ended.
struct ZenoSolverRecord: Codable, Sendable {
  /// Operator applications of the Krylov solve.
  var iterations: Int
  /// ‖L(ρ)‖/(‖L‖‖ρ‖).
  var residual: Double
  /// The preconditioner's estimate of the relative error of ρ.
  var errorEstimate: Double
}

/// One realization of one parameter point: the checkpoint of a work item.
struct ZenoRecord: Codable, Sendable {
  /// The sample (rad/s): the summary rediagonalizes it for the spin-temperature fit, also after `dnp merge`
  /// of runs with different seeds.
  var sample: ZenoSample
  /// Δ_i (rad/s), in spin order.
  var offsets: [Double] { sample.offsets }
  var hilbert: ZenoStateRecord?
  var nonsecular: ZenoStateRecord?
  var solver: ZenoSolverRecord?

  func state(_ d: ZenoDynamics) -> ZenoStateRecord? { d == .hilbert ? hilbert : nonsecular }

  /// Solves the dynamics `c` asks for on `sample`.
  /// - Complexity: Hilbert O(N · Σ_k d_{k+1}² d_k); nonsecular: the matrix-free GKSL solve (N = 10: ~15–20 s,
  ///   ~1 GB), and the EPR spectrum of each state O(N · Σ_k d_{k+1} d_k (d_{k+1} + d_k)).
  init(
    config c: ResolvedConfig, sample: ZenoSample, window: ClosedRange<Double>,
    report: @escaping (Double) -> Void
  ) throws {
    let model = try ZenoModel(parameters: ZenoConfig.parameters(c), sample: sample)
    let width = c.number("epr_bin_width")
    self.sample = sample
    let dynamics = ZenoConfig.dynamics(c)
    func record(_ state: EigenbasisState, _ polarizations: [Double]) throws -> ZenoStateRecord {
      let epr = try model.eprSpectrum(state, binWidth: width, window: window)
      return ZenoStateRecord(
        polarizations: polarizations, populations: state.populations, epr: epr.spectrum.values,
        eprTotalWeight: epr.totalWeight, polarization: epr.polarization)
    }
    if dynamics.contains(.hilbert) {
      let h = try model.hilbertSteadyState()
      hilbert = try record(model.eigenbasisState(of: h), h.polarizations)
    }
    if dynamics.contains(.nonsecular) {
      let options = ZenoConfig.solverOptions(c), tolerance = log(options.tolerance)
      let n = try model.nonsecularSteadyState(options: options) { _, error in
        if error > 0 && error.isFinite { report(min(0.95, max(0, log(error) / tolerance))) }
      }
      nonsecular = try record(model.eigenbasisState(of: n.state.rho), n.polarizations)
      solver = ZenoSolverRecord(
        iterations: n.state.iterations, residual: n.state.relativeResidual,
        errorEstimate: n.state.errorEstimate)
    }
  }
}
