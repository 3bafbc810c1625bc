import DNPNumerics
import Foundation
import SpinPhysics

extension SpinGeometry {
  /// `count` protons at random in a glass of proton concentration `concentration` (mol/L) around two electrons:
  /// uniform in the sphere about the electrons' midpoint whose volume holds `count` protons at that density
  /// (plus the two excluded spheres), rejecting a position closer than `exclusionRadius` (Å) to either
  /// electron or closer than `spacing` (Å) to a proton already placed. Draws from stream (seed, `stream`).
  ///
  /// The number density is c·N_A/10²⁷ Å⁻³ (c in mol/L), e.g. 0.036 Å⁻³ at 60 M (a protonated glass): 118
  /// protons then fill a sphere of ≈ 9 Å radius.
  /// - Throws: ``CrossEffectError`` for a non-positive count or concentration, negative radii, or when 10⁴·count
  ///   draws did not place every proton (a spacing too large for the density).
  /// - Complexity: O(count²) distance checks per accepted proton in the worst case; cheap for hundreds.
  public static func randomProtons(
    electrons: [[Double]], count: Int, concentration: Double, exclusionRadius: Double, spacing: Double = 1.5,
    field: [Double] = [0, 0, 1], seed: UInt64, stream: UInt64
  ) throws -> SpinGeometry {
    guard electrons.count == 2, electrons.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isFinite) }) else {
      throw CrossEffectError(message: "random protons: exactly two electron positions (three numbers each, Å)")
    }
    guard count > 0, concentration > 0, concentration.isFinite else {
      throw CrossEffectError(message: "random protons: the count and the concentration must be positive")
    }
    guard exclusionRadius >= 0, spacing >= 0, exclusionRadius.isFinite, spacing.isFinite else {
      throw CrossEffectError(message: "random protons: the exclusion radius and spacing must be non-negative")
    }
    let density = concentration * PhysicalConstants.avogadro / 1e27  // Å⁻³
    let excluded = 2 * 4 / 3 * Double.pi * pow(exclusionRadius, 3)
    let radius = pow((Double(count) / density + excluded) * 3 / (4 * Double.pi), 1.0 / 3)
    let centre = (0..<3).map { (electrons[0][$0] + electrons[1][$0]) / 2 }
    func distance(_ a: [Double], _ b: [Double]) -> Double {
      zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }
    var rng = Xoshiro256StarStar(seed: seed, stream: stream)
    var nuclei: [[Double]] = []
    var draws = 0
    while nuclei.count < count {
      draws += 1
      guard draws <= 10_000 * count else {
        throw CrossEffectError(
          message: "random protons: placed only \(nuclei.count) of \(count) at \(spacing) Å spacing; lower the spacing")
      }
      let offset = (0..<3).map { _ in rng.uniform(-radius, radius) }
      guard offset.map({ $0 * $0 }).reduce(0, +) <= radius * radius else { continue }
      let position = zip(centre, offset).map(+)
      if electrons.allSatisfy({ distance($0, position) >= exclusionRadius }),
        nuclei.allSatisfy({ distance($0, position) >= spacing })
      {
        nuclei.append(position)
      }
    }
    return SpinGeometry(electrons: electrons, nuclei: nuclei, field: field)
  }
}
