import DNPNumerics
import MasterEquations
import SpinPhysics

/// The stationary state of the nonsecular dynamics and its polarization profile.
public struct NonsecularSteadyState: Sendable {
  /// ρ_stat in the computational basis (bit i of an index: spin i up).
  public var state: LindbladSteadyState
  /// `2⟨S^z_i⟩` per spin (SPEC §1 signs: thermal is negative).
  public var polarizations: [Double]
}

extension ZenoModel {
  /// ρ_stat of eq. 4 with jumps 7–8, matrix-free (preconditioned GMRES, see ``Lindbladian/steadyState(options:monitor:)``).
  /// - Complexity: N = 10: ~20–40 operator applications of ~0.1 s and ~2 s of set-up; memory ~1 GB.
  public func nonsecularSteadyState(
    options: SteadyStateOptions = .init(), monitor: ((Int, Double) -> Void)? = nil
  ) throws -> NonsecularSteadyState {
    let state = try nonsecularLindbladian().steadyState(options: options, monitor: monitor)
    let n = parameters.electrons
    let polarizations = (0..<n).map { 2 * SpinOperator.sz($0, spins: n).expectation(in: state.rho).real }
    return NonsecularSteadyState(state: state, polarizations: polarizations)
  }
}
