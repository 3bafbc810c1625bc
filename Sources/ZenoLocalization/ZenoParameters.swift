import SpinPhysics

/// The control parameters of the ZL paper (angular frequencies in rad/s, times in s), Table I.
public struct ZenoParameters: Codable, Sendable, Equatable {
  /// N, the number of electron spins.
  public var electrons: Int
  /// ω_e.
  public var electronLarmor: Double
  /// Δω_e: offsets Δ_i uniform in [−Δω_e/2, Δω_e/2].
  public var inhomogeneousWidth: Double
  /// U: flip-flop couplings U_ij Gaussian with variance U²/N.
  public var dipolarStrength: Double
  /// ω_MW.
  public var microwaveFrequency: Double
  /// ω1.
  public var microwaveAmplitude: Double
  /// The irradiated spins (0-based); nil: all (eq. S46). Fig. S8 irradiates a subset.
  public var irradiated: [Int]?
  /// Bath temperature in K.
  public var temperature: Double
  /// T1: transitions at |ω| ≈ ω_e (eq. 7).
  public var t1: Double
  /// T*: transitions at 0 < |ω| ≪ ω_e (eq. 8).
  public var tStar: Double
  /// T(0): zero-energy transitions within an eigenstate (eq. 8).
  public var tZero: Double

  /// Table I at 1.2 K (T(0) = 1.6 µs, T* = 80 µs, T1 = 160 µs) or 12 K (0.16 µs, 0.16 µs, 1.6 µs), N = 10,
  /// Δω_e = 2π·5 MHz, U = 2π·0.75 MHz, ω_e = 2π·93.9 GHz, ω_MW = 2π·93.8988 GHz, ω1 = 2π·0.628 MHz.
  public static func tableI(highTemperature: Bool = false) -> ZenoParameters {
    let twoPi = 2 * Double.pi
    return ZenoParameters(
      electrons: 10, electronLarmor: twoPi * 93.9e9, inhomogeneousWidth: twoPi * 5e6, dipolarStrength: twoPi * 0.75e6,
      microwaveFrequency: twoPi * 93.8988e9, microwaveAmplitude: twoPi * 0.628e6, irradiated: nil,
      temperature: highTemperature ? 12 : 1.2, t1: highTemperature ? 1.6e-6 : 160e-6,
      tStar: highTemperature ? 0.16e-6 : 80e-6, tZero: highTemperature ? 0.16e-6 : 1.6e-6)
  }

  /// β = ħ/(k_B T) in s.
  public var beta: Double { PhysicalConstants.inverseTemperature(kelvin: temperature) }
}
