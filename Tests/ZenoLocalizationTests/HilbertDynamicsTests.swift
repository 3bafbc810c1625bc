import DNPNumerics
import Foundation
import Testing
import ZenoLocalization

@Test(arguments: [false, true]) func hilbertDynamicsOfOneSpinIsTheBlochSolution(highTemperature: Bool) throws {
  var p = ZenoParameters.tableI(highTemperature: highTemperature)
  p.electrons = 1
  let model = try ZenoModel(parameters: p, sample: .equallySpaced(p, seed: 1, realization: 0))
  let hilbert = try model.hilbertSteadyState().polarizations[0]
  let delta = p.electronLarmor - p.microwaveFrequency
  let t2 = 1 / (1 / (2 * p.t1) + 1 / (4 * p.tZero))
  let m0 = -Double.tanh(p.beta * p.electronLarmor / 2)
  let saturation = (1 + delta * delta * t2 * t2) / (1 + delta * delta * t2 * t2 + p.microwaveAmplitude * p.microwaveAmplitude * p.t1 * t2)
  #expect(abs(hilbert - m0 * saturation) < 1e-12)
  // The nonsecular dynamics of one spin is the same Bloch problem.
  let nonsecular = try model.nonsecularSteadyState(options: .init(tolerance: 1e-13)).polarizations[0]
  #expect(abs(hilbert - nonsecular) < 1e-10)
}

/// Without microwaves the bath rates obey detailed balance: p_n ∝ e^{−βε_n} with the lab-frame energies
/// ε_n = ε'_n + ω_MW s_n.
@Test func hilbertDynamicsWithoutMicrowavesIsTheGibbsState() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 5
  p.microwaveAmplitude = 0
  let model = try ZenoModel(parameters: p, sample: .random(p, seed: 4, realization: 1))
  let populations = try model.hilbertSteadyState().populations
  let basis = model.eigenbasis
  var logWeights = [Double]()
  for k in 0..<basis.sizes.count {
    for j in 0..<basis.sizes[k] {
      let lab = basis.energies[basis.offsets[k] + j] + p.microwaveFrequency * (Double(k) - 2.5)
      logWeights.append(-p.beta * lab)
    }
  }
  let top = logWeights.max()!
  let weights = logWeights.map { Double.exp($0 - top) }
  let z = weights.reduce(0, +)
  for (a, w) in zip(populations, weights) { #expect(abs(a - w / z) < 1e-12) }
}

/// At 1.2 K both dynamics polarize the spins to within a few per cent of each other on this small sample (the
/// paper's spin-temperature regime); the test guards the sign and size conventions of the two paths.
@Test func hilbertAndNonsecularProfilesAreCloseAtLowTemperature() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 4
  let model = try ZenoModel(parameters: p, sample: .random(p, seed: 11, realization: 0))
  let hilbert = try model.hilbertSteadyState().polarizations
  let nonsecular = try model.nonsecularSteadyState().polarizations
  for (a, b) in zip(hilbert, nonsecular) {
    #expect(a < 0 && b < 0)
    #expect(abs(a - b) < 0.05)
  }
}
