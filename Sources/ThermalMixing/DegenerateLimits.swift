import Foundation

/// The degenerate limits of eq. 9 and what the model does there (README, "Limits").
///
/// - D → 0: the nucleus decouples. At D = 0 every level is degenerate in the nuclear spin and, since the model
///   has no nuclear relaxation, the stationary state does not determine P_n: refused. For D > 0 the nuclear
///   flip rates scale as (D/ω_n)² against the electron rates, so P_n tends to a finite limit as D → 0, but the
///   stationary solve resolves it only while (D/ω_n)² stays well above double precision: below
///   D/ω_n = ``minimumHyperfineRatio`` P_n drifts (at N = 4, ω_n = 2π·20 MHz: 1.6·10⁻⁵ off the limit at
///   D/ω_n = 10⁻⁵, 0.34 off at 5·10⁻⁸, outside [−1, 1] at 5·10⁻¹¹), so that is refused too.
/// - U → 0, ω1 → 0, T → 0 and ω_n → 0 are regular: P_n is continuous there (U = 0 leaves independent electrons
///   and the solid effect, ω1 = 0 gives the Gibbs state, T down to 1 mK resolves, ω_n = 0 gives P_n = 0 by
///   symmetry). They are computed.
public enum DegenerateLimits {
  /// The smallest hyperfine scale, relative to ω_n, whose P_n is resolved to a few 10⁻⁶ (measured at N = 4:
  /// P_n = −0.221440 at D/ω_n = 5·10⁻⁴, 3·10⁻⁶ away at 5·10⁻⁵, 1.6·10⁻⁵ at 10⁻⁵, 5·10⁻⁴ at 2.5·10⁻⁶).
  public static let minimumHyperfineRatio = 1e-4

  /// The hyperfine scale of a sample: (Σ_i D_i²)^½, whose expectation for the Gaussian model is D.
  public static func hyperfineScale(_ sample: ThermalMixingSample) -> Double {
    sample.hyperfine.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// Why a hyperfine scale `d` (rad/s) cannot be simulated at nuclear Larmor frequency `nuclearLarmor`, or nil.
  public static func hyperfineProblem(scale d: Double, nuclearLarmor: Double) -> String? {
    func mhz(_ x: Double) -> String { String(format: "%g", x / (2 * Double.pi * 1e6)) }
    if d == 0 {
      return
        "with no hyperfine coupling (D = 0) the nucleus is decoupled: every level is degenerate in the nuclear spin, the model has no nuclear relaxation, and the stationary state does not determine P_n"
    }
    let floor = minimumHyperfineRatio * abs(nuclearLarmor)
    if d < floor {
      return
        "a hyperfine scale of \(mhz(d)) MHz is below 1e-4·ω_n = \(mhz(floor)) MHz: the nuclear flip rates, ∝ (D/ω_n)², fall below the precision of the stationary solve and P_n is not resolved (P_n tends to a finite limit as D → 0, reached well before this)"
    }
    return nil
  }
}

/// A stationary state that cannot be trusted.
public enum ThermalMixingError: Error, Equatable, CustomStringConvertible {
  /// A polarization outside [−1, 1]: the stationary solve lost its precision.
  case unphysicalPolarization(String)

  public var description: String {
    switch self {
    case .unphysicalPolarization(let what):
      return
        "the stationary state is unphysical (\(what)): the master equation's rates span more than double precision resolves"
    }
  }
}
