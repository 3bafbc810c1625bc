/// Errors of the scalar and 2-D root finders.
public enum RootFindingError: Error, Equatable, CustomStringConvertible {
  /// f(a) and f(b) have the same sign.
  case notBracketed(a: Double, fa: Double, b: Double, fb: Double)
  case notConverged(iterations: Int, residual: Double)
  case singularJacobian
  public var description: String {
    switch self {
    case .notBracketed(let a, let fa, let b, let fb):
      return "root not bracketed: f(\(a)) = \(fa), f(\(b)) = \(fb)"
    case .notConverged(let it, let r):
      return "root finder did not converge after \(it) iterations (|f| = \(r))"
    case .singularJacobian: return "Newton step failed: singular Jacobian"
    }
  }
}

/// A root of `f` in `[a, b]` by Brent's method (inverse quadratic interpolation with bisection safeguard).
/// - Requires: f(a) and f(b) of opposite sign (or one of them zero).
/// - Returns: x with |b − a| bracket below `tolerance` (absolute) or f(x) = 0.
public func brentRoot(
  in interval: ClosedRange<Double>, tolerance: Double = 1e-14, maxIterations: Int = 200,
  _ f: (Double) throws -> Double
) throws -> Double {
  var a = interval.lowerBound, b = interval.upperBound
  var fa = try f(a), fb = try f(b)
  if fa == 0 { return a }
  if fb == 0 { return b }
  guard (fa < 0) != (fb < 0) else { throw RootFindingError.notBracketed(a: a, fa: fa, b: b, fb: fb) }
  var c = a, fc = fa, d = b - a, e = d
  for _ in 0..<maxIterations {
    if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
    if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
    let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
    let m = 0.5 * (c - b)
    if abs(m) <= tol || fb == 0 { return b }
    if abs(e) >= tol && abs(fa) > abs(fb) {
      let s = fb / fa
      var p: Double, q: Double
      if a == c {
        p = 2 * m * s; q = 1 - s
      } else {
        let qq = fa / fc, r = fb / fc
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
        q = (qq - 1) * (r - 1) * (s - 1)
      }
      if p > 0 { q = -q } else { p = -p }
      if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) { e = d; d = p / q } else { d = m; e = m }
    } else {
      d = m; e = m
    }
    a = b; fa = fb
    b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
    fb = try f(b)
  }
  throw RootFindingError.notConverged(iterations: maxIterations, residual: abs(fb))
}

/// Solves `F(x) = 0` for `F: ℝ² → ℝ²` by Newton's method with a backtracking line search on ‖F‖².
///
/// The Jacobian is by central differences with per-component steps `scale[i] · 1e-6` unless `jacobian` is
/// given. Converges when ‖F‖∞ ≤ `tolerance` (in the units of F: scale F so that 1 is a meaningful size).
public func newton2D(
  start: SIMD2<Double>, scale: SIMD2<Double> = [1, 1], tolerance: Double = 1e-12, maxIterations: Int = 100,
  jacobian: ((SIMD2<Double>) throws -> (SIMD2<Double>, SIMD2<Double>))? = nil,
  _ f: (SIMD2<Double>) throws -> SIMD2<Double>
) throws -> SIMD2<Double> {
  var x = start
  var fx = try f(x)
  func norm(_ v: SIMD2<Double>) -> Double { max(abs(v.x), abs(v.y)) }
  for _ in 0..<maxIterations {
    if norm(fx) <= tolerance { return x }
    // Columns of J: ∂F/∂x₀, ∂F/∂x₁.
    let (c0, c1): (SIMD2<Double>, SIMD2<Double>)
    if let jacobian {
      (c0, c1) = try jacobian(x)
    } else {
      let h = scale * 1e-6
      c0 = (try f(x + [h.x, 0]) - (try f(x - [h.x, 0]))) / (2 * h.x)
      c1 = (try f(x + [0, h.y]) - (try f(x - [0, h.y]))) / (2 * h.y)
    }
    let det = c0.x * c1.y - c1.x * c0.y
    guard det != 0, det.isFinite else { throw RootFindingError.singularJacobian }
    let step = SIMD2(-(c1.y * fx.x - c1.x * fx.y) / det, -(-c0.y * fx.x + c0.x * fx.y) / det)
    var lambda = 1.0
    var accepted = false
    let f0 = (fx * fx).sum()
    while lambda > 1e-10 {
      let trial = x + lambda * step
      if let ft = try? f(trial), ft.x.isFinite, ft.y.isFinite, (ft * ft).sum() < (1 - 1e-4 * lambda) * f0 {
        x = trial
        fx = ft
        accepted = true
        break
      }
      lambda *= 0.5
    }
    if !accepted { break }
  }
  if norm(fx) <= tolerance { return x }
  throw RootFindingError.notConverged(iterations: maxIterations, residual: norm(fx))
}
