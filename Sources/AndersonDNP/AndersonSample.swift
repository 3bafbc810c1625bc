import DNPNumerics

/// The on-site disorder Δ_i of one realization of eq. (6): random or written out.
public enum AndersonSample: Codable, Sendable, Equatable {
  /// Δ_i ~ Uniform[−w/2, w/2], drawn in site order i = 0..<L³ from `Xoshiro256StarStar(seed:, stream:
  /// realization)`, so a realization's numbers do not depend on which worker computes it.
  case random(seed: UInt64, realization: UInt64)
  /// Explicit offsets Δ_i (rad/s) in site order i = x + L·y + L²·z; exactly L³ of them.
  case explicit(offsets: [Double])

  /// The offsets Δ_i for a lattice of `siteCount` sites and box width `disorderWidth`.
  /// - Throws: ``AndersonError/sampleSizeMismatch(expected:got:)`` for an explicit sample of the wrong size.
  public func offsets(siteCount: Int, disorderWidth w: Double) throws -> [Double] {
    switch self {
    case .random(let seed, let realization):
      var rng = Xoshiro256StarStar(seed: seed, stream: realization)
      return (0..<siteCount).map { _ in rng.uniform(-w / 2, w / 2) }
    case .explicit(let offsets):
      guard offsets.count == siteCount else {
        throw AndersonError.sampleSizeMismatch(expected: siteCount, got: offsets.count)
      }
      return offsets
    }
  }
}
