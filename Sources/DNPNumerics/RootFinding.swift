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

/// What a damped 2-D Newton iteration reached: the last point, its residual ‖F‖∞ and whether that is
/// acceptable. Never a silent number: ``checked()`` throws when it is not.
public struct Newton2DOutcome: Sendable {
  public var point: SIMD2<Double>
  public var residual: Double
  public var iterations: Int
  public var converged: Bool
  /// The point when converged, otherwise ``RootFindingError/notConverged(iterations:residual:)``.
  public func checked() throws -> SIMD2<Double> {
    guard converged else { throw RootFindingError.notConverged(iterations: iterations, residual: residual) }
    return point
  }
}

/// Newton's method for `F: ℝ² → ℝ²` with a backtracking (Armijo) line search on ‖F‖² — the one 2-D Newton
/// of the package.
///
/// It iterates until ‖F‖∞ ≤ `tolerance`, the Newton step is below `stepTolerance` relative to x
/// (componentwise, with `scale` as the floor of |x|), or rounding noise stops the line search; the last point
/// is then accepted if ‖F‖∞ ≤ `acceptable`. This reaches full precision also where F is tiny but accurately
/// computed (flat, saturated regions). Once ‖F‖∞ ≤ `noiseFloor`, a full step that does not reduce ‖F‖ ends
/// the iteration without backtracking (F is then at its rounding or quadrature noise).
///
/// It also stops, unconverged, when ‖F‖∞ has not halved over `stagnationWindow` iterations: the damped
/// steps are then creeping along a local minimum of ‖F‖ that is not a root (measured: 200 iterations of
/// 17 line-search points each at a residual stuck at 3·10⁻⁴, where a converging Newton takes 3–15).
///
/// The Jacobian is analytic when given, else by central differences with steps `max(|x_i|, scale_i)·1e-6`.
/// Scale F so that 1 is a meaningful size.
public func dampedNewton2D(
  start: SIMD2<Double>, scale: SIMD2<Double> = [1e-12, 1e-12], tolerance: Double, stepTolerance: Double = 1e-14,
  acceptable: Double, noiseFloor: Double = 1e-13, maxIterations: Int = 200, stagnationWindow: Int = 10,
  _ f: (SIMD2<Double>) throws -> SIMD2<Double>,
  jacobian: ((SIMD2<Double>) throws -> (SIMD2<Double>, SIMD2<Double>))? = nil
) throws -> Newton2DOutcome {
  func norm(_ v: SIMD2<Double>) -> Double { max(abs(v.x), abs(v.y)) }
  var x = start
  var fx = try f(x)
  guard fx.x.isFinite, fx.y.isFinite else {
    return Newton2DOutcome(point: x, residual: .nan, iterations: 0, converged: false)
  }
  var iterations = 0
  var history = [norm(fx)]  // ‖F‖∞ after each iteration, for the stagnation test
  history.reserveCapacity(maxIterations + 1)
  for _ in 0..<maxIterations {
    if norm(fx) <= tolerance { break }
    if history.count > stagnationWindow, norm(fx) > 0.5 * history[history.count - 1 - stagnationWindow],
      norm(fx) > acceptable
    {
      break
    }
    iterations += 1
    let (c0, c1): (SIMD2<Double>, SIMD2<Double>)
    if let jacobian {
      (c0, c1) = try jacobian(x)
    } else {
      let h = SIMD2(max(abs(x.x), scale.x), max(abs(x.y), scale.y)) * 1e-6
      c0 = (try f(x + [h.x, 0]) - (try f(x - [h.x, 0]))) / (2 * h.x)
      c1 = (try f(x + [0, h.y]) - (try f(x - [0, h.y]))) / (2 * h.y)
    }
    let det = c0.x * c1.y - c1.x * c0.y
    guard det != 0, det.isFinite else { break }
    let step = SIMD2(-(c1.y * fx.x - c1.x * fx.y) / det, -(-c0.y * fx.x + c0.x * fx.y) / det)
    let f0 = (fx * fx).sum()
    let relative = max(abs(step.x) / max(abs(x.x), scale.x), abs(step.y) / max(abs(x.y), scale.y))
    if relative <= stepTolerance {
      let ft = try f(x + step)
      if ft.x.isFinite, ft.y.isFinite, (ft * ft).sum() <= f0 {
        x += step
        fx = ft
      }
      break
    }
    var lambda = 1.0
    var moved = false
    while lambda > 1e-10 {
      let trial = x + lambda * step
      // A trial point where F cannot be evaluated (e.g. a quadrature fails far out) is a rejected step.
      if let ft = try? f(trial), ft.x.isFinite, ft.y.isFinite, (ft * ft).sum() < (1 - 1e-4 * lambda) * f0 {
        x = trial
        fx = ft
        moved = true
        break
      }
      if norm(fx) <= noiseFloor { break }
      lambda *= 0.5
    }
    if !moved { break }
    history.append(norm(fx))
  }
  let r = norm(fx)
  return Newton2DOutcome(point: x, residual: r, iterations: iterations, converged: r <= acceptable)
}

/// Solves `F(x) = 0` to ‖F‖∞ ≤ `tolerance` by ``dampedNewton2D(start:scale:tolerance:stepTolerance:acceptable:noiseFloor:maxIterations:_:jacobian:)``.
/// - Throws: ``RootFindingError/notConverged(iterations:residual:)`` otherwise.
public func newton2D(
  start: SIMD2<Double>, scale: SIMD2<Double> = [1, 1], tolerance: Double = 1e-12, maxIterations: Int = 100,
  jacobian: ((SIMD2<Double>) throws -> (SIMD2<Double>, SIMD2<Double>))? = nil,
  _ f: (SIMD2<Double>) throws -> SIMD2<Double>
) throws -> SIMD2<Double> {
  try dampedNewton2D(
    start: start, scale: scale, tolerance: tolerance, acceptable: tolerance, maxIterations: maxIterations, f,
    jacobian: jacobian
  ).checked()
}
