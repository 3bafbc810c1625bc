/// Options for the diagnostics reported with each realization.
public struct AndersonDiagnosticsOptions: Codable, Sendable, Equatable {
  /// Central fraction of the sorted levels used for ⟨r⟩ (default 0.5: the band centre, where the transition
  /// is; the band tails are always localized).
  public var levelSpacingCentralFraction: Double
  /// Half-width δ of the window |ε_β − ε_α| ∈ [ω_n − δ, ω_n + δ] for K(ω_n), C(ω_n) (default 2π·0.5 MHz).
  public var overlapHalfWidth: Double
  /// Bins of ρ(ε) on [−w/2 − 6|t|, w/2 + 6|t|] (which holds the whole spectrum); 0 = not computed.
  public var densityOfStatesBins: Int
  /// Bins of K(ω), C(ω) on [−w − 12|t|, w + 12|t|] (all level differences); 0 = not computed.
  public var overlapFunctionBins: Int
  /// Whether to return the energies ε_α − ω_e.
  public var includeEnergies: Bool

  public init(
    levelSpacingCentralFraction: Double = 0.5, overlapHalfWidth: Double = 2 * .pi * 0.5e6,
    densityOfStatesBins: Int = 0, overlapFunctionBins: Int = 0, includeEnergies: Bool = false
  ) {
    self.levelSpacingCentralFraction = levelSpacingCentralFraction
    self.overlapHalfWidth = overlapHalfWidth
    self.densityOfStatesBins = densityOfStatesBins
    self.overlapFunctionBins = overlapFunctionBins
    self.includeEnergies = includeEnergies
  }
}

/// One realization of the free-fermion Anderson DNP model, end to end: disorder (eq. 6) → M (eq. 7) →
/// eigenpairs → Bloch biases (eq. 11) → nuclear rates (eq. 19) → P_n (eq. 20), with the closed form (eq. 22),
/// the GOE reference (eq. 23) and the localization diagnostics (eqs. 25, 27, 30, ⟨r⟩).
///
/// A realization is one unit of work: no progress reporting, no printing. BLAS runs with whatever thread
/// count the caller set (``DNPNumerics/BLASThreads``); the numbers do not depend on it beyond BLAS rounding.
///
/// - Complexity: O(N_e³) time (one `dsyevd`, one `dsyrk`; a second pair for
///   ``GOECorrelator/sampledEigenvectors(seed:stream:)``), 2·N_e² doubles of memory.
public struct AndersonProblem: Sendable {
  public var parameters: AndersonParameters
  public var sample: AndersonSample
  public var goeCorrelator: GOECorrelator
  public var diagnostics: AndersonDiagnosticsOptions

  public init(
    parameters: AndersonParameters = .paperDefaults, sample: AndersonSample,
    goeCorrelator: GOECorrelator = .factorized, diagnostics: AndersonDiagnosticsOptions = .init()
  ) {
    self.parameters = parameters
    self.sample = sample
    self.goeCorrelator = goeCorrelator
    self.diagnostics = diagnostics
  }

  /// The lattice of this realization (validates the parameters and the sample).
  public func lattice() throws -> AndersonLattice {
    try parameters.validate()
    let offsets = try sample.offsets(siteCount: parameters.siteCount, disorderWidth: parameters.disorderWidth)
    return try AndersonLattice(
      linearSize: parameters.linearSize, hopping: parameters.hopping, offsets: offsets,
      boundary: parameters.boundary)
  }

  /// Diagonalizes this realization's M. The spectrum depends only on L, t, w, the boundary, ω_e and the
  /// sample: reuse it with ``solve(reusing:)`` for other ω_MW, ω1, T, ω_n, A0, T1n, T2n, r (Figs. 4).
  public func spectrum() throws -> AndersonSpectrum {
    try AndersonSpectrum(lattice: lattice(), electronLarmor: parameters.electronLarmor)
  }

  /// Computes the realization.
  public func solve() throws -> AndersonRealization {
    try solve(reusing: spectrum())
  }

  /// Computes the realization from an already diagonalized spectrum (which must come from the same L, t, w,
  /// boundary, ω_e and sample; only its size can be checked).
  public func solve(reusing spectrum: AndersonSpectrum) throws -> AndersonRealization {
    let p = parameters
    try p.validate()
    guard spectrum.siteCount == p.siteCount else {
      throw AndersonError.sampleSizeMismatch(expected: p.siteCount, got: spectrum.siteCount)
    }
    let rates = NuclearRates(spectrum: spectrum, parameters: p)
    let ratesGOE = try GOEComparison.rates(spectrum: spectrum, parameters: p, correlator: goeCorrelator)
    let closedForm = NuclearRates.closedFormPolarization(spectrum: spectrum, parameters: p)
    let bias = BlochBias(p)(offsets: spectrum.offsets)
    let spread = p.disorderWidth / 2 + 6 * abs(p.hopping)
    let options = diagnostics
    var seed: UInt64?
    var realization: UInt64?
    if case .random(let s, let r) = sample {
      seed = s
      realization = r
    }
    return AndersonRealization(
      parameters: p, seed: seed, realization: realization, siteCount: spectrum.siteCount,
      nuclearPolarization: rates.polarization, nuclearPolarizationClosedForm: closedForm,
      nuclearPolarizationGOE: ratesGOE.polarization, rates: rates, ratesGOE: ratesGOE,
      ipr: LocalizationDiagnostics.inverseParticipationRatio(spectrum),
      levelSpacingRatio: LocalizationDiagnostics.levelSpacingRatio(
        spectrum.offsets, centralFraction: options.levelSpacingCentralFraction),
      overlapAtLarmor: LocalizationDiagnostics.overlap(
        spectrum, atFrequency: abs(p.nuclearLarmor), halfWidth: options.overlapHalfWidth),
      meanBias: bias.reduce(0, +) / Double(max(bias.count, 1)),
      bandMinimum: spectrum.offsets.first ?? .nan, bandMaximum: spectrum.offsets.last ?? .nan,
      densityOfStates: options.densityOfStatesBins > 0 && spread > 0
        ? LocalizationDiagnostics.densityOfStates(
          offsets: spectrum.offsets, lower: -spread, upper: spread, bins: options.densityOfStatesBins) : nil,
      overlapFunctions: options.overlapFunctionBins > 0 && spread > 0
        ? LocalizationDiagnostics.overlapFunctions(
          spectrum, lower: -2 * spread, upper: 2 * spread, bins: options.overlapFunctionBins) : nil,
      energies: options.includeEnergies ? spectrum.offsets : nil)
  }
}
