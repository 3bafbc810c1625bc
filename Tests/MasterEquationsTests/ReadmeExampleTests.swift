import ComplexModule
import MasterEquations
import SpinPhysics
import Testing

/// The README's open-systems example, run as written (the lines between the markers are the README's third
/// `swift` block; `ThermalMixingTests.readmeSnippetsAreTheTestedOnes` checks that); its steady state is checked
/// against the dense LU oracle.
@Test func readmeLindbladExampleRuns() throws {
  // README begin
  // Two driven, coupled spins (angular frequencies in rad/s, times in s).
  let n = 2, twoPi = 2 * Double.pi
  let sz = { SpinOperator.sz($0, spins: n) }, sx = { SpinOperator.sx($0, spins: n) }
  let flipFlop = SpinOperator.raising(0, spins: n) * SpinOperator.lowering(1, spins: n)
    + SpinOperator.lowering(0, spins: n) * SpinOperator.raising(1, spins: n)
  let h = twoPi * 1e6 * sz(0) - twoPi * 2e6 * sz(1) + twoPi * 0.5e6 * flipFlop
    + twoPi * 0.3e6 * (sx(0) + sx(1))
  // T1 = 1 ms towards polarization −0.2, pure dephasing 1e4 s⁻¹.
  var jumps: [SpinOperator] = []
  for i in 0..<n {
    jumps.append((0.6e3).squareRoot() * SpinOperator.lowering(i, spins: n))
    jumps.append((0.4e3).squareRoot() * SpinOperator.raising(i, spins: n))
    jumps.append((1e4).squareRoot() * sz(i))
  }
  let lindbladian = try Lindbladian(hamiltonian: h, jumps: jumps)
  let steady = try lindbladian.steadyState()  // preconditioned GMRES; throws if not converged
  print(steady.iterations, steady.relativeResidual)
  let polarization = 2 * sz(0).expectation(in: steady.rho).real
  let trajectory = try lindbladian.evolve(from: steady.rho, times: [0, 1e-6, 1e-3])
  print(polarization, trajectory.traceError)
  // README end
  #expect(steady.relativeResidual <= 1e-10)
  // The error in ρ is about κ(L) times the relative residual; here κ ~ ‖L‖T1 ~ 10⁴.
  let dense = try lindbladian.denseSteadyState()
  #expect(maxDifference(steady.rho, dense.rho) <= 1e-9)
  let tight = try lindbladian.steadyState(options: .init(tolerance: 1e-14))
  #expect(maxDifference(tight.rho, dense.rho) <= 1e-13)
  #expect(polarization > -0.2 && polarization < 0)
  #expect(trajectory.traceError <= 1e-10)
  for state in trajectory.states { #expect(maxDifference(state, steady.rho) <= 1e-9) }
}
