import DNPNumerics
import Foundation
import SpinPhysics
import Testing
import ThermalMixing

/// Table I parameters for N electrons with a random Gaussian sample (hyperfine large enough to matter).
func smallProblem(electrons: Int, seed: UInt64, microwaves: Bool = true) -> ThermalMixingProblem {
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = electrons
  p.hyperfineStrength = 2 * .pi * 3e6
  if !microwaves { p.microwaveAmplitude = 0 }
  return ThermalMixingProblem(parameters: p, sample: .gaussian(p, seed: seed, realization: 0))
}

@Test func microwavesOffGiveGibbsPopulations() throws {
  for n in [2, 4, 5] {
    let problem = smallProblem(electrons: n, seed: UInt64(n), microwaves: false)
    let s = try problem.stationaryState()
    let beta = problem.parameters.beta, we = problem.parameters.electronLarmor
    let e = s.ensemble
    // Gibbs weights exp(−β ε_n) with ε_n = ω_e s_n + relative energy, normalized in log space.
    let logs = (0..<e.populations.count).map { -beta * (we * e.magnetizations[$0] + e.relativeEnergies[$0]) }
    let top = logs.max()!
    let z = logs.map { exp($0 - top) }.reduce(0, +)
    for i in 0..<logs.count { #expect(abs(e.populations[i] - exp(logs[i] - top) / z) < 1e-10) }
    #expect(abs(e.populations.reduce(0, +) - 1) < 1e-12)
  }
}

@Test func sectorBlockedPathAgreesWithDenseWholeSpace() throws {
  for (n, seed) in [(2, UInt64(11)), (3, UInt64(12)), (4, UInt64(13))] {
    var problem = smallProblem(electrons: n, seed: seed)
    problem.parameters.microwaveFrequency =
      problem.parameters.electronLarmor + problem.sample.offsets[0] + 2 * .pi * 1e5
    let s = try problem.stationaryState()
    let d = try DenseReference(parameters: problem.parameters, sample: problem.sample)
    #expect(abs(s.nuclearPolarization - d.nuclearPolarization) < 1e-10)
    for i in 0..<n { #expect(abs(s.electronPolarizations[i] - d.electronPolarizations[i]) < 1e-10) }
    #expect(abs(s.magnetization - d.magnetization) < 1e-10)
    #expect(abs(s.relativeEnergy - d.relativeEnergy) < 1e-10 * abs(d.relativeEnergy) + 1e-6)
    // The microwaves must actually matter in this comparison.
    #expect(
      abs(
        s.electronPolarizations[0]
          - Thermal.electronPolarization(
            beta: problem.parameters.beta, omega: problem.parameters.electronLarmor)) > 1e-3)
  }
}

@Test func oneElectronAndNucleusByHand() throws {
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = 1
  p.hyperfineStrength = 2 * .pi * 1e3
  let delta = 2 * Double.pi * 0.3e6
  p.microwaveFrequency = p.electronLarmor + delta
  let sample = ThermalMixingSample(offsets: [0], couplings: [[0]], hyperfine: [p.hyperfineStrength])
  let problem = ThermalMixingProblem(parameters: p, sample: sample)
  // Sector energies s·0 ± ½√(ω_n² + D²/4).
  let systems = try problem.eigensystems()
  let split =
    0.5 * (p.nuclearLarmor * p.nuclearLarmor + p.hyperfineStrength * p.hyperfineStrength / 4).squareRoot()
  for s in systems {
    #expect(abs(s.energies[0] + split) < 1e-6 && abs(s.energies[1] - split) < 1e-6)
  }
  // Two-level rate equation with eq. 12 (rate 1/T1e) and eq. 16 (rate ω1² T2e/(1 + δ²T2e²) each way):
  // P_e = P0 / (1 + 2 ω1² T1e T2e / (1 + δ² T2e²)), up to O((D/ω_n)²) from the nuclear mixing.
  let s = try problem.stationaryState()
  let p0 = Thermal.electronPolarization(beta: p.beta, omega: p.electronLarmor)
  let x = delta * p.t2e
  let expected = p0 / (1 + 2 * p.microwaveAmplitude * p.microwaveAmplitude * p.t1e * p.t2e / (1 + x * x))
  #expect(abs(s.electronPolarizations[0] - expected) < 1e-7 * abs(p0))
  #expect(abs(s.electronPolarizations[0] / p0) < 0.9)  // visibly saturated
}

@Test func dipolarSamplesFollowTheConcentration() {
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = 6
  let s = ThermalMixingSample.dipolar(p, concentration: 15, includeIsing: true, seed: 3, realization: 1)
  #expect(s.inconsistency() == nil)
  // The box holds 6 radicals at 15 mM: side³ · c · N_A = 6.
  let side = ThermalMixingSample.dipolarBoxSide(electrons: 6, concentration: 15)
  #expect(abs(side * side * side * 15 * PhysicalConstants.avogadro - 6) < 1e-9)
  // Same draws at twice the concentration: every distance shrinks by 2^{-1/3}, so every U_ij doubles (1/r³).
  let dense = ThermalMixingSample.dipolar(p, concentration: 30, includeIsing: false, seed: 3, realization: 1)
  for i in 0..<6 {
    for j in 0..<6 where i != j {
      #expect(abs(dense.couplings[i][j] - 2 * s.couplings[i][j]) <= 1e-9 * abs(s.couplings[i][j]))
    }
  }
  // Scale: at 15 mM the mean spacing is ~5 nm, where μ0γ²ħ/(16π r³)/2π is ~0.1 MHz; couplings of 6 random
  // radicals lie within a few decades of that.
  let typical =
    PhysicalConstants.mu0 * pow(PhysicalConstants.electronGyromagneticRatio, 2) * PhysicalConstants.hbar
    / (16 * .pi * pow(side / pow(6, 1.0 / 3), 3))
  let largest = s.couplings.flatMap { $0 }.map(abs).max()!
  #expect(largest > typical / 100 && largest < typical * 1e4)
  #expect(s.ising![0][1] == -4 * s.couplings[0][1])
  #expect(
    ThermalMixingSample.dipolar(p, concentration: 15, includeIsing: false, seed: 3, realization: 1).ising
      == nil)
}

@Test func meanFieldCouplingRecoversUAndFollowsConcentration() {
  var p = ThermalMixingParameters.paperDefaults
  p.electrons = 8
  // Gaussian couplings of variance U²/N: the estimate converges to U (400 samples · 28 pairs: ~1.3 % std).
  let gaussian = (0..<400).map { ThermalMixingSample.gaussian(p, seed: 5, realization: $0) }
  #expect(abs(ThermalMixingSample.meanFieldCoupling(gaussian) / p.dipolarStrength - 1) < 0.05)
  // Dipolar: the same draws at twice the concentration double every U_ij, hence the mean-field U.
  let low = (0..<3).map {
    ThermalMixingSample.dipolar(p, concentration: 10, includeIsing: false, seed: 2, realization: $0)
  }
  let high = (0..<3).map {
    ThermalMixingSample.dipolar(p, concentration: 20, includeIsing: false, seed: 2, realization: $0)
  }
  let ratio = ThermalMixingSample.meanFieldCoupling(high) / ThermalMixingSample.meanFieldCoupling(low)
  #expect(abs(ratio - 2) < 1e-9)
  // Two spins by hand: U² = 2/1 · (1/2)(U12² + U21²) = 2 U12².
  let pair = ThermalMixingSample(offsets: [0, 1], couplings: [[0, 3], [3, 0]], hyperfine: [0, 0])
  #expect(abs(ThermalMixingSample.meanFieldCoupling([pair]) - (18.0).squareRoot()) < 1e-12)
}
