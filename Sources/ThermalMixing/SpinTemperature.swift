import Foundation
import SpinPhysics

/// The two parameters of the spin-temperature Ansatz (TM paper, eq. 17)
/// `p^Ans_n = Z⁻¹ exp(−β_s (ε_n + h s_n))`, with ε_n and s_n the lab-frame energy and electron magnetization
/// of eigenstate n, and the nuclear polarization it predicts (eq. 1).
///
/// Units are internal (SPEC §1): β_s in s (β_s = ħ/(k_B T_s)), h in rad/s. In the DNP regime h ≈ −ω_MW, so
/// `effectiveField` is a number of size ω_e ≈ 2π·94 GHz; use ``fieldOffset(from:)`` for the small part
/// `h + ω_ref` without cancellation worries.
public struct SpinTemperature: Codable, Sendable, Equatable {
  /// The inverse spin temperature β_s in seconds (negative for an inverted, negative-temperature state).
  public var inverseTemperature: Double
  /// The effective field h in rad/s (conjugate to the electron magnetization S^z).
  public var effectiveField: Double
  /// `tanh(β_s ω_n / 2)`: the nuclear polarization predicted by eq. 1 for the Larmor frequency it was
  /// made with.
  public var predictedNuclearPolarization: Double
  /// How (β_s, h) were obtained.
  public var method: SpinTemperatureMethod

  public init(
    inverseTemperature: Double, effectiveField: Double, predictedNuclearPolarization: Double,
    method: SpinTemperatureMethod
  ) {
    self.inverseTemperature = inverseTemperature
    self.effectiveField = effectiveField
    self.predictedNuclearPolarization = predictedNuclearPolarization
    self.method = method
  }

  /// Builds the result and evaluates eq. 1, `P_n = tanh(β_s ω_n/2)`, for the nuclear Larmor frequency ω_n.
  public init(
    inverseTemperature: Double, effectiveField: Double, nuclearLarmor: Double, method: SpinTemperatureMethod
  ) {
    self.init(
      inverseTemperature: inverseTemperature, effectiveField: effectiveField,
      predictedNuclearPolarization: Thermal.nuclearPolarization(
        beta: inverseTemperature, omega: nuclearLarmor),
      method: method)
  }

  /// The spin temperature T_s = ħ/(k_B β_s) in kelvin (negative for β_s < 0, infinite for β_s = 0).
  public var temperatureKelvin: Double { PhysicalConstants.temperature(inverseSeconds: inverseTemperature) }

  /// The inverse spin temperature in 1/K: `1/T_s = k_B β_s / ħ` (the paper quotes β in K⁻¹, e.g. 0.83 K⁻¹).
  public var inverseTemperaturePerKelvin: Double {
    inverseTemperature * PhysicalConstants.boltzmann / PhysicalConstants.hbar
  }

  /// h/2π in MHz, for reports.
  public var effectiveFieldMHz: Double { effectiveField / (2 * .pi * 1e6) }

  /// `h + ω_ref` in rad/s (exact to rounding: the two are close, so the sum is formed without cancellation
  /// error beyond the rounding of h itself). With ω_ref = ω_MW this is the small detuning of the effective
  /// field from the microwave frequency; with ω_ref = ω_e it is the η of the fit.
  public func fieldOffset(from reference: Double) -> Double { effectiveField + reference }

  /// `(h + ω_ref)/2π` in MHz.
  public func fieldOffsetMHz(from reference: Double) -> Double {
    fieldOffset(from: reference) / (2 * .pi * 1e6)
  }

  /// The polarization `P_e(ω) = −tanh(β_s (ω + h)/2)` of a free electron with Larmor frequency
  /// `ω = reference + offset` under the Ansatz (eq. 21, text below it), evaluated as
  /// `−tanh(β_s (offset + (h + reference))/2)` so that the large ω_e never enters a difference.
  public func electronPolarization(offset: Double, from reference: Double) -> Double {
    -tanh(inverseTemperature * (offset + fieldOffset(from: reference)) / 2)
  }

  /// The nuclear polarization `tanh(β_s ω_n / 2)` (eq. 1) for any nuclear Larmor frequency ω_n.
  public func nuclearPolarization(nuclearLarmor: Double) -> Double {
    Thermal.nuclearPolarization(beta: inverseTemperature, omega: nuclearLarmor)
  }
}

/// Which method produced a ``SpinTemperature``.
public enum SpinTemperatureMethod: Codable, Sendable, Equatable, CustomStringConvertible {
  /// The fitting method of eqs. 17–18 over this many realizations.
  case fit(realizations: Int)
  /// The perturbative expansion of eqs. 20–25 (appendices A–C).
  case perturbative(PerturbativeMethod)

  public var description: String {
    switch self {
    case .fit(let r): return "fit (eqs. 17-18) over \(r) realization\(r == 1 ? "" : "s")"
    case .perturbative(let m): return m.description
    }
  }
}

/// The choices made in a perturbative spin-temperature calculation.
public struct PerturbativeMethod: Codable, Sendable, Equatable, CustomStringConvertible {
  /// First order (eq. 20) or with the O(U²) corrections (eqs. 23–25 / C4–C5).
  public var order: PerturbativeOrder
  /// The distribution f(ω) of electron Larmor frequencies.
  public var lineShape: LineShapeKind
  /// The number of electron frequencies in the discrete forms (nil for the continuum).
  public var frequencies: Int?
  /// Borghini's κ (eq. 22: δ-function absorption) instead of the Lorentzian of eq. 21.
  public var borghini: Bool
  /// The coefficient of the second-order terms (irrelevant at first order).
  public var secondOrderPrefactor: SecondOrderPrefactor
  /// True when f(ω) has a single distinct frequency: then eqs. 20a and 20b coincide and only
  /// `β_s(ω + h)` is determined; β_s is set to the bath β and h chosen so that κ(ω) = 0 there.
  public var singleFrequency: Bool

  public init(
    order: PerturbativeOrder, lineShape: LineShapeKind, frequencies: Int?, borghini: Bool,
    secondOrderPrefactor: SecondOrderPrefactor, singleFrequency: Bool
  ) {
    self.order = order
    self.lineShape = lineShape
    self.frequencies = frequencies
    self.borghini = borghini
    self.secondOrderPrefactor = secondOrderPrefactor
    self.singleFrequency = singleFrequency
  }

  public var description: String {
    var s = "perturbative (eqs. 20-25), \(order == .first ? "first order" : "second order")"
    switch lineShape {
    case .continuum: s += ", continuum f(omega) uniform on [omega_e - Delta omega_e, omega_e + Delta omega_e]"
    case .discrete: s += ", discrete f(omega) over \(frequencies ?? 0) frequencies (U^2/N, eqs. C4-C5)"
    case .sample: s += ", discrete f(omega) over \(frequencies ?? 0) frequencies with the sample's U_ij^2"
    }
    s += borghini ? ", Borghini delta absorption (eq. 22)" : ", Lorentzian absorption (eq. 21)"
    if order == .second {
      s += secondOrderPrefactor == .appendixC ? ", prefactor U^2 (appendix C)" : ", prefactor U^2/2 (eq. 23)"
    }
    if singleFrequency { s += ", single frequency: beta_s fixed to the bath beta" }
    return s
  }
}
