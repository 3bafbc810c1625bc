import SpinPhysics

/// Physical parameters of the thermal-mixing model (TM paper, eq. 9 and Table I), in internal units:
/// angular frequencies in rad/s, times in s, β = ħ/(k_B T) in s.
public struct ThermalMixingParameters: Codable, Sendable, Equatable {
  /// The largest N the model accepts, from `electrons` or from a sample: the S^z = 0 sector of N = 16 has
  /// 12870 states, one dense eigenproblem of about 1.3 GB (N = 14 already takes minutes).
  public static let maximumElectrons = 16

  /// Number of electron spins N.
  public var electrons: Int
  /// Electron Larmor frequency ω_e.
  public var electronLarmor: Double
  /// Half-width Δω_e of the inhomogeneous line: offsets Δ_i = Δω_e (2i − N − 1)/N (footnote 37).
  public var inhomogeneousWidth: Double
  /// Dipolar coupling scale U: U_ij Gaussian with variance U²/N.
  public var dipolarStrength: Double
  /// Hyperfine coupling scale D: D_i Gaussian with variance D²/N.
  public var hyperfineStrength: Double
  /// Nuclear Larmor frequency ω_n (Zeeman term −ω_n I^z).
  public var nuclearLarmor: Double
  /// Microwave frequency ω_MW.
  public var microwaveFrequency: Double
  /// Microwave amplitude ω1.
  public var microwaveAmplitude: Double
  /// Bath temperature in kelvin.
  public var temperature: Double
  /// Electron spin-lattice time T1e in s.
  public var t1e: Double
  /// Electron coherence time T2e in s.
  public var t2e: Double

  /// β = ħ/(k_B T) in seconds.
  public var beta: Double { PhysicalConstants.inverseTemperature(kelvin: temperature) }

  public init(
    electrons: Int, electronLarmor: Double, inhomogeneousWidth: Double, dipolarStrength: Double,
    hyperfineStrength: Double, nuclearLarmor: Double, microwaveFrequency: Double, microwaveAmplitude: Double,
    temperature: Double, t1e: Double, t2e: Double
  ) {
    self.electrons = electrons
    self.electronLarmor = electronLarmor
    self.inhomogeneousWidth = inhomogeneousWidth
    self.dipolarStrength = dipolarStrength
    self.hyperfineStrength = hyperfineStrength
    self.nuclearLarmor = nuclearLarmor
    self.microwaveFrequency = microwaveFrequency
    self.microwaveAmplitude = microwaveAmplitude
    self.temperature = temperature
    self.t1e = t1e
    self.t2e = t2e
  }

  /// Table I of the TM paper (SPEC §2) with N = 8, U = 15 MHz and D = 0.5 MHz (D is not given in the paper).
  /// Table I gives no ω_MW: it defaults to ω_e − 2π·20 MHz, inside the inhomogeneous line and away from the
  /// solid-effect windows at ω_e ± Δω_e (Fig. 2), where the small-U breakdown of Fig. 3 shows.
  public static let paperDefaults = ThermalMixingParameters(
    electrons: 8, electronLarmor: 2 * .pi * 93.9e9, inhomogeneousWidth: 2 * .pi * 54e6,
    dipolarStrength: 2 * .pi * 15e6, hyperfineStrength: 2 * .pi * 0.5e6, nuclearLarmor: 2 * .pi * 20e6,
    microwaveFrequency: 2 * .pi * (93.9e9 - 20e6), microwaveAmplitude: 2 * .pi * 25e3, temperature: 1.2,
    t1e: 1, t2e: 1e-6)
}
