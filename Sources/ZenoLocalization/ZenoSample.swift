import DNPNumerics

/// One disorder realization of the ZL model: offsets Δ_i from ω_e and symmetric flip-flop couplings U_ij
/// (rad/s). Ising terms are dropped, as in the paper's numerics.
public struct ZenoSample: Codable, Sendable, Equatable {
  public var offsets: [Double]
  /// Symmetric, zero diagonal, N×N.
  public var couplings: [[Double]]

  public init(offsets: [Double], couplings: [[Double]]) {
    self.offsets = offsets
    self.couplings = couplings
  }

  public var electrons: Int { offsets.count }

  /// A random realization from stream (seed, realization): Δ_i uniform in [−Δω_e/2, Δω_e/2], U_ij Gaussian
  /// with mean 0 and variance U²/N.
  public static func random(_ p: ZenoParameters, seed: UInt64, realization: Int) -> ZenoSample {
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(realization))
    let n = p.electrons
    let offsets = (0..<n).map { _ in rng.uniform(-p.inhomogeneousWidth / 2, p.inhomogeneousWidth / 2) }
    return ZenoSample(offsets: offsets, couplings: gaussianCouplings(n, p.dipolarStrength, &rng))
  }

  /// Equally spaced offsets Δ_i = Δω_e (i/(N − 1) − 1/2) (Δ = 0 for one spin), random couplings.
  public static func equallySpaced(_ p: ZenoParameters, seed: UInt64, realization: Int) -> ZenoSample {
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(realization))
    let n = p.electrons
    let offsets = (0..<n).map { n > 1 ? p.inhomogeneousWidth * (Double($0) / Double(n - 1) - 0.5) : 0 }
    return ZenoSample(offsets: offsets, couplings: gaussianCouplings(n, p.dipolarStrength, &rng))
  }

  private static func gaussianCouplings(_ n: Int, _ u: Double, _ rng: inout Xoshiro256StarStar) -> [[Double]] {
    var c = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    let sd = n > 0 ? u / Double(n).squareRoot() : 0
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        let v = rng.gaussian(standardDeviation: sd)
        c[i][j] = v
        c[j][i] = v
      }
    }
    return c
  }

  /// A description of the first inconsistency (shapes, symmetry, finiteness), or nil.
  public func inconsistency() -> String? {
    let n = offsets.count
    guard n >= 1 else { return "a sample needs at least one spin" }
    guard offsets.allSatisfy(\.isFinite) else { return "offsets must be finite" }
    guard couplings.count == n, couplings.allSatisfy({ $0.count == n }) else {
      return "couplings must be \(n) × \(n)"
    }
    for i in 0..<n {
      guard couplings[i][i] == 0 else { return "couplings must have a zero diagonal" }
      for j in 0..<n where !(couplings[i][j].isFinite && couplings[i][j] == couplings[j][i]) {
        return "couplings must be finite and symmetric (U[\(i)][\(j)] ≠ U[\(j)][\(i)])"
      }
    }
    return nil
  }
}
