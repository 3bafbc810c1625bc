import ComplexModule
import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import Testing
import ZenoLocalization

/// One spin: T1 relaxation towards −tanh(βω_e/2) and A^z = S^z/√(2T(0)) (eigenstates are the basis states),
/// so 1/T2 = 1/(2T1) + 1/(4T(0)); the steady state is the Bloch solution at δ = ω_e − ω_MW.
@Test(arguments: [false, true]) func oneSpinIsTheBlochSolution(highTemperature: Bool) throws {
  var p = ZenoParameters.tableI(highTemperature: highTemperature)
  p.electrons = 1
  let model = try ZenoModel(parameters: p, sample: .equallySpaced(p, seed: 1, realization: 0))
  let polarization = try model.nonsecularSteadyState(options: .init(tolerance: 1e-13)).polarizations[0]
  let delta = p.electronLarmor - p.microwaveFrequency
  let t2 = 1 / (1 / (2 * p.t1) + 1 / (4 * p.tZero))
  let m0 = -Double.tanh(p.beta * p.electronLarmor / 2)
  let saturation = (1 + delta * delta * t2 * t2) / (1 + delta * delta * t2 * t2 + p.microwaveAmplitude * p.microwaveAmplitude * p.t1 * t2)
  #expect(abs(polarization - m0 * saturation) < 1e-10)
}

/// Without microwaves the jumps of eqs. 7–8 balance at ω_e only: ρ = e^{−βω_e S^z}/Z exactly (it commutes with
/// H_S and satisfies the balance of every jump), not e^{−βH_S}/Z.
@Test func microwavesOffGiveTheBalancedZeemanState() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 4
  p.microwaveAmplitude = 0
  let model = try ZenoModel(parameters: p, sample: .random(p, seed: 3, realization: 2))
  let rho = try model.nonsecularSteadyState(options: .init(tolerance: 1e-13)).state.rho
  let weights = (0..<16).map { b in Double.exp(-p.beta * p.electronLarmor * (Double(b.nonzeroBitCount) - 2)) }
  let z = weights.reduce(0, +)
  var error = 0.0
  for r in 0..<16 { for c in 0..<16 { error = max(error, (rho[r, c] - Complex(r == c ? weights[r] / z : 0, 0)).length) } }
  #expect(error < 1e-10)
}

/// N = 5 at 1.2 K on an explicit sample, against QuTiP 5.3.1 `steadystate` (sparse LU) on the same problem
/// (Benchmarks/qutip: equally spaced offsets, U_ij = (U/√N) sin(0.7 + 1.3i + 2.9j)).
@Test func fiveSpinsAgreeWithQuTiP() throws {
  let p = { () -> ZenoParameters in
    var p = ZenoParameters.tableI()
    p.electrons = 5
    return p
  }()
  var couplings = [[Double]](repeating: [Double](repeating: 0, count: 5), count: 5)
  for i in 0..<5 {
    for j in (i + 1)..<5 {
      let u = p.dipolarStrength / Double(5).squareRoot() * Double.sin(0.7 + 1.3 * Double(i) + 2.9 * Double(j))
      couplings[i][j] = u
      couplings[j][i] = u
    }
  }
  let offsets = (0..<5).map { p.inhomogeneousWidth * (Double($0) / 4 - 0.5) }
  let model = try ZenoModel(parameters: p, sample: ZenoSample(offsets: offsets, couplings: couplings))
  let result = try model.nonsecularSteadyState(options: .init(tolerance: 1e-13))
  let qutip = [-0.08700449401183218, -0.016480504034698334, -0.1146961622578202, -0.3342135141576139, -0.5288155467043275]
  for (a, b) in zip(result.polarizations, qutip) { #expect(abs(a - b) < 1e-9) }
}

@Test func inconsistentInputIsRefused() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 3
  #expect(throws: ZenoModelError.self) {
    _ = try ZenoModel(parameters: p, sample: ZenoSample(offsets: [0, 1], couplings: [[0, 1], [1, 0]]))
  }
  #expect(throws: ZenoModelError.self) {
    _ = try ZenoModel(parameters: p, sample: ZenoSample(offsets: [0, 1, 2], couplings: [[0, 1, 0], [2, 0, 0], [0, 0, 0]]))
  }
  p.irradiated = [3]
  #expect(throws: ZenoModelError.self) { _ = try ZenoModel(parameters: p, sample: .random(p, seed: 1, realization: 0)) }
}
