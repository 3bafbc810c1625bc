import ComplexModule
import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import Testing
import ZenoLocalization

func smallModel(electrons: Int = 4, seed: UInt64 = 21, highTemperature: Bool = false) throws -> ZenoModel {
  var p = ZenoParameters.tableI(highTemperature: highTemperature)
  p.electrons = electrons
  return try ZenoModel(parameters: p, sample: .random(p, seed: seed, realization: 0))
}

/// Eq. S66: the EPR lines carry exactly the polarization P^z; for a state diagonal in the eigenbasis (Hilbert)
/// the binned spectrum integrates to it too (no principal-value terms).
@Test func eprSpectrumIntegratesToThePolarization() throws {
  let model = try smallModel()
  let hilbert = try model.hilbertSteadyState()
  let diagonal = try model.eprSpectrum(model.eigenbasisState(of: hilbert), binWidth: 2 * Double.pi * 0.1e6)
  #expect(abs(diagonal.totalWeight - diagonal.polarization) < 1e-12)
  let integral = diagonal.spectrum.integral
  #expect(abs(integral - diagonal.polarization) < 1e-12)
  #expect(abs(diagonal.polarization - hilbert.polarizations.reduce(0, +) / 4) < 1e-12)
  // The nonsecular state has coherences inside the sectors: same exact weight identity.
  let nonsecular = try model.nonsecularSteadyState()
  let state = try model.eigenbasisState(of: nonsecular.state.rho)
  let spectrum = try model.eprSpectrum(state, binWidth: 2 * Double.pi * 0.1e6)
  #expect(abs(spectrum.totalWeight - spectrum.polarization) < 1e-12)
  #expect(abs(spectrum.polarization - nonsecular.polarizations.reduce(0, +) / 4) < 1e-10)
}

/// Uncoupled spins without microwaves: one line per spin at its own offset, with weight −tanh(β(ω_e + Δ_i)/2)/N
/// (its thermal polarization; S67).
@Test func eprLinesOfUncoupledThermalSpinsSitAtTheirOffsets() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 3
  p.microwaveAmplitude = 0
  let offsets = [-2.0, 0.5, 1.75].map { 2 * Double.pi * 1e6 * $0 }
  let model = try ZenoModel(parameters: p, sample: ZenoSample(offsets: offsets, couplings: [[0, 0, 0], [0, 0, 0], [0, 0, 0]]))
  let width = 2 * Double.pi * 0.05e6
  let spectrum = try model.eprSpectrum(model.eigenbasisState(of: model.hilbertSteadyState()), binWidth: width,
    window: (-2 * Double.pi * 3e6)...(2 * Double.pi * 3e6))
  for offset in offsets {
    let thermal = -Double.tanh(p.beta * (p.electronLarmor + offset) / 2)
    let b = try #require(spectrum.spectrum.bin(of: offset))
    // Lines at the same offset in several sectors add up to the single-spin weight.
    let around = spectrum.spectrum.values[max(0, b - 1)...min(spectrum.spectrum.values.count - 1, b + 1)].reduce(0, +) * width
    #expect(abs(around - thermal / 3) < 1e-12)
  }
}

/// The fit recovers the Gibbs state of the Hilbert dynamics without microwaves: β_s = β, h = 0.
@Test func spinTemperatureFitRecoversTheBathWithoutMicrowaves() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 5
  p.microwaveAmplitude = 0
  let model = try ZenoModel(parameters: p, sample: .random(p, seed: 8, realization: 0))
  let ensemble = model.ensemble(of: model.eigenbasisState(of: try model.hilbertSteadyState()))
  let fit = try fitZenoSpinTemperature([ensemble], microwaveFrequency: p.microwaveFrequency)
  #expect(abs(fit.inverseTemperature / p.beta - 1) < 1e-9)
  #expect(abs(fit.effectiveField) < 1e-9 * p.microwaveFrequency)
}

@Test func nuclearEstimateFollowsEquationS81() throws {
  // Sorted by offset the profile is (−0.5, −0.1, 0.3): P_n = (−0.4 − 0.4)/((1 − 0.05) + (1 + 0.03)).
  let estimate = try #require(nuclearPolarizationEstimate(polarizations: [0.3, -0.5, -0.1], offsets: [2, -1, 0]))
  #expect(abs(estimate - (-0.8 / 1.98)) < 1e-15)
  #expect(nuclearPolarizationEstimate(polarizations: [0.1], offsets: [0]) == nil)
}

/// Eigenvectors of ρ_stat: weights sum to 1; the Hilbert state's are H_S eigenstates, which are product states
/// (zero entanglement) without couplings.
@Test func steadyStateSpectrumWeightsAndEntanglement() throws {
  let model = try smallModel(electrons: 4)
  let nonsecular = try model.spectrum(of: model.nonsecularSteadyState().state.rho)
  #expect(abs(nonsecular.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
  #expect(nonsecular.allSatisfy { $0.weight > -1e-12 && $0.entanglementEntropy >= 0 && $0.entanglementEntropy <= 2 * Double.log(2) + 1e-12 })
  var p = model.parameters
  p.dipolarStrength = 0
  let free = try ZenoModel(parameters: p, sample: ZenoSample(offsets: model.sample.offsets, couplings: [[Double]](repeating: [0, 0, 0, 0], count: 4)))
  let spectrum = try free.spectrum(of: free.hilbertSteadyState())
  #expect(spectrum.allSatisfy { $0.entanglementEntropy < 1e-12 })
  #expect(abs(spectrum.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
  // Sorted by lab-frame energy: the magnetization never decreases along the list (ω_MW dominates).
  #expect(zip(spectrum, spectrum.dropFirst()).allSatisfy { $0.magnetization <= $1.magnetization + 1e-9 })
}

@Test func profilesAreBinnedByOffsetAndHistogrammed() throws {
  var p = ZenoParameters.tableI()
  p.electrons = 3
  let runs = try zenoProfiles(p, dynamics: .hilbert, realizations: 4, seed: 5, threads: 2)
  let again = try zenoProfiles(p, dynamics: .hilbert, realizations: 4, seed: 5, threads: 1)
  #expect(runs.map(\.polarizations) == again.map(\.polarizations))  // bit for bit across thread counts
  let profile = PolarizationProfile(
    offsets: runs.flatMap(\.offsets), polarizations: runs.flatMap(\.polarizations),
    offsetRange: (-p.inhomogeneousWidth / 2)...(p.inhomogeneousWidth / 2), offsetBins: 4, polarizationBins: 10)
  #expect(profile.bins.reduce(0) { $0 + $1.count } == 12)
  #expect(profile.histogram.values.reduce(0, +) == 12)
  let all = runs.flatMap(\.polarizations)
  let mean = profile.bins.reduce(0.0) { $0 + ($1.count > 0 ? $1.mean * Double($1.count) : 0) } / 12
  #expect(abs(mean - all.reduce(0, +) / 12) < 1e-14)
}
