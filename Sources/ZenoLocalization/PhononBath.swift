import DNPNumerics
import RealModule
import SpinPhysics

/// The bath timescales T(|ω|) of the ballistic-phonon model of SM Sec. V B, as functions of temperature.
///
/// The spin–phonon coupling is the strain expansion of the g tensor (eq. S103) with acoustic phonons Ω_k = kv
/// (eq. S104); the one- and two-phonon processes add incoherently (Wick's theorem):
///
/// - **Direct process** (eq. S105), one phonon at |ω|:
///   `1/T_d(|ω|) = A_d |ω|³ coth(β|ω|/2)`, with `A_d = (1/2π)(g⁽¹⁾/g_e)² ω_e²/(ρ₀v⁵)` (s²).
///   ∝ ω²T for T ≫ ω (coth x → 1/x), and the spontaneous-emission floor A_d|ω|³ for T ≪ ω.
/// - **Two-phonon processes** (eq. S106), with x = β|ω|/2 and T = 1/β (ħ = k_B = 1):
///   `1/T_R(|ω|) = A_R T⁷ K(x)`, `A_R = (16/π³)(g⁽²⁾/g_e)² ω_e²/(ρ₀v⁵)²` (s⁶), where
///   `K(x) = cosh x [∫₀ˣ y³(x−y)³/(sinh y sinh(x−y)) dy + 2∫₀^∞ y³(x+y)³/(sinh y sinh(x+y)) dy]`;
///   the first integral is two-phonon absorption (emission), the second the Raman process. For |ω| ≪ T it is
///   frequency independent and ∝ T⁷ (K(0) = 2∫₀^∞ y⁶/sinh²y dy = π⁶/21), as the paper states.
///
/// The timescales of eqs. 7–8 follow (SPEC §4): `T1 = 2T(ω_e)` (SM Sec. V B 3), `T* = T(ω*)` at a frequency
/// 0 < ω* ≪ ω_e typical of H_S's level spacings, and `T(0) = T(ω → 0)`, where the direct rate vanishes
/// (|ω|³coth(β|ω|/2) → 2ω²/β) and only the two-phonon rate is left.
///
/// **Normalization.** The paper does not fix A_d and A_R ("we do not know realistic values of the ratios
/// g⁽ⁱ⁾/g_e"). ``calibrated(electronLarmor:_:_:)`` fixes them from T1 at two temperatures; ``tableI()`` uses
/// Table I's T1 = 160 µs at 1.2 K and 1.6 µs at 12 K. Then the direct process dominates T1 at 1.2 K and the
/// Raman process at 12 K. The model cannot also reproduce Table I's T(0) and T*: since K grows with x,
/// T(0) ≥ T(ω_e) = T1/2 at every temperature, while Table I has T(0) = 1.6 µs ≪ T1/2 = 80 µs at 1.2 K (the
/// paper calls this model unrealistic and uses it only to show that bath times fall as power laws of T).
public struct PhononBath: Codable, Sendable, Equatable {
  /// ω_e (rad/s): T1 = 2T(ω_e).
  public var electronLarmor: Double
  /// A_d of eq. S105 (s²).
  public var directCoefficient: Double
  /// A_R of eq. S106 (s⁶).
  public var ramanCoefficient: Double

  public init(electronLarmor: Double, directCoefficient: Double, ramanCoefficient: Double) {
    self.electronLarmor = electronLarmor
    self.directCoefficient = directCoefficient
    self.ramanCoefficient = ramanCoefficient
  }

  /// 1/T_d(|ω|) of eq. S105 (s⁻¹) at inverse temperature β (s); 0 at ω = 0 (its limit).
  public func directRate(omega: Double, beta: Double) -> Double {
    let w = abs(omega)
    guard w > 0 else { return 0 }
    return directCoefficient * w * w * w / Double.tanh(beta * w / 2)
  }

  /// 1/T_R(|ω|) of eq. S106 (s⁻¹) at inverse temperature β (s).
  /// - Throws: ``QuadratureError`` if the kernel's quadrature fails.
  /// - Complexity: two adaptive Gauss–Kronrod quadratures (a few hundred evaluations).
  public func ramanRate(omega: Double, beta: Double) throws -> Double {
    ramanCoefficient * Double.pow(beta, -7) * (try Self.twoPhononKernel(beta * abs(omega) / 2))
  }

  /// 1/T(|ω|) = direct + two-phonon (s⁻¹) at `temperature` (K).
  /// - Throws: ``QuadratureError`` if the kernel's quadrature fails.
  public func rates(omega: Double, temperature: Double) throws -> PhononRates {
    let beta = PhysicalConstants.inverseTemperature(kelvin: temperature)
    return PhononRates(
      direct: directRate(omega: omega, beta: beta), twoPhonon: try ramanRate(omega: omega, beta: beta))
  }

  /// T1 = 2T(ω_e), T* = T(ω*) and T(0) at `temperature` (K).
  /// - Parameter lowFrequency: ω* (rad/s), a level spacing of H_S with 0 < ω* ≪ ω_e; the default, 2π·5 MHz, is
  ///   Table I's inhomogeneous width.
  /// - Throws: ``QuadratureError`` if a quadrature fails.
  public func bathTimes(temperature: Double, lowFrequency: Double = 2 * Double.pi * 5e6) throws -> BathTimes {
    let atLarmor = try rates(omega: electronLarmor, temperature: temperature)
    return BathTimes(
      temperature: temperature, t1: 2 / atLarmor.total,
      tStar: 1 / (try rates(omega: lowFrequency, temperature: temperature)).total,
      tZero: 1 / (try rates(omega: 0, temperature: temperature)).total,
      twoPhononShareOfT1: atLarmor.twoPhonon / atLarmor.total)
  }

  /// The model with A_d and A_R fixed so that T1 = 2T(ω_e) takes the two given values (temperatures in K,
  /// times in s): 1/T1 is linear in (A_d, A_R), a 2 × 2 solve.
  /// - Throws: ``PhononBathError`` when a coefficient comes out negative or the system is singular (data the
  ///   direct + Raman model cannot produce, e.g. T1 growing with temperature); ``QuadratureError``.
  public static func calibrated(
    electronLarmor: Double, _ first: (temperature: Double, t1: Double),
    _ second: (temperature: Double, t1: Double)
  ) throws -> PhononBath {
    let unit = PhononBath(electronLarmor: electronLarmor, directCoefficient: 1, ramanCoefficient: 1)
    let a = try unit.rates(omega: electronLarmor, temperature: first.temperature)
    let b = try unit.rates(omega: electronLarmor, temperature: second.temperature)
    // ½(A_d f_d + A_R f_R) = 1/T1 at both temperatures.
    let det = a.direct * b.twoPhonon - a.twoPhonon * b.direct
    let ra = 2 / first.t1, rb = 2 / second.t1
    let direct = (ra * b.twoPhonon - a.twoPhonon * rb) / det
    let raman = (a.direct * rb - ra * b.direct) / det
    guard det.isFinite, det != 0, direct.isFinite, raman.isFinite, direct >= 0, raman >= 0 else {
      throw PhononBathError(
        "T1 = \(first.t1) s at \(first.temperature) K and \(second.t1) s at \(second.temperature) K need "
          + "A_d = \(direct), A_R = \(raman): the direct + Raman model cannot produce them")
    }
    return PhononBath(electronLarmor: electronLarmor, directCoefficient: direct, ramanCoefficient: raman)
  }

  /// Calibrated on Table I: ω_e = 2π·93.9 GHz, T1 = 160 µs at 1.2 K and 1.6 µs at 12 K.
  public static func tableI() throws -> PhononBath {
    try calibrated(electronLarmor: 2 * Double.pi * 93.9e9, (1.2, 160e-6), (12, 1.6e-6))
  }

  /// K(x) of eq. S106 (x = β|ω|/2 ≥ 0), evaluated without overflow: with q(y) = 1 − e^{−2y},
  /// `cosh x/(sinh y sinh(x−y)) = 2(1 + e^{−2x})/(q(y)q(x−y))` and
  /// `cosh x/(sinh y sinh(x+y)) = 2(1 + e^{−2x})e^{−2y}/(q(y)q(x+y))`; the integrands vanish like y² at the
  /// ends, and the Raman integral is cut at y = 60 (the tail is below e^{−100} relative, whatever x).
  /// K(0) = π⁶/21.
  /// - Throws: ``PhononBathError`` for x < 0, ``QuadratureError``.
  /// - Complexity: two adaptive Gauss–Kronrod quadratures to 1e-13 relative.
  public static func twoPhononKernel(_ x: Double) throws -> Double {
    guard x >= 0, x.isFinite else { throw PhononBathError("K(x) is defined for finite x = β|ω|/2 ≥ 0, got \(x)") }
    func q(_ y: Double) -> Double { -Double.expMinusOne(-2 * y) }
    func cube(_ y: Double) -> Double { y * y * y }
    let absorption =
      x == 0
      ? 0
      : try adaptiveGaussKronrod(breakpoints: [0, x / 2, x]) { y -> Double in
        guard y > 0, y < x else { return 0 }
        return cube(y) * cube(x - y) / (q(y) * q(x - y))
      }
    let raman = try adaptiveGaussKronrod(breakpoints: [0, 1, 2, 4, 8, 16, 32, 60]) { y -> Double in
      guard y > 0 else { return 0 }
      return cube(y) * cube(x + y) * Double.exp(-2 * y) / (q(y) * q(x + y))
    }
    return 2 * (1 + Double.exp(-2 * x)) * (absorption + 2 * raman)
  }
}

/// The two contributions to 1/T(|ω|) (s⁻¹).
public struct PhononRates: Codable, Sendable, Equatable {
  /// Eq. S105.
  public var direct: Double
  /// Eq. S106 (two-phonon absorption/emission and Raman).
  public var twoPhonon: Double
  public var total: Double { direct + twoPhonon }
}

/// The bath times of eqs. 7–8 at one temperature (times in s, temperature in K).
public struct BathTimes: Codable, Sendable, Equatable {
  public var temperature: Double
  /// T1 = 2T(ω_e).
  public var t1: Double
  /// T* = T(ω*), 0 < ω* ≪ ω_e.
  public var tStar: Double
  /// T(0).
  public var tZero: Double
  /// The two-phonon (mostly Raman) fraction of 1/T1.
  public var twoPhononShareOfT1: Double
}

/// A phonon-bath calibration the model cannot satisfy.
public struct PhononBathError: Error, CustomStringConvertible, Sendable, Equatable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
