import AndersonDNP
import Testing

/// The README's Anderson library example, kept compiling and running (with L = 4 to stay fast).
@Test func readmeAndersonExampleRuns() throws {
  let p = AndersonParameters(linearSize: 4, hopping: 2 * .pi * 6.6e6)  // Table I otherwise
  let r = try AndersonProblem(parameters: p, sample: .random(seed: 7, realization: 0)).solve()
  #expect(r.nuclearPolarization > 0.01)
  #expect(r.ipr > 0 && r.ipr <= 1)
}
