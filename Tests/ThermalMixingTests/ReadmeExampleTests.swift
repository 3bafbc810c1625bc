import Testing
import ThermalMixing

/// The README's library example, kept compiling and running (with N = 4 to stay fast).
@Test func readmeLibraryExampleRuns() throws {
  var p = ThermalMixingParameters.paperDefaults  // Table I, N = 8
  p.electrons = 4
  let sample = ThermalMixingSample.gaussian(p, seed: 7, realization: 0)
  let solution = try ThermalMixingProblem(parameters: p, sample: sample).stationaryState()
  let fit = try fitSpinTemperature([solution.ensemble], parameters: p)
  // Hyperpolarized (either sign, depending on the sample) far beyond the thermal 4e-4, at a spin
  // temperature far colder (in magnitude) than the 1.2 K bath.
  #expect(abs(solution.nuclearPolarization) > 0.01)
  #expect(abs(fit.inverseTemperaturePerKelvin) > 10 / 1.2)
}
