import SpinPhysics

/// Boundary conditions of the L×L×L cubic lattice of eq. (7).
public enum LatticeBoundary: String, Codable, Sendable, CaseIterable {
  /// Periodic (the default): every site has six neighbours; for L = 2 the ±1 neighbours coincide and the two
  /// bonds add (M_ij = −2t), for L = 1 a site is its own neighbour, so that the clean-lattice dispersion
  /// `−2t Σ_d cos(2πk_d/L)` holds for every L.
  case periodic
  /// Open (hard-wall): bonds leaving the cube are dropped.
  case open
}

/// How the hyperfine rates are normalised: the paper is not self-consistent by a factor of 4.
///
/// Eq. (19) (and C4–C5) prefix the hyperfine rate with `A_p² T2n / 4`. The microscopic rate (B4) already
/// carries `|⟨↑|I^x|↓⟩|² = 1/4`, which (B6)–(B7) drop; keeping it gives `A_p² T2n / 16`, and this is the
/// normalisation implied by eq. (22) (its `N_e/4 ∫∫ K` next to `2N_n/(A0² T1n T2n)`) and by eq. (24)
/// (`π A0² T1n N_e / (8 N_n)`). Both choices give the same physics with A0 rescaled by 2.
public enum HyperfineNormalization: String, Codable, Sendable, CaseIterable {
  /// `A_p² T2n / 4` as printed in eq. (19) (the default).
  case equation19
  /// `A_p² T2n / 16`, consistent with eqs. (B4), (22) and (24).
  case equation22

  /// The prefactor c in `Ω_p = c A_p² T2n Σ …`.
  public var prefactor: Double {
    switch self {
    case .equation19: return 0.25
    case .equation22: return 0.0625
    }
  }
}

/// Physical parameters of the free-fermion Anderson DNP model (AF paper, eqs. 6–7, 11, 19; Table I),
/// in internal units: angular frequencies in rad/s ("x MHz" is 2π·x·10⁶ rad/s), times in s, temperature in K
/// (β = ħ/(k_B T) in s is derived).
///
/// Counting (Sec. III B and Fig. 1): every lattice site carries one electron spin, so `N_e = L³`; each
/// electron has exactly one *core* nucleus (hyperfine A_p = A0), and the leakage `h(ω)/T1n` acts on all
/// `N_n = r·N_e` nuclei, core nuclei included (footnote 36, r = ``nucleiPerElectron``, 10³ by default).
public struct AndersonParameters: Codable, Sendable, Equatable {
  /// Linear size L of the cubic lattice; N_e = L³ sites.
  public var linearSize: Int
  /// Nearest-neighbour hopping t (eq. 7), rad/s.
  public var hopping: Double
  /// Width w of the box disorder: Δ_i ~ Uniform[−w/2, w/2] (eq. 6), rad/s.
  public var disorderWidth: Double
  /// Boundary conditions of the lattice.
  public var boundary: LatticeBoundary
  /// Electron Larmor frequency ω_e (centre of the line), rad/s.
  public var electronLarmor: Double
  /// Microwave frequency ω_MW, rad/s.
  public var microwaveFrequency: Double
  /// Microwave amplitude ω1 as it enters eq. (11) (saturation factor 2ω1²T1eT2e), rad/s.
  public var microwaveAmplitude: Double
  /// Bath temperature in kelvin.
  public var temperature: Double
  /// Electron spin–lattice time T1e, s.
  public var t1e: Double
  /// Electron coherence time T2e, s.
  public var t2e: Double
  /// Nuclear spin–lattice (leakage) time T1n, s; `.infinity` switches the leakage off.
  public var t1n: Double
  /// Nuclear coherence time T2n (width of the hyperfine Lorentzians), s.
  public var t2n: Double
  /// Nuclear Larmor frequency ω_n (Zeeman term −ω_n I^z), rad/s.
  public var nuclearLarmor: Double
  /// Hyperfine coupling A0 of each core nucleus, rad/s.
  public var hyperfineCoupling: Double
  /// r = N_n/N_e, the number of nuclei (core nuclei included) per electron feeling the leakage.
  public var nucleiPerElectron: Double
  /// Normalisation of the hyperfine rates (eq. 19 as printed, or eq. 22's).
  public var hyperfineNormalization: HyperfineNormalization

  /// β = ħ/(k_B T) in seconds.
  public var beta: Double { PhysicalConstants.inverseTemperature(kelvin: temperature) }
  /// N_e = L³.
  public var siteCount: Int { linearSize * linearSize * linearSize }
  /// N_n = r·N_e.
  public var nuclearCount: Double { nucleiPerElectron * Double(siteCount) }

  public init(
    linearSize: Int = 10, hopping: Double = 2 * .pi * 6.6e6, disorderWidth: Double = 2 * .pi * 108e6,
    boundary: LatticeBoundary = .periodic, electronLarmor: Double = 2 * .pi * 93.9e9,
    microwaveFrequency: Double = 2 * .pi * 93.86e9, microwaveAmplitude: Double = 2 * .pi * 25e3,
    temperature: Double = 1.2, t1e: Double = 1, t2e: Double = 1e-6, t1n: Double = 1e4, t2n: Double = 1e-5,
    nuclearLarmor: Double = 2 * .pi * 20e6, hyperfineCoupling: Double = 2 * .pi * 4.47e3,
    nucleiPerElectron: Double = 1000, hyperfineNormalization: HyperfineNormalization = .equation19
  ) {
    self.linearSize = linearSize
    self.hopping = hopping
    self.disorderWidth = disorderWidth
    self.boundary = boundary
    self.electronLarmor = electronLarmor
    self.microwaveFrequency = microwaveFrequency
    self.microwaveAmplitude = microwaveAmplitude
    self.temperature = temperature
    self.t1e = t1e
    self.t2e = t2e
    self.t1n = t1n
    self.t2n = t2n
    self.nuclearLarmor = nuclearLarmor
    self.hyperfineCoupling = hyperfineCoupling
    self.nucleiPerElectron = nucleiPerElectron
    self.hyperfineNormalization = hyperfineNormalization
  }

  /// Table I of the AF paper with L = 10 and t = 2π·6.6 MHz ≈ t_c = w/16.5 (the critical hopping quoted in
  /// Sec. III B, where Figs. 3–4 peak). The paper's figures use L = 18 (Figs. 3–4) and L = 20 (Fig. 7).
  public static let paperDefaults = AndersonParameters()

  /// Checks every parameter's domain.
  /// - Throws: ``AndersonError/invalidParameter(_:)`` naming the first offending parameter.
  public func validate() throws {
    func require(_ ok: Bool, _ what: String) throws {
      if !ok { throw AndersonError.invalidParameter(what) }
    }
    try require(linearSize >= 1, "linearSize must be ≥ 1 (got \(linearSize))")
    try require(hopping.isFinite, "hopping must be finite")
    try require(disorderWidth.isFinite && disorderWidth >= 0, "disorderWidth must be finite and ≥ 0")
    try require(electronLarmor.isFinite && electronLarmor > 0, "electronLarmor must be > 0")
    try require(microwaveFrequency.isFinite, "microwaveFrequency must be finite")
    try require(microwaveAmplitude.isFinite && microwaveAmplitude >= 0, "microwaveAmplitude must be ≥ 0")
    try require(temperature.isFinite && temperature > 0, "temperature must be > 0 K")
    try require(t1e.isFinite && t1e > 0, "t1e must be > 0")
    try require(t2e.isFinite && t2e > 0, "t2e must be > 0")
    try require(t1n > 0, "t1n must be > 0 (infinity switches the leakage off)")
    try require(t2n.isFinite && t2n > 0, "t2n must be > 0")
    try require(nuclearLarmor.isFinite, "nuclearLarmor must be finite")
    try require(hyperfineCoupling.isFinite, "hyperfineCoupling must be finite")
    try require(nucleiPerElectron.isFinite && nucleiPerElectron >= 0, "nucleiPerElectron must be ≥ 0")
  }
}
