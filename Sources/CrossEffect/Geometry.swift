import Foundation
import SpinPhysics

/// Positions of the two electrons and the nuclei (Å) and the field direction: the couplings of SPEC §5 by
/// point-dipole formulas in the high-field (secular for the electrons) limit.
///
/// With r = r_b − r_a, θ the angle between r and the field n̂ and φ its azimuth in a frame (ê₁, ê₂, n̂):
/// - electron–electron and nucleus–nucleus (like spins, secular): `D, d = (μ0/4π)ħγ²/r³ · (1 − 3cos²θ)/2`,
///   the coefficient of `3S_zS_z − S·S`;
/// - electron j – nucleus k (electron secular, nucleus pseudo-secular), from `b[S·I − 3(S·r̂)(I·r̂)]` with
///   `b = (μ0/4π)ħγ_eγ_n/r³` keeping the S_z terms: `A = b(1 − 3cos²θ)`, `B = −3b sinθ cosθ e^{−iφ}` (the
///   coefficients of `S_z I_z` and `S_z I_+/2 + h.c.`). γ_e is taken negative (the electron's moment is
///   opposite its spin), γ_n that of the proton.
/// The phase of B depends on the choice of ê₁ (a gauge); |B_jk| and B_1k − B_2k, which the cross effect
/// depends on, do not.
public struct SpinGeometry: Codable, Sendable, Equatable {
  /// Electron positions (Å), two of them.
  public var electrons: [[Double]]
  /// Nuclear positions (Å).
  public var nuclei: [[Double]]
  /// The static field direction (any length; normalized).
  public var field: [Double]
  /// γ_n in rad s⁻¹ T⁻¹ (default: ¹H).
  public var nuclearGyromagneticRatio: Double

  public init(electrons: [[Double]], nuclei: [[Double]], field: [Double] = [0, 0, 1],
    nuclearGyromagneticRatio: Double = PhysicalConstants.protonGyromagneticRatio)
  {
    self.electrons = electrons
    self.nuclei = nuclei
    self.field = field
    self.nuclearGyromagneticRatio = nuclearGyromagneticRatio
  }

  /// (μ0/4π)ħγ_aγ_b/r³ in rad/s for r in Å.
  static func dipolarConstant(_ gammaA: Double, _ gammaB: Double, distance r: Double) -> Double {
    PhysicalConstants.mu0 / (4 * Double.pi) * PhysicalConstants.hbar * gammaA * gammaB / pow(r * 1e-10, 3)
  }

  /// The electron–electron coupling D and the nuclear couplings (the caller's parameters take D).
  /// - Throws: ``CrossEffectError`` for a position that is not three finite numbers, two spins at one place,
  ///   a zero field direction, or not exactly two electrons.
  public func couplings() throws -> (electronCoupling: Double, spins: CrossEffectSpins) {
    guard electrons.count == 2 else { throw CrossEffectError(message: "geometry: exactly two electron positions are needed") }
    let all = electrons + nuclei + [field]
    guard all.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isFinite) }) else {
      throw CrossEffectError(message: "geometry: positions and the field direction are three finite numbers (Å)")
    }
    let norm = (field.map { $0 * $0 }.reduce(0, +)).squareRoot()
    guard norm > 0 else { throw CrossEffectError(message: "geometry: the field direction must not be zero") }
    let n = field.map { $0 / norm }
    // ê₁ ⟂ n̂ from the coordinate axis least aligned with n̂, ê₂ = n̂ × ê₁.
    let axis: [Double] = abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]
    let dotAxis = zip(axis, n).map(*).reduce(0, +)
    var e1 = zip(axis, n).map { $0 - dotAxis * $1 }
    let e1Norm = (e1.map { $0 * $0 }.reduce(0, +)).squareRoot()
    e1 = e1.map { $0 / e1Norm }
    let e2 = [n[1] * e1[2] - n[2] * e1[1], n[2] * e1[0] - n[0] * e1[2], n[0] * e1[1] - n[1] * e1[0]]
    func polar(_ a: [Double], _ b: [Double]) throws -> (r: Double, cos: Double, sin: Double, phi: Double) {
      let d = zip(b, a).map(-)
      let r = (d.map { $0 * $0 }.reduce(0, +)).squareRoot()
      guard r > 0 else { throw CrossEffectError(message: "geometry: two spins share a position") }
      let c = zip(d, n).map(*).reduce(0, +) / r
      let x = zip(d, e1).map(*).reduce(0, +), y = zip(d, e2).map(*).reduce(0, +)
      return (r, c, (max(0, 1 - c * c)).squareRoot(), atan2(y, x))
    }
    let gammaE = -PhysicalConstants.electronGyromagneticRatio, gammaN = nuclearGyromagneticRatio
    let ee = try polar(electrons[0], electrons[1])
    let electronCoupling = Self.dipolarConstant(gammaE, gammaE, distance: ee.r) * (1 - 3 * ee.cos * ee.cos) / 2
    var a = [[Double]](repeating: [Double](repeating: 0, count: nuclei.count), count: 2)
    var bCoupling = [[[Double]]](repeating: [[Double]](repeating: [0, 0], count: nuclei.count), count: 2)
    for j in 0..<2 {
      for k in nuclei.indices {
        let g = try polar(electrons[j], nuclei[k])
        let b = Self.dipolarConstant(gammaE, gammaN, distance: g.r)
        a[j][k] = b * (1 - 3 * g.cos * g.cos)
        let magnitude = -3 * b * g.sin * g.cos
        bCoupling[j][k] = [magnitude * cos(-g.phi), magnitude * sin(-g.phi)]
      }
    }
    var d = [[Double]](repeating: [Double](repeating: 0, count: nuclei.count), count: nuclei.count)
    for k in nuclei.indices {
      for l in nuclei.indices where l > k {
        let g = try polar(nuclei[k], nuclei[l])
        let v = Self.dipolarConstant(gammaN, gammaN, distance: g.r) * (1 - 3 * g.cos * g.cos) / 2
        d[k][l] = v
        d[l][k] = v
      }
    }
    return (electronCoupling, CrossEffectSpins(secularHyperfine: a, pseudosecularHyperfine: bCoupling, nuclearCouplings: d))
  }
}

/// `count` directions spread evenly over the unit sphere (a Fibonacci lattice), for powder averages with equal
/// weights: the mean of any polynomial of degree ≤ 2 in the components converges like 1/count.
public func fibonacciSphere(count: Int) -> [[Double]] {
  let golden = Double.pi * (3 - 5.0.squareRoot())
  return (0..<max(0, count)).map { i in
    let z = 1 - (2 * Double(i) + 1) / Double(count)
    let r = (max(0, 1 - z * z)).squareRoot()
    let phi = golden * Double(i)
    return [r * cos(phi), r * sin(phi), z]
  }
}
