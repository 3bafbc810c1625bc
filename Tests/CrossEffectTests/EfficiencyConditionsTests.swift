import ComplexModule
import CrossEffect
import Foundation
import MasterEquations
import SpinPhysics
import Testing

/// Eq. 2's stationary X, Y, Z against the Lindblad steady state of one driven electron whose transverse decay
/// is exactly R2 (the master equation's decoherence parameter set to R2 − R1/2, since its T1 jumps add R1/2).
@Test func blochSaturationOfEquationTwoMatchesTheMasterEquation() throws {
  var p = CrossEffectParameters.figure1c(coherent: true)
  p.electronCoupling = 0
  let r2 = p.electronDecoherence
  p.electronDecoherence = r2 - p.electronRelaxation / 2
  p.electronOffsets = [2 * Double.pi * 0.2e6, 2 * Double.pi * 3e6]
  let model = try CrossEffectModel(parameters: p, spins: .none)
  let rho = try model.lindbladian.steadyState(options: .init(tolerance: 1e-14)).rho
  for j in 0..<2 {
    let bloch = BlochSaturation(offset: p.electronOffsets[j], microwaveAmplitude: p.microwaveAmplitude,
      r1: p.electronRelaxation, r2: r2)
    let x = -2 * SpinOperator.sx(j, spins: 2).expectation(in: rho).real / p.electronPolarization
    let y = -2 * SpinOperator.sy(j, spins: 2).expectation(in: rho).real / p.electronPolarization
    let z = -2 * SpinOperator.sz(j, spins: 2).expectation(in: rho).real / p.electronPolarization
    #expect(abs(x - bloch.x) < 1e-9 && abs(y - bloch.y) < 1e-9 && abs(z - bloch.z) < 1e-9)
  }
}

/// Fig. 1(c): the coherent set has η1 ~ 1 (Rabi oscillations), the incoherent one η1 ~ 100 (the paper's
/// numbers), and the offsets take the 2 (electron) × 2^n (nuclei) Zeeman-order values.
@Test func efficiencyConditionsOfFigureOneC() throws {
  let b = 2 * Double.pi * 0.1e6
  let coherent = try CrossEffectModel(parameters: .figure1c(coherent: true), spins: .nucleusOnFirstElectron(b: b))
    .efficiencyConditions()
  let incoherent = try CrossEffectModel(parameters: .figure1c(coherent: false), spins: .nucleusOnFirstElectron(b: b))
    .efficiencyConditions()
  #expect(coherent.first.count == 2 && coherent.second.count == 2)  // A = 0: only 2D S_z of the other electron
  #expect(coherent.incoherenceMargin < 3)
  #expect(incoherent.incoherenceMargin > 30 && incoherent.incoherenceMargin < 300)
  // η1 = (R2² + D²)/ω1² at Δ̄1 = ±D: 2π·100 kHz, 2π·10 kHz, R2 = 2·10⁴ s⁻¹.
  let d = 2 * Double.pi * 100e3, w1 = 2 * Double.pi * 10e3, r2 = 2e4
  #expect(abs(incoherent.first[0].eta - (r2 * r2 + d * d) / (w1 * w1)) < 1e-9 * incoherent.first[0].eta)
  #expect(incoherent.eta == r2 / 1)
  // η = 2·10⁴, max η1 ≈ 100 (margin ≈ 200), min η2 ≈ 2·10⁸ (Δ̄2 = ω_I ± D): all three conditions hold there,
  // and the coherent set fails η1 ≫ 1.
  #expect(abs(incoherent.firstMargin - r2 / ((r2 * r2 + d * d) / (w1 * w1))) < 1e-9 * incoherent.firstMargin)
  #expect(incoherent.secondMargin > 1e3)
  #expect(incoherent.hold())
  #expect(!coherent.hold())
}
