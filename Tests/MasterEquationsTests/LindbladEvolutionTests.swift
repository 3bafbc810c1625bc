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

@Test func shiftInvertEvolutionAgreesWithTheEigendecomposition() throws {
  let l = try randomRealProblem(spins: 3, seed: 93)
  var rho0 = ComplexMatrix(rows: 8, columns: 8)
  rho0[6, 6] = Complex(1, 0)
  let times = (0..<13).map { Double.pow(10, -4 + 0.5 * Double($0)) }  // 1e-4 … 1e2
  let exact = try l.evolve(from: rho0, times: times, method: .eigendecomposition)
  let rational = try l.evolve(from: rho0, times: times, method: .shiftInvert, tolerance: 1e-9)
  #expect(rational.method == .shiftInvert)
  for k in 0..<times.count { #expect(maxDifference(rational.states[k], exact.states[k]) <= 1e-8) }
  #expect(rational.traceError <= 1e-9)
}

/// An electron–nucleus pair in the cross-effect regime (ω_I = 2π·145 MHz, hyperfine B = 2π·0.1 MHz, T1e = 3 ms,
/// T2e = 50 µs, T1n = 100 s) from 10⁻⁷ s to 10³ s: shift-and-invert Krylov against the eigendecomposition.
@Test func shiftInvertReachesSecondsInAGigahertzStiffSystem() throws {
  let n = 2, twoPi = 2 * Double.pi
  let sz0 = SpinOperator.sz(0, spins: n), sz1 = SpinOperator.sz(1, spins: n)
  let h = twoPi * 145e6 * sz1 + twoPi * 0.5e6 * sz0 + twoPi * 0.1e6 * (sz0 * SpinOperator.sx(1, spins: n))
    + twoPi * 0.2e6 * SpinOperator.sx(0, spins: n)
  let p = 0.5
  let jumps = [
    ((1 + p) / 2 / 3e-3).squareRoot() * SpinOperator.lowering(0, spins: n),
    ((1 - p) / 2 / 3e-3).squareRoot() * SpinOperator.raising(0, spins: n),
    (2 / 50e-6).squareRoot() * sz0,
    (0.5 / 100).squareRoot() * SpinOperator.lowering(1, spins: n),
    (0.5 / 100).squareRoot() * SpinOperator.raising(1, spins: n),
    (2 / 1e-3).squareRoot() * sz1,
  ]
  let l = try Lindbladian(hamiltonian: h, jumps: jumps)
  var rho0 = ComplexMatrix(rows: 4, columns: 4)
  rho0[0, 0] = Complex(0.375, 0)
  rho0[1, 1] = Complex(0.125, 0)
  rho0[2, 2] = Complex(0.375, 0)
  rho0[3, 3] = Complex(0.125, 0)
  let times = (0..<11).map { Double.pow(10, -7 + Double($0)) }
  let exact = try l.evolve(from: rho0, times: times, method: .eigendecomposition)
  let rational = try l.evolve(from: rho0, times: times, method: .shiftInvert)
  let expm = try l.evolve(from: rho0, times: times, method: .denseExponential)
  #expect(rational.traceError <= 1e-10 && rational.hermiticityError <= 1e-10)
  for k in 0..<times.count {
    // The dense references lose accuracy like ε‖L‖t; beyond 1 ms they disagree with each other at that level.
    let referenceSpread = maxDifference(exact.states[k], expm.states[k])
    let allowed = max(1e-9, 3 * referenceSpread)
    #expect(maxDifference(rational.states[k], exact.states[k]) <= allowed)
    if times[k] <= 1e-3 { #expect(maxDifference(rational.states[k], exact.states[k]) <= 1e-9) }
  }
}
