import ComplexModule
import DNPNumerics
import MasterEquations
import RealModule
import SpinPhysics
import Testing

@Test func evolutionKeepsTheTraceAgreesAcrossMethodsAndRelaxesToTheSteadyState() throws {
  let l = try randomRealProblem(spins: 3, seed: 91)
  var rho0 = ComplexMatrix(rows: 8, columns: 8)
  rho0[5, 5] = Complex(1, 0)  // a pure basis state
  let times = [0, 0.01, 0.3, 2, 40.0]
  let eig = try l.evolve(from: rho0, times: times, method: .eigendecomposition)
  let expm = try l.evolve(from: rho0, times: times, method: .denseExponential)
  let krylov = try l.evolve(from: rho0, times: times, method: .krylov, tolerance: 1e-12)
  #expect(eig.method == .eigendecomposition && expm.method == .denseExponential)
  for k in 0..<times.count {
    #expect(maxDifference(eig.states[k], expm.states[k]) <= 1e-10)
    #expect(maxDifference(krylov.states[k], expm.states[k]) <= 1e-9)
  }
  for trajectory in [eig, expm, krylov] {
    #expect(trajectory.traceError <= 1e-10)
    #expect(trajectory.hermiticityError <= 1e-10)
  }
  let steady = try l.denseSteadyState()
  #expect(maxDifference(eig.states.last!, steady.rho) <= 1e-10)
}

/// A single spin precessing at 2π·145 MHz and relaxing with T1 = 1 s: the dense path reaches 10³ s in one
/// eigendecomposition, and M_z(t) = M0 + (M_z(0) − M0) e^{−t/T1} at every time.
@Test func stiffSingleSpinRelaxesOverSecondsAtGigahertzFrequencies() throws {
  let omega = 2 * Double.pi * 145e6, t1 = 1.0, p = 0.2
  let down = (1 + p) / 2 / t1, up = (1 - p) / 2 / t1
  let l = try Lindbladian(
    hamiltonian: omega * SpinOperator.sz(0, spins: 1),
    jumps: [down.squareRoot() * SpinOperator.lowering(0, spins: 1), up.squareRoot() * SpinOperator.raising(0, spins: 1)])
  var rho0 = ComplexMatrix(rows: 2, columns: 2)
  rho0[0, 0] = Complex(0.5, 0)
  rho0[1, 1] = Complex(0.5, 0)
  rho0[0, 1] = Complex(0.5, 0)
  rho0[1, 0] = Complex(0.5, 0)  // spin along x
  let times = [1e-7, 1e-3, 0.5, 3, 1e3]
  let trajectory = try l.evolve(from: rho0, times: times)
  for (t, rho) in zip(times, trajectory.states) {
    let mz = (rho[1, 1] - rho[0, 0]).real
    #expect(abs(mz - (-p) * (1 - Double.exp(-t / t1))) < 1e-10)
    // Transverse magnetization decays at 1/(2T1) and precesses at ω.
    let coherence = rho[0, 1]
    let expected = Complex(0.5 * Double.exp(-t / (2 * t1)), 0) * Complex.exp(Complex(0, omega * t))
    #expect((coherence - expected).length < 1e-6)
  }
  #expect(trajectory.traceError < 1e-12)
}
