import AndersonDNP
import DNPNumerics
import Foundation
import Testing

@Suite struct DiagnosticsTests {
  /// ⟨r⟩ of a 1500×1500 GOE matrix (central half of the spectrum) ≈ 0.5307 (Atas et al. 2013).
  @Test func goeLevelSpacingRatio() throws {
    var rng = Xoshiro256StarStar(seed: 2024, stream: 0)
    let h = GOEComparison.randomMatrix(size: 1500, generator: &rng)
    #expect(h[3, 7] == h[7, 3])
    let r = LocalizationDiagnostics.levelSpacingRatio(try h.symmetricEigenvalues(), centralFraction: 0.5)
    #expect(abs(r - 0.5307) < 0.02)
  }

  /// Strong disorder (w/t = 500, far beyond w/t_c ≈ 16.5): Poisson statistics, ⟨r⟩ ≈ 2 ln 2 − 1 ≈ 0.3863.
  @Test func poissonLevelSpacingRatioAtStrongDisorder() throws {
    var ratios: [Double] = []
    for realization in 0..<2 {
      let p = smallParameters(linearSize: 10, hopping: mhz(108) / 500)
      let problem = AndersonProblem(
        parameters: p, sample: .random(seed: 77, realization: UInt64(realization)))
      let energies = try problem.lattice().shiftedMatrix().symmetricEigenvalues()
      ratios.append(LocalizationDiagnostics.levelSpacingRatio(energies))
    }
    let mean = ratios.reduce(0, +) / Double(ratios.count)
    #expect(abs(mean - (2 * log(2.0) - 1)) < 0.025)
  }

  /// GOE eigenvectors have I₂ ≈ 3/(N + 2); Anderson eigenvectors near t_c are far more localized than GOE.
  @Test func inverseParticipationRatios() throws {
    let n = 343
    let vectors = try GOEComparison.eigenvectors(size: n, seed: 8, stream: 1)
    let energies = (0..<n).map(Double.init)
    let goe = try AndersonSpectrum(electronLarmor: 0, offsets: energies, eigenvectors: vectors)
    let ipr = LocalizationDiagnostics.inverseParticipationRatio(goe)
    #expect(relativelyClose(ipr, 3.0 / Double(n + 2), 0.05))

    let p = smallParameters(linearSize: 7, hopping: mhz(108) / 16.5)
    let realization = try AndersonProblem(parameters: p, sample: .random(seed: 8, realization: 0)).solve()
    #expect(realization.ipr > 3 * ipr && realization.ipr < 1)
  }

  /// ∫ρ = 1 (DOS), ∫K(ω)dω = 1 (sum rule, eq. 26), and the window K(ω_n) agrees with the histogram.
  @Test func sumRules() throws {
    let p = smallParameters(linearSize: 5)
    let options = AndersonDiagnosticsOptions(densityOfStatesBins: 40, overlapFunctionBins: 81)
    let problem = AndersonProblem(
      parameters: p, sample: .random(seed: 4, realization: 0), diagnostics: options)
    let realization = try problem.solve()
    let dos = try #require(realization.densityOfStates)
    #expect(abs(dos.integral - 1) < 1e-12)
    let functions = try #require(realization.overlapFunctions)
    #expect(abs(functions.overlap.integral - 1) < 1e-12)
    // K is even in ω.
    let k = functions.overlap.values
    for i in 0..<k.count { #expect(abs(k[i] - k[k.count - 1 - i]) < 1e-9 * k.max()!) }
    // Completeness, Σ_β K_αβ = 1: a window holding every pair α ≠ β gives K·(2·2δ) = 1 − I_2 exactly.
    let spectrum = try problem.spectrum()
    let spread = spectrum.offsets.max()! - spectrum.offsets.min()!
    let everyPair = LocalizationDiagnostics.overlap(spectrum, atFrequency: spread / 2, halfWidth: spread / 2 + 1)
    let ipr = LocalizationDiagnostics.inverseParticipationRatio(spectrum)
    #expect(everyPair.pairCount == 125 * 124)
    #expect(abs(everyPair.overlap * 4 * (spread / 2 + 1) - (1 - ipr)) < 1e-12)
    #expect(abs(ipr - realization.ipr) < 1e-15)
    // The window at ω_n is a histogram bin [ω_n − δ, ω_n + δ]: the same number.
    let window = realization.overlapAtLarmor
    #expect(window.pairCount > 0)
    let bin = LocalizationDiagnostics.overlapFunctions(
      spectrum, lower: window.frequency - window.halfWidth, upper: window.frequency + window.halfWidth, bins: 1)
    #expect(abs(window.overlap / bin.overlap.values[0] - 1) < 1e-12)
  }

  /// Same seed → bit-identical realization; other realization index → different numbers; an explicit sample
  /// with the same offsets gives the same physics.
  @Test func reproducibility() throws {
    let p = smallParameters(linearSize: 4)
    let sample = AndersonSample.random(seed: 123, realization: 5)
    let goe = GOECorrelator.sampledEigenvectors(seed: 123, stream: 5)
    let a = try AndersonProblem(parameters: p, sample: sample, goeCorrelator: goe).solve()
    let b = try AndersonProblem(parameters: p, sample: sample, goeCorrelator: goe).solve()
    #expect(a == b)
    let c = try AndersonProblem(parameters: p, sample: .random(seed: 123, realization: 6), goeCorrelator: goe)
      .solve()
    #expect(c.nuclearPolarization != a.nuclearPolarization)

    let offsets = try sample.offsets(siteCount: 64, disorderWidth: p.disorderWidth)
    var d = try AndersonProblem(parameters: p, sample: .explicit(offsets: offsets), goeCorrelator: goe)
      .solve()
    #expect(d.seed == nil && d.realization == nil)
    d.seed = a.seed
    d.realization = a.realization
    #expect(d == a)

    let json = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(AndersonRealization.self, from: json) == a)
  }
}
