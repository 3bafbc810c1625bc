import DNPNumerics
import Foundation
import Testing

@Test func gaussKronrodIntegratesANarrowLorentzianWithBreakpoints() throws {
  // ∫_{-1}^{1} γ/(x² + γ²) dx = 2 atan(1/γ), with γ = 1e-4 resolved by breakpoints at 0, ±γ·4^k.
  let gamma = 1e-4
  var breakpoints: [Double] = [-1, 0, 1]
  for k in 0..<7 { let w = gamma * pow(4, Double(k)); breakpoints += [-w, w] }
  let value = try adaptiveGaussKronrod(breakpoints: breakpoints) { x in gamma / (x * x + gamma * gamma) }
  #expect(abs(value - 2 * atan(1 / gamma)) < 1e-12 * value)
  // A vector integrand: (1, x², eˣ) on [0, 2].
  let v: SIMD4<Double> = try adaptiveGaussKronrod(breakpoints: [0, 2]) { x in SIMD4(1, x * x, exp(x), 0) }
  #expect(abs(v[0] - 2) < 1e-14 && abs(v[1] - 8.0 / 3) < 1e-14 && abs(v[2] - (exp(2) - 1)) < 1e-13)
}

@Test func gaussKronrodReportsNonConvergence() {
  // 1/√x has an integrable singularity that 3 panels cannot resolve to 1e-13.
  #expect(throws: QuadratureError.self) {
    _ = try adaptiveGaussKronrod(breakpoints: [0, 1], maxPanels: 3) { x in 1 / x.squareRoot() }
  }
}

@Test func newtonReportsARootlessSystem() throws {
  // x² + 1 = 0 has no real root: the iteration stalls and says so.
  let outcome = try dampedNewton2D(start: [0.5, 1], tolerance: 1e-12, acceptable: 1e-9) { v in SIMD2(v.x * v.x + 1, v.y) }
  #expect(!outcome.converged)
  #expect(outcome.residual >= 1)
  #expect(throws: RootFindingError.self) { try outcome.checked() }
  // With an analytic Jacobian the same solver converges quadratically on a solvable system.
  let solved = try dampedNewton2D(start: [1, 1], tolerance: 1e-14, acceptable: 1e-12, { v in SIMD2(v.x * v.x - 2, v.y - v.x) },
    jacobian: { v in (SIMD2(2 * v.x, -1), SIMD2(0, 1)) })
  #expect(solved.converged && abs(solved.point.x - 2.0.squareRoot()) < 1e-15 && solved.iterations < 10)
}

/// A local minimum of ‖F‖ that is no root: damped Newton stops there unconverged, long before its iteration
/// cap, and `checked()` throws.
@Test func dampedNewtonReportsAMinimumThatIsNoRoot() throws {
  // F = (x² + 1, y): ‖F‖∞ ≥ 1 everywhere, least at x = 0.
  let outcome = try dampedNewton2D(
    start: [1.5, 0.3], tolerance: 1e-14, acceptable: 1e-10, maxIterations: 200
  ) { v in SIMD2(v.x * v.x + 1, v.y) }
  #expect(!outcome.converged)
  #expect(outcome.residual >= 1)
  #expect(outcome.iterations <= 30, "iterations \(outcome.iterations)")
  #expect(throws: RootFindingError.self) { try outcome.checked() }
}
