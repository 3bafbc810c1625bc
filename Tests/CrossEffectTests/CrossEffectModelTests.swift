import ComplexModule
import CrossEffect
import DNPNumerics
import Foundation
import MasterEquations
import Testing

/// Two uncoupled electrons and no nuclei: each is a Bloch spin at its offset, relaxing at R1 towards −p and
/// dephasing at R2 + R1/2 (the T1 jumps add R1/2 to eq. 2's R2):
/// Z = (R2′² + Δ²)/(R2′² + Δ² + ω1² R2′/R1).
@Test func uncoupledElectronsFollowTheBlochSolution() throws {
  var p = CrossEffectParameters.figure1c(coherent: true)
  p.electronCoupling = 0
  p.electronOffsets = [0, 2 * Double.pi * 0.3e6]
  let model = try CrossEffectModel(parameters: p, spins: .none)
  let state = try model.lindbladian.steadyState(options: .init(tolerance: 1e-14))
  let electrons = model.relativePolarizations(state.rho).electrons
  let r2 = p.electronDecoherence + p.electronRelaxation / 2
  for j in 0..<2 {
    let delta = p.electronOffsets[j]
    let z = (r2 * r2 + delta * delta) / (r2 * r2 + delta * delta + p.microwaveAmplitude * p.microwaveAmplitude * r2 / p.electronRelaxation)
    #expect(abs(electrons[j] - z) < 1e-9)
  }
}

/// Without microwaves nothing is driven: electrons at their thermal polarization (relative value 1), the
/// nucleus unpolarized.
@Test func microwavesOffLeaveTheThermalState() throws {
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.microwaveAmplitude = 0
  let model = try CrossEffectModel(parameters: p, spins: .nucleusOnFirstElectron(b: 2 * Double.pi * 0.1e6))
  let state = try model.lindbladian.denseSteadyState()
  let (electrons, nuclei) = model.relativePolarizations(state.rho)
  #expect(electrons.allSatisfy { abs($0 - 1) < 1e-10 })
  #expect(abs(nuclei[0]) < 1e-10)
}

/// The n–e1–e2 build-up of Fig. 1(c) (incoherent parameters) from ρ_th to 10⁵ s: the matrix-free
/// shift-and-invert evolution against the dense eigendecomposition (whose eigenvectors of this stiff
/// generator cost it ~6 digits: agreement to 2·10⁻⁶), and the end state against the steady state.
@Test func nucleusOnFirstElectronBuildUpAgreesAcrossMethods() throws {
  let p = CrossEffectParameters.figure1c(coherent: false)
  let model = try CrossEffectModel(parameters: p, spins: .nucleusOnFirstElectron(b: 2 * Double.pi * 0.1e6))
  let times = (0..<11).map { Double.pow(10, -7 + Double($0)) } + [1e5]
  let dense = try model.lindbladian.evolve(from: model.thermalState(), times: times, method: .eigendecomposition)
  let rational = try model.lindbladian.evolve(from: model.thermalState(), times: times, method: .shiftInvert)
  for k in times.indices {
    let a = model.relativePolarizations(dense.states[k]), b = model.relativePolarizations(rational.states[k])
    #expect(abs(a.nuclei[0] - b.nuclei[0]) < 2e-6)
    #expect(zip(a.electrons, b.electrons).allSatisfy { abs($0 - $1) < 2e-6 })
  }
  let steady = try model.lindbladian.steadyState(options: .init(tolerance: 1e-11))
  let final = model.relativePolarizations(rational.states.last!).nuclei[0]
  #expect(abs(final - model.relativePolarizations(steady.rho).nuclei[0]) < 1e-9)
  #expect(final > 0.9)  // the nucleus ends at ~95 % of the electrons' thermal polarization
  #expect(rational.traceError < 1e-10)
}

@Test func inconsistentCouplingsAreRefused() {
  let p = CrossEffectParameters.figure1c(coherent: false)
  #expect(throws: CrossEffectError.self) {
    _ = try CrossEffectModel(parameters: p, spins: CrossEffectSpins(secularHyperfine: [[0], [0]],
      pseudosecularHyperfine: [[[0, 0]], [[0, 0]]], nuclearCouplings: [[1]]))
  }
  var q = p
  q.electronPolarization = 1
  #expect(throws: CrossEffectError.self) { _ = try CrossEffectModel(parameters: q, spins: .none) }
}
