import ComplexModule
import CrossEffect
import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import Testing

// The Zeeman-projected rate equation (CE paper eq. 4; docs/cross-effect-rates.md) against closed-form rates and
// against the full Lindblad master equation (eq. 1) in the incoherent regime η1 ≫ 1.

private let twoPi = 2 * Double.pi
private let b = twoPi * 0.1e6

/// Largest |difference| of the relative polarizations of every spin.
private func largestDifference(
  _ a: (electrons: [Double], nuclei: [Double]), _ c: (electrons: [Double], nuclei: [Double])
) -> Double {
  zip(a.electrons + a.nuclei, c.electrons + c.nuclei).map { abs($0 - $1) }.max()!
}

/// Steady state of the full master equation and of the projection, as relative polarizations.
private func steadyStates(_ p: CrossEffectParameters, _ s: CrossEffectSpins) throws -> (
  full: (electrons: [Double], nuclei: [Double]), projected: (electrons: [Double], nuclei: [Double])
) {
  let full = try CrossEffectModel(parameters: p, spins: s)
  let projection = try ZeemanProjection(parameters: p, spins: s)
  return (
    full.relativePolarizations(try full.lindbladian.denseSteadyState().rho),
    projection.relativePolarizations(try projection.stationaryPopulations())
  )
}

/// Fig. 2(c): p = 0.984, R1 = 1 s⁻¹, R2 = 10⁵ s⁻¹, the rest as Fig. 1(c) (D = 2π·100 kHz), ω1 given.
private func figure2c(microwave w1: Double) -> CrossEffectParameters {
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronPolarization = 0.984
  p.electronRelaxation = 1
  p.electronDecoherence = 1e5
  p.microwaveAmplitude = w1
  return p
}

/// The e1–e2–n model: one nucleus coupled to electron 2 by B only.
private let nucleusOnSecondElectron = CrossEffectSpins(
  secularHyperfine: [[0], [0]], pseudosecularHyperfine: [[[0, 0]], [[b, 0]]], nuclearCouplings: [[0]])

/// Microwaves off: the projection's stationary state is ρ_th exactly (every coherent rate is symmetric,
/// W_if = W_fi, and T1 obeys detailed balance at p): electrons +1, nuclei 0.
@Test func projectionWithoutMicrowavesIsThermal() throws {
  var p = figure2c(microwave: 0)
  p.electronCoupling = twoPi * 0.3e6
  var s = CrossEffectSpins.pentagon(b: b, d: twoPi * 10)
  s.secularHyperfine = [[twoPi * 2e3, 0, twoPi * 1e3], [0, twoPi * 3e3, 0]]
  let projection = try ZeemanProjection(parameters: p, spins: s)
  let stationary = try projection.stationaryPopulations()
  let thermal = projection.thermalPopulations()
  #expect(zip(stationary, thermal).allSatisfy { abs($0 - $1) < 1e-13 })
  let (electrons, nuclei) = projection.relativePolarizations(stationary)
  #expect(electrons.allSatisfy { abs($0 - 1) < 1e-12 } && nuclei.allSatisfy { abs($0) < 1e-12 })
}

/// Every coherent jump has its reverse at the same rate (|V^eff|², Γ and δ² are symmetric in i ↔ f), and no
/// jump changes the magnetization by more than 1.
@Test func coherentRatesAreSymmetric() throws {
  var s = CrossEffectSpins.pentagon(b: b, d: twoPi * 10)
  s.secularHyperfine = [[twoPi * 2e3, 0, 0], [0, twoPi * 3e3, 0]]
  let projection = try ZeemanProjection(parameters: figure2c(microwave: twoPi * 10e3), spins: s)
  var table: [String: Double] = [:]
  for jump in projection.jumps { table["\(jump.kind) \(jump.from) \(jump.to)", default: 0] += jump.rate }
  for jump in projection.jumps where jump.kind != .electronRelaxation && jump.kind != .nuclearRelaxation {
    let reverse = table["\(jump.kind) \(jump.to) \(jump.from)"] ?? 0
    #expect(abs(reverse - jump.rate) <= 1e-12 * jump.rate)
    #expect(abs(jump.from.nonzeroBitCount - jump.to.nonzeroBitCount) <= 1)
  }
  #expect(
    Set(projection.jumps.map(\.kind)).isSuperset(of: [
      .microwave, .electronFlipFlop, .hyperfineNuclearFlip,
      .nuclearFlipFlop, .solidEffect, .crossEffect, .electronRelaxation, .nuclearRelaxation,
    ]))
}

/// D = 0, B = 0: each electron is an independent Bloch spin, and the incoherent microwave rate
/// W = (ω1²/2) R2′/(R2′² + Δ²), R2′ = R2 + R1/2, gives exactly the Bloch steady state
/// Z = R1/(R1 + 2W) = (R2′² + Δ²)/(R2′² + Δ² + ω1² R2′/R1), coherent regime included; the nuclei
/// (coupled only among themselves) stay at 0. Tolerance: solver round-off.
@Test func uncoupledElectronsAreExactBlochSpins() throws {
  for coherent in [true, false] {
    var p = CrossEffectParameters.figure1c(coherent: coherent)
    p.electronCoupling = 0
    p.electronOffsets = [twoPi * 0.02e6, twoPi * 0.3e6]
    var s = CrossEffectSpins.pentagon(b: 0, d: twoPi * 10)
    s.pseudosecularHyperfine = [[[0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0]]]
    let (full, projected) = try steadyStates(p, s)
    let r2 = p.electronDecoherence + p.electronRelaxation / 2
    for j in 0..<2 {
      let delta = p.electronOffsets[j], w1 = p.microwaveAmplitude
      let z = (r2 * r2 + delta * delta) / (r2 * r2 + delta * delta + w1 * w1 * r2 / p.electronRelaxation)
      #expect(abs(projected.electrons[j] - z) < 1e-11)
      #expect(abs(full.electrons[j] - z) < 1e-9)
    }
    // Round-off only: the rates span ~10⁹ (the coherent set's resonant microwave rate ~5·10⁶ s⁻¹ against
    // r1/2 = 5·10⁻³ s⁻¹), and relative polarizations divide by p = 0.034; observed 3·10⁻⁸.
    #expect(projected.nuclei.allSatisfy { abs($0) < 1e-6 }, "\(projected.nuclei)")
    // The saturation is substantial, so the exactness is not vacuous.
    #expect(projected.electrons[0] < 0.9)
  }
}

/// Γ^SS alone (two electrons, Fig. 1(c) incoherent): the flip-flop |↑↓⟩ → |↓↑⟩ (bits 0b01 → 0b10) has
/// W = 2(D/2)²Γ/(Γ² + ω_I²), Γ = 2R2 + R1 ≈ D²R2/ω_I², twice the paper's printed D²R2/(2ω_I²). Γ^SS depolarizes
/// the second electron (1 − P2 ≈ 0.01); the projection reproduces the master equation's P2 to 1e-5, while the
/// printed value (all other rates equal) misses it by more than 2e-3.
@Test func electronFlipFlopRateMatchesTheMasterEquation() throws {
  let p = CrossEffectParameters.figure1c(coherent: false)
  let projection = try ZeemanProjection(parameters: p, spins: .none)
  let gamma = 2 * p.electronDecoherence + p.electronRelaxation
  let d = p.electronCoupling, wI = p.nuclearLarmor
  let expected = 2 * (d / 2) * (d / 2) * gamma / (gamma * gamma + wI * wI)
  let rate = projection.rate(from: 0b01, to: 0b10, kind: .electronFlipFlop)
  #expect(abs(rate - expected) < 1e-12 * expected)
  #expect(abs(rate / (d * d * p.electronDecoherence / (wI * wI)) - 1) < 1e-3)

  let (full, projected) = try steadyStates(p, .none)
  #expect(1 - full.electrons[1] > 5e-3)
  #expect(largestDifference(full, projected) < 1e-5)

  // The same rate equation with the printed Γ^SS.
  var equation = PopulationMasterEquation(blockSizes: projection.basis.sectors.map(\.count))
  for jump in projection.jumps {
    let k = jump.from.nonzeroBitCount, l = jump.to.nonzeroBitCount
    var m = RealMatrix(rows: projection.basis.sectors[l].count, columns: projection.basis.sectors[k].count)
    m[projection.basis.index(of: jump.to), projection.basis.index(of: jump.from)] =
      jump.kind == .electronFlipFlop ? jump.rate / 2 : jump.rate
    equation.addRates(from: k, to: l, m)
  }
  let printed = projection.relativePolarizations(try equation.stationaryState().flatMap { $0 })
  #expect(abs(printed.electrons[1] - full.electrons[1]) > 2e-3)
}

/// Γ^SSI on the n–e1–e2 model of Fig. 1(c) (incoherent parameters, η1 ≈ 100): the three-spin flip
/// |↓1↑2↓n⟩ → |↑1↓2↑n⟩ (0b010 → 0b101) has |V^eff| = D|B|/(4ω_I) and, at the exact matching (δ = 0),
/// W = 2|V^eff|²/Γ, Γ = 2(R2 + R1/2) + r2 + r1/2. The build-up from ρ_th (log times 0.03 s – 1000 s, after the
/// fast stage whose first microseconds are coherent and outside any rate equation) agrees with the master
/// equation to 2e-3 for every spin; the steady state to 3e-4.
@Test func crossEffectBuildUpMatchesTheMasterEquation() throws {
  let p = CrossEffectParameters.figure1c(coherent: false)
  let s = CrossEffectSpins.nucleusOnFirstElectron(b: b)
  let projection = try ZeemanProjection(parameters: p, spins: s)
  let v = p.electronCoupling * b / (4 * p.nuclearLarmor)
  let gamma =
    2 * (p.electronDecoherence + p.electronRelaxation / 2) + p.nuclearDecoherence + p.nuclearRelaxation / 2
  let rate = projection.rate(from: 0b010, to: 0b101, kind: .crossEffect)
  #expect(abs(rate - 2 * v * v / gamma) < 1e-9 * rate)

  let model = try CrossEffectModel(parameters: p, spins: s)
  let times = (0..<12).map { Double.pow(10, -1.5 + 0.5 * Double($0)) }
  let full = try model.lindbladian.evolve(
    from: model.thermalState(), times: times, method: .eigendecomposition)
  let projected = try projection.evolve(times: times)
  var worst = 0.0
  for k in times.indices {
    worst = max(
      worst,
      largestDifference(
        model.relativePolarizations(full.states[k]), projection.relativePolarizations(projected[k])))
  }
  #expect(worst < 2e-3)
  #expect(projection.relativePolarizations(projected[times.count - 1]).nuclei[0] > 0.9)  // a real build-up
  let (fullSteady, projectedSteady) = try steadyStates(p, s)
  #expect(largestDifference(fullSteady, projectedSteady) < 3e-4)
}

/// Γ^SI on the e1–e2–n model with D = 0 (no cross effect): the zero-quantum solid-effect flip of electron 2
/// and the nucleus, |↑2↓n⟩ → |↓2↑n⟩ (0b010 → 0b100), has |V^eff| = ω1|B|/(4ω_I) and W = 2|V^eff|²/Γ at
/// Δ_2 = ω_I, Γ = R2 + R1/2 + r2 + r1/2. It alone polarizes the nucleus (to ≈ 0.5); steady state within 1e-4.
@Test func solidEffectRateMatchesTheMasterEquation() throws {
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronCoupling = 0
  let projection = try ZeemanProjection(parameters: p, spins: nucleusOnSecondElectron)
  let v = p.microwaveAmplitude * b / (4 * p.nuclearLarmor)
  let gamma =
    p.electronDecoherence + p.electronRelaxation / 2 + p.nuclearDecoherence + p.nuclearRelaxation / 2
  #expect(
    abs(projection.rate(from: 0b010, to: 0b100, kind: .solidEffect) - 2 * v * v / gamma) < 1e-9 * 2 * v * v
      / gamma)
  let (full, projected) = try steadyStates(p, nucleusOnSecondElectron)
  #expect(full.nuclei[0] > 0.3)
  #expect(largestDifference(full, projected) < 1e-4)
  // With D on, the cross effect through B_2 dominates; still within 1e-3.
  let (fullCE, projectedCE) = try steadyStates(.figure1c(coherent: false), nucleusOnSecondElectron)
  #expect(fullCE.nuclei[0] > 0.9)
  #expect(largestDifference(fullCE, projectedCE) < 1e-3)
}

/// Fig. 2(c)'s pentagon: steady state within 5e-4 at ω1 = 2π·3 kHz (η1 ≈ 4·10³), and the error grows as η1
/// falls (ω1 = 3, 10, 30 kHz), as in the paper's figure. The bulk nucleus is polarized only by nuclear
/// flip-flops (spin diffusion): without d it stays at 0.
@Test func pentagonSteadyStateAndItsErrorTrend() throws {
  let s = CrossEffectSpins.pentagon(b: b, d: twoPi * 10)
  var errors: [Double] = []
  for w1 in [3e3, 10e3, 30e3] {
    let (full, projected) = try steadyStates(figure2c(microwave: twoPi * w1), s)
    errors.append(largestDifference(full, projected))
    #expect(projected.nuclei[2] > 0.7)
  }
  #expect(errors[0] < 5e-4)
  #expect(errors[1] < 3e-3)
  #expect(errors[0] < errors[1] && errors[1] < errors[2])
  var isolated = s
  isolated.nuclearCouplings = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
  let (full, projected) = try steadyStates(figure2c(microwave: twoPi * 3e3), isolated)
  #expect(abs(projected.nuclei[2]) < 1e-9 && abs(full.nuclei[2]) < 1e-6)
}

/// Γ^II with the hyperfine-shift detuning: secular A_11, A_22 = 2π·4 kHz detune the flip-flops of the core
/// nuclei with the bulk one by |δ| = A/2 ≫ Γ = 2r2 + r1, W = (d²/2)Γ/(Γ² + δ²) (a spin-diffusion barrier). The
/// bulk nucleus's build-up slows (0.26 → 0.08 at t = 10 s), and the projection follows the master equation over
/// the build-up (t = 1 … 1000 s) within 5e-4 without the shifts and 4e-3 with them (observed 2.3e-3: the
/// spectator-flip broadening of the flip-flop coherences is approximate, see docs/cross-effect-rates.md §3).
@Test func hyperfineShiftSlowsSpinDiffusionAsInTheMasterEquation() throws {
  let p = figure2c(microwave: twoPi * 3e3)
  let d = twoPi * 10, a = twoPi * 4e3
  var shifted = CrossEffectSpins.pentagon(b: b, d: d)
  shifted.secularHyperfine = [[a, 0, 0], [0, a, 0]]
  let projection = try ZeemanProjection(parameters: p, spins: shifted)
  // Nucleus 1 (bit 2) up, bulk nucleus 3 (bit 4) down, electron 1 (bit 0) up, electron 2 and nucleus 2 down:
  // δ = −A_11 s_1 + 2d_23 m_2 = −A/2 − d. Spectators that change δ: electron 1 (by A; its T1 and microwave
  // flips, at Δ̄_1 = −D ± A/2 in i and f) and nucleus 2 (by 2d; its T1).
  let gamma0 = 2 * p.nuclearDecoherence + p.nuclearRelaxation, delta = -a / 2 - d
  func microwave(_ offset: Double) -> Double {
    let g = p.electronDecoherence + p.electronRelaxation / 2, w1 = p.microwaveAmplitude
    return w1 * w1 / 2 * g / (g * g + offset * offset)
  }
  let kappa1 =
    (1 + p.electronPolarization) * p.electronRelaxation / 2
    + (microwave(-p.electronCoupling + a / 2) + microwave(-p.electronCoupling - a / 2)) / 2
  let gamma =
    gamma0 + kappa1 * a * a / (a * a + gamma0 * gamma0)
    + p.nuclearRelaxation / 2 * 4 * d * d / (4 * d * d + gamma0 * gamma0)
  let expected = d * d / 2 * gamma / (gamma * gamma + delta * delta)
  #expect(
    abs(projection.rate(from: 0b00101, to: 0b10001, kind: .nuclearFlipFlop) - expected) < 1e-10 * expected)
  #expect(gamma - gamma0 > 0.01 * gamma0)  // the spectator loss is not negligible here

  let times = [1.0, 10, 100, 1000]
  var bulkAtTen: [Double] = []
  for (s, tolerance) in [(CrossEffectSpins.pentagon(b: b, d: d), 5e-4), (shifted, 4e-3)] {
    let model = try CrossEffectModel(parameters: p, spins: s)
    let zp = try ZeemanProjection(parameters: p, spins: s)
    let full = try model.lindbladian.evolve(
      from: model.thermalState(), times: times, method: .eigendecomposition)
    let projected = try zp.evolve(times: times)
    for k in times.indices {
      #expect(
        largestDifference(model.relativePolarizations(full.states[k]), zp.relativePolarizations(projected[k]))
          < tolerance)
    }
    bulkAtTen.append(model.relativePolarizations(full.states[1]).nuclei[2])
  }
  #expect(bulkAtTen[0] - bulkAtTen[1] > 0.1)
}

/// The two solver paths of the projection agree: the block-tridiagonal stationary state and the dense
/// exponential at t = 10⁴ s (100 × T1n, the slowest time), on the pentagon; the evolution conserves probability
/// and keeps populations non-negative. Tolerance 2e-9: scaling and squaring of ‖G t‖ ~ 10⁷ costs ~10⁻⁹ (observed
/// 4·10⁻¹⁰ in the populations and 1.3·10⁻⁹ in the trace at t = 10⁵ s).
@Test func projectedStationaryStateIsTheLongTimeLimit() throws {
  let projection = try ZeemanProjection(
    parameters: figure2c(microwave: twoPi * 10e3), spins: .pentagon(b: b, d: twoPi * 10))
  let stationary = try projection.stationaryPopulations()
  let evolved = try projection.evolve(times: [1, 1e4])
  #expect(zip(stationary, evolved[1]).allSatisfy { abs($0 - $1) < 2e-9 })
  #expect(evolved.allSatisfy { abs($0.reduce(0, +) - 1) < 2e-9 && $0.allSatisfy { $0 > -1e-12 } })
  #expect(zip(stationary, evolved[0]).map { abs($0 - $1) }.max()! > 1e-3)  // t = 1 s is far from it
}

/// A resonant double-quantum jump (Δ_1 = −Δ_2 = 2π·5 MHz, D = 2π·100 kHz: both electrons flip through two
/// off-resonant microwave steps, whose amplitudes would cancel at D = 0) changes the magnetization by 2 and does
/// not fit the neighbouring-sector blocks: refused, not dropped. At the CE matching the same electrons give
/// only first-order jumps: T1 and microwave flips (8 each) and the two flip-flops.
@Test func resonantDoubleQuantumJumpIsRefused() throws {
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronOffsets = [twoPi * 5e6, -twoPi * 5e6]
  #expect(throws: CrossEffectError.self) { _ = try ZeemanProjection(parameters: p, spins: .none) }
  p.electronOffsets = [0, p.nuclearLarmor]
  #expect(try ZeemanProjection(parameters: p, spins: .none).jumps.count == 8 + 8 + 2)
}
