import Foundation

/// Thermal factors evaluated in forms that cannot overflow for any |βx| (SPEC §1).
public enum Thermal {
  /// `h_β(x) = e^{βx}/(1 + e^{βx}) = (1 + tanh(βx/2))/2`, the bath factor of a jump releasing energy x.
  ///
  /// Evaluated as a logistic function on the side where the exponential is ≤ 1, so it is exact to rounding
  /// for |βx| up to the limits of `Double` and never produces NaN.
  @inlinable public static func h(beta: Double, _ x: Double) -> Double {
    let y = beta * x
    if y >= 0 { return 1 / (1 + exp(-y)) }
    let e = exp(y)
    return e / (1 + e)
  }

  /// Thermal polarization of a spin-1/2 with Zeeman term `+ω S^z`: `P = 2⟨S^z⟩ = −tanh(βω/2)`.
  @inlinable public static func electronPolarization(beta: Double, omega: Double) -> Double {
    -tanh(beta * omega / 2)
  }

  /// Thermal polarization of a nucleus with Zeeman term `−ω_n I^z`: `P_n = tanh(βω_n/2)` (SPEC §1).
  @inlinable public static func nuclearPolarization(beta: Double, omega: Double) -> Double {
    tanh(beta * omega / 2)
  }

  /// Steady-state longitudinal magnetization of one spin under `H = Δ S^z + ω1 S^x` with T1, T2 relative to
  /// its thermal value (the Bloch solution, SPEC §6): `M_z/M0 = (1 + Δ²T2²)/(1 + Δ²T2² + ω1²T1T2)`.
  @inlinable public static func blochSaturation(offset: Double, omega1: Double, t1: Double, t2: Double)
    -> Double
  {
    let d = offset * t2
    return (1 + d * d) / (1 + d * d + omega1 * omega1 * t1 * t2)
  }

  /// `|βx|/2 log-cosh`-free Lorentzian `T2/(1 + T2²(x)²)`, finite for any x.
  @inlinable public static func lorentzian(_ x: Double, t2: Double) -> Double {
    let d = t2 * x
    return t2 / (1 + d * d)
  }
}
