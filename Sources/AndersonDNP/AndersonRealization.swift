import DNPNumerics
/// Everything computed for one disorder realization (AF paper, Figs. 2–7). Rates in s⁻¹, frequencies and
/// energies in rad/s (energies as offsets ε − ω_e).
public struct AndersonRealization: Codable, Sendable, Equatable {
  /// The parameters used.
  public var parameters: AndersonParameters
  /// The random sample's seed and realization index (nil for an explicit sample).
  public var seed: UInt64?
  public var realization: UInt64?
  /// N_e = L³.
  public var siteCount: Int

  /// P_n of eq. (20) with the Anderson eigenfunctions (eq. 21).
  public var nuclearPolarization: Double
  /// P_n of eq. (22) as printed (polarization loss and thermal leakage bias dropped).
  public var nuclearPolarizationClosedForm: Double
  /// P_n of eq. (20) with the GOE correlator (eq. 23).
  public var nuclearPolarizationGOE: Double
  /// The rates behind ``nuclearPolarization`` (Fig. 5).
  public var rates: NuclearRates
  /// The rates behind ``nuclearPolarizationGOE``.
  public var ratesGOE: NuclearRates

  /// I₂ of eq. (27).
  public var ipr: Double
  /// ⟨r⟩ over the central fraction of the spectrum given in the problem's diagnostics options.
  public var levelSpacingRatio: Double
  /// K(ω_n) and C(ω_n) (eqs. 25, 30) in the window of the diagnostics options.
  public var overlapAtLarmor: OverlapAtFrequency
  /// N_e⁻¹ Σ_α P_B(ε_α) (eq. 11; the paper's sign: positive at equilibrium, = −2⟨S^z⟩ per electron).
  public var meanBias: Double
  /// Lowest and highest ε_α − ω_e.
  public var bandMinimum: Double
  public var bandMaximum: Double

  /// ρ(ε) (Fig. 2), if requested.
  public var densityOfStates: Histogram?
  /// K(ω) and C(ω) histograms (eqs. 25, 30), if requested.
  public var overlapFunctions: OverlapFunctions?
  /// The offsets ε_α − ω_e, ascending, if requested.
  public var energies: [Double]?

  public init(
    parameters: AndersonParameters, seed: UInt64?, realization: UInt64?, siteCount: Int,
    nuclearPolarization: Double, nuclearPolarizationClosedForm: Double, nuclearPolarizationGOE: Double,
    rates: NuclearRates, ratesGOE: NuclearRates, ipr: Double, levelSpacingRatio: Double,
    overlapAtLarmor: OverlapAtFrequency, meanBias: Double, bandMinimum: Double, bandMaximum: Double,
    densityOfStates: Histogram? = nil, overlapFunctions: OverlapFunctions? = nil, energies: [Double]? = nil
  ) {
    self.parameters = parameters
    self.seed = seed
    self.realization = realization
    self.siteCount = siteCount
    self.nuclearPolarization = nuclearPolarization
    self.nuclearPolarizationClosedForm = nuclearPolarizationClosedForm
    self.nuclearPolarizationGOE = nuclearPolarizationGOE
    self.rates = rates
    self.ratesGOE = ratesGOE
    self.ipr = ipr
    self.levelSpacingRatio = levelSpacingRatio
    self.overlapAtLarmor = overlapAtLarmor
    self.meanBias = meanBias
    self.bandMinimum = bandMinimum
    self.bandMaximum = bandMaximum
    self.densityOfStates = densityOfStates
    self.overlapFunctions = overlapFunctions
    self.energies = energies
  }
}
