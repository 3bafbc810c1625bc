import DNPNumerics
import Foundation

/// The least-squares fit of a mono-exponential build-up p(t) = ε(1 − e^{−t/τ}).
public struct BuildUpFit: Sendable, Equatable {
  /// ε: the fitted plateau.
  public var enhancement: Double
  /// τ (s).
  public var buildUpTime: Double
  /// The root-mean-square residual.
  public var rmsResidual: Double
  /// False when the Newton iteration on the normal equations did not reach its tolerance, or when τ is not
  /// resolved by the data (τ < min(t > 0)/10 or τ > 10 max t: a step or a straight line); the best point found
  /// is still reported.
  public var converged: Bool

  /// Fits p(t) = ε(1 − e^{−t/τ}) to (times, values) by least squares.
  ///
  /// ε is linear: for a given τ, ε(τ) = Σ y g / Σ g² with g = 1 − e^{−t/τ}. A scan of the reduced sum of squares
  /// over log τ (200 points between min(t>0)/100 and 100 max t) brackets the minimum; ``dampedNewton2D`` then
  /// solves the normal equations in (ε, u = ln τ), scaled by Σ y²:
  /// Σ r g = 0 and Σ r (t/τ) e^{−t/τ} = 0, with r = y − ε g.
  /// - Throws: ``CrossEffectError`` for fewer than two positive times, mismatched lengths, non-finite data, or
  ///   all values zero.
  /// - Complexity: O(m) per evaluation for m points; ~300 evaluations.
  public init(times: [Double], values: [Double]) throws {
    guard times.count == values.count else {
      throw CrossEffectError(message: "fit: times and values differ in length")
    }
    guard times.allSatisfy({ $0.isFinite && $0 >= 0 }), values.allSatisfy(\.isFinite) else {
      throw CrossEffectError(message: "fit: times and values must be finite, times non-negative")
    }
    let positive = times.filter { $0 > 0 }
    guard positive.count >= 2 else {
      throw CrossEffectError(message: "fit: at least two positive times are needed")
    }
    let scale = values.map { $0 * $0 }.reduce(0, +)
    guard scale > 0 else { throw CrossEffectError(message: "fit: all values are zero; no build-up to fit") }
    func g(_ t: Double, _ tau: Double) -> Double { -Foundation.expm1(-t / tau) }
    func epsilon(_ tau: Double) -> Double {
      var yg = 0.0, gg = 0.0
      for (t, y) in zip(times, values) {
        let v = g(t, tau)
        yg += y * v
        gg += v * v
      }
      return gg > 0 ? yg / gg : 0
    }
    func squares(_ e: Double, _ tau: Double) -> Double {
      zip(times, values).map { t, y in (y - e * g(t, tau)) * (y - e * g(t, tau)) }.reduce(0, +)
    }
    let low = Foundation.log(positive.min()! / 100), high = Foundation.log(times.max()! * 100)
    var bestU = low, best = Double.infinity
    for i in 0...200 {
      let u = low + (high - low) * Double(i) / 200
      let s = squares(epsilon(Foundation.exp(u)), Foundation.exp(u))
      if s < best {
        best = s
        bestU = u
      }
    }
    func normal(_ x: SIMD2<Double>) -> SIMD2<Double> {
      let e = x.x, tau = Foundation.exp(x.y)
      var f = SIMD2<Double>(0, 0)
      for (t, y) in zip(times, values) {
        let r = y - e * g(t, tau)
        f.x += r * g(t, tau)
        f.y += r * (t / tau) * Foundation.exp(-t / tau)
      }
      return f / scale
    }
    let outcome = try dampedNewton2D(
      start: [epsilon(Foundation.exp(bestU)), bestU], scale: [1e-12, 1], tolerance: 1e-14, acceptable: 1e-10,
      normal)
    enhancement = outcome.point.x
    buildUpTime = Foundation.exp(outcome.point.y)
    rmsResidual = (squares(enhancement, buildUpTime) / Double(times.count)).squareRoot()
    converged =
      outcome.converged && enhancement.isFinite && buildUpTime >= positive.min()! / 10
      && buildUpTime <= 10 * times.max()!
  }
}
