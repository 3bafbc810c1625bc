import DNPNumerics
import Foundation
import SpinPhysics

/// One realization of the disorder and couplings of eq. 9, in rad/s.
public struct ThermalMixingSample: Codable, Sendable, Equatable {
  /// Electron offsets Δ_i from ω_e.
  public var offsets: [Double]
  /// Symmetric flip-flop couplings U_ij (zero diagonal), row-major N×N.
  public var couplings: [[Double]]
  /// Hyperfine couplings D_i of `D_i S^z_i I^x`.
  public var hyperfine: [Double]
  /// Optional Ising couplings J_ij of `J_ij S^z_i S^z_j` (dropped in the paper; nil or zeros by default).
  public var ising: [[Double]]?

  public var electrons: Int { offsets.count }

  public init(offsets: [Double], couplings: [[Double]], hyperfine: [Double], ising: [[Double]]? = nil) {
    self.offsets = offsets
    self.couplings = couplings
    self.hyperfine = hyperfine
    self.ising = ising
  }

  /// Checks shapes and symmetry; returns a description of the first problem, or nil.
  public func inconsistency() -> String? {
    let n = offsets.count
    if n < 1 { return "it has no electrons" }
    let maximum = ThermalMixingParameters.maximumElectrons
    if n > maximum { return "it has \(n) electrons; at most \(maximum) fit exact diagonalization" }
    if couplings.count != n || couplings.contains(where: { $0.count != n }) {
      return "the coupling matrix must be \(n)×\(n) to match \(n) electron offsets"
    }
    if hyperfine.count != n { return "\(hyperfine.count) hyperfine couplings for \(n) electrons" }
    for i in 0..<n {
      if couplings[i][i] != 0 {
        return "the coupling matrix has a non-zero diagonal entry at (\(i + 1), \(i + 1))"
      }
      for j in 0..<n where abs(couplings[i][j] - couplings[j][i]) > 1e-12 * max(1, abs(couplings[i][j])) {
        return "the coupling matrix is not symmetric at (\(i + 1), \(j + 1))"
      }
    }
    let all = offsets + hyperfine + couplings.flatMap { $0 }
    if all.contains(where: { !$0.isFinite }) { return "it contains a non-finite number" }
    return nil
  }

  /// Footnote 37: `Δ_i = Δω_e (2i − N − 1)/N`, i = 1…N, equally spaced in [−Δω_e, Δω_e].
  public static func equallySpacedOffsets(electrons n: Int, width: Double) -> [Double] {
    (1...n).map { width * Double(2 * $0 - n - 1) / Double(n) }
  }

  /// The paper's mean-field sample: equally spaced offsets, U_ij Gaussian with variance U²/N and D_i Gaussian
  /// with variance D²/N, drawn from the stream `(seed, realization)`.
  public static func gaussian(_ p: ThermalMixingParameters, seed: UInt64, realization: Int)
    -> ThermalMixingSample
  {
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(realization))
    let n = p.electrons
    let sigmaU = p.dipolarStrength / Double(n).squareRoot()
    let sigmaD = p.hyperfineStrength / Double(n).squareRoot()
    var u = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        u[i][j] = rng.gaussian(standardDeviation: sigmaU)
        u[j][i] = u[i][j]
      }
    }
    let d = (0..<n).map { _ in rng.gaussian(standardDeviation: sigmaD) }
    return ThermalMixingSample(
      offsets: equallySpacedOffsets(electrons: n, width: p.inhomogeneousWidth), couplings: u, hyperfine: d)
  }

  /// Electrons at uniformly random positions in a periodic cube holding N radicals at `concentration`
  /// (mol/m³, i.e. mM), with the secular dipolar flip-flop coupling of eq. 4 for the field along z:
  /// `U_ij = μ0 γ_e² ħ (1 − 3cos²θ_ij) / (16π r_ij³)` (minimum-image distances). With `includeIsing`, the
  /// secular Ising part `J_ij = −4 U_ij` (the ratio of the secular dipolar Hamiltonian) is kept too.
  /// Offsets are equally spaced and D_i Gaussian as in ``gaussian(_:seed:realization:)``.
  public static func dipolar(
    _ p: ThermalMixingParameters, concentration: Double, includeIsing: Bool, seed: UInt64, realization: Int
  ) -> ThermalMixingSample {
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(realization))
    let n = p.electrons
    let side = dipolarBoxSide(electrons: n, concentration: concentration)
    let positions = (0..<n).map { _ in SIMD3(rng.uniform(0, side), rng.uniform(0, side), rng.uniform(0, side))
    }
    let prefactor =
      PhysicalConstants.mu0 * pow2(PhysicalConstants.electronGyromagneticRatio)
      * PhysicalConstants.hbar / (16 * Double.pi)
    var u = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        var r = positions[j] - positions[i]
        r -= side * (r / side).rounded(.toNearestOrEven)  // minimum image
        let r2 = (r * r).sum()
        let cos2 = r.z * r.z / r2
        u[i][j] = prefactor * (1 - 3 * cos2) / (r2 * r2.squareRoot())
        u[j][i] = u[i][j]
      }
    }
    let sigmaD = p.hyperfineStrength / Double(n).squareRoot()
    let d = (0..<n).map { _ in rng.gaussian(standardDeviation: sigmaD) }
    return ThermalMixingSample(
      offsets: equallySpacedOffsets(electrons: n, width: p.inhomogeneousWidth), couplings: u, hyperfine: d,
      ising: includeIsing ? u.map { $0.map { -4 * $0 } } : nil)
  }

  /// Side (m) of the cube holding `electrons` radicals at `concentration` mol/m³.
  public static func dipolarBoxSide(electrons: Int, concentration: Double) -> Double {
    Foundation.cbrt(Double(electrons) / (concentration * PhysicalConstants.avogadro))
  }
}

@inlinable func pow2(_ x: Double) -> Double { x * x }

extension ThermalMixingSample {
  /// The coupling scale U that the mean-field (perturbative) theory of eqs. 23–25 needs, measured on actual
  /// samples: `U² = N/(N − 1) · ⟨(1/N) Σ_j Σ_{l≠j} U_jl²⟩`, averaged over the samples.
  ///
  /// For the paper's Gaussian couplings (variance U²/N) its expectation is exactly U²; for dipolar samples it
  /// gives the perturbative theory the coupling strength the concentration implies.
  public static func meanFieldCoupling(_ samples: [ThermalMixingSample]) -> Double {
    guard let n = samples.first?.electrons, n > 1 else { return 0 }
    var total = 0.0
    for s in samples { for row in s.couplings { for u in row { total += u * u } } }
    let perSample = total / Double(samples.count) / Double(n)
    return (perSample * Double(n) / Double(n - 1)).squareRoot()
  }
}
