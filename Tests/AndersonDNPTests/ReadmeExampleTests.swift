import AndersonDNP
import Testing

/// The README's Anderson library example, run as written (the lines between the markers are the README's
/// second `swift` block; `ThermalMixingTests.readmeSnippetsAreTheTestedOnes` checks that).
@Test func readmeAndersonExampleRuns() throws {
  // README begin
  let lattice = AndersonParameters(linearSize: 6, hopping: 2 * .pi * 6.6e6)   // Table I otherwise
  let realization = try AndersonProblem(parameters: lattice, sample: .random(seed: 7, realization: 0)).solve()
  print(realization.nuclearPolarization, realization.nuclearPolarizationGOE, realization.ipr)
  // README end
  #expect(realization.nuclearPolarization > 0.01)
  #expect(realization.ipr > 1.0 / 216 && realization.ipr <= 1)
}
