import ComplexModule
import DNPNumerics

extension ToyModel {
  /// The exact stationary state in the paper's analytic case (V real, γ_1 = γ_2 = γ, n̄_α = 0), eqs. S95–S100.
  ///
  /// Eqs. S97–S99 give the coherences in terms of the populations (eq. S100, with D, s = 1 − 2ρ_11 − ρ_22 and
  /// d = ρ_11 − ρ_22):
  ///
  ///     ρ_01 D = −J²V d + [−V³ + 2V(Δ + iγ)(Δω + Δ + iγ)] s
  ///     ρ_02 D = −JV(Δ − Δω − iγ) d − 2JV(Δ + iγ) s
  ///     ρ_12 D = [J(Δω + Δ + iγ)(Δω − Δ + iγ) − J³] d − JV² s
  ///     D = 2J²(Δ + iγ) + V²(Δω − Δ + iγ) − 2(Δ + iγ)(Δω + Δ + iγ)(Δω − Δ + iγ).
  ///
  /// **Misprint in S100.** The paper prints `+V³` in the numerator of ρ_01. Solving S97–S99 symbolically gives
  /// `−V³` (ρ_02, ρ_12 and D are as printed); the GKSL steady state agrees with `−V³` to 1e-10 and not with `+V³`
  /// (tests `toyModelAnalyticMatchesEngine`, `printedS100HasTheWrongSignOfV3`). The term is O(V³), so the
  /// linear-response result S101 is unaffected.
  ///
  /// Eqs. S95 + S96 then give `V Im ρ_01 = γ(ρ_11 + ρ_22)` and S96 `J Im ρ_12 = γ ρ_22`: with the coherences
  /// above, two real linear equations for (ρ_11, ρ_22), solved here by Cramer's rule. The result is exact to all
  /// orders in V (no linear-response approximation).
  ///
  /// - Throws: ``ToyModelError`` outside the analytic case, for γ ≤ 0, or when D or the 2 × 2 determinant
  ///   vanishes.
  /// - Complexity: O(1).
  public func analyticStationaryState() throws -> ToyModelState {
    let p = parameters
    guard p.gamma1 == p.gamma2, p.occupation1 == 0, p.occupation2 == 0 else {
      throw ToyModelError(
        "the analytic solution (eqs. S95–S100) assumes γ_1 = γ_2 and zero temperature (n̄_α = 0)")
    }
    guard p.gamma1 > 0 else { throw ToyModelError("the analytic solution needs γ > 0 (got \(p.gamma1))") }
    let v = p.drive, j = p.exchange, delta = p.offset, dw = p.detuning, gamma = p.gamma1
    let c = coherenceCoefficients(v: v, j: j, delta: delta, dw: dw, gamma: gamma, printedSignOfV3: false)
    guard c.denominator.length > 0 else { throw ToyModelError("D of eq. S100 vanishes") }
    // Im ρ = a·d + b·s = (a − 2b) ρ11 − (a + b) ρ22 + b, with (a, b) = Im of the d and s coefficients over D.
    func imaginaryParts(_ dCoefficient: Complex<Double>, _ sCoefficient: Complex<Double>) -> (
      Double, Double, Double
    ) {
      let a = (dCoefficient / c.denominator).imaginary, b = (sCoefficient / c.denominator).imaginary
      return (a - 2 * b, -(a + b), b)
    }
    let i01 = imaginaryParts(c.rho01.d, c.rho01.s), i12 = imaginaryParts(c.rho12.d, c.rho12.s)
    // S95 + S96: V Im ρ01 − γ(ρ11 + ρ22) = 0;  S96: J Im ρ12 − γ ρ22 = 0.
    let m11 = v * i01.0 - gamma, m12 = v * i01.1 - gamma, r1 = -v * i01.2
    let m21 = j * i12.0, m22 = j * i12.1 - gamma, r2 = -j * i12.2
    let det = m11 * m22 - m12 * m21
    guard det != 0 else { throw ToyModelError("the population equations S95–S96 are singular") }
    let rho11 = (r1 * m22 - m12 * r2) / det
    let rho22 = (m11 * r2 - m21 * r1) / det
    let rho = c.density(rho11: rho11, rho22: rho22)
    return ToyModelState(rho: rho, leakage: 0, relativeResidual: 0)
  }

  /// The coherences ρ_01, ρ_02, ρ_12 of eq. S100 for given populations, with the paper's printed `+V³` in ρ_01
  /// when `printedSignOfV3` (kept to document the misprint; see ``analyticStationaryState()``).
  /// Requires the analytic case (V real, γ_1 = γ_2 = γ, n̄ = 0); the 3×3 matrix is returned with ρ_00 = 1 − ρ_11 − ρ_22.
  public func eqS100Coherences(rho11: Double, rho22: Double, printedSignOfV3: Bool = false) -> ComplexMatrix {
    let p = parameters
    return coherenceCoefficients(
      v: p.drive, j: p.exchange, delta: p.offset, dw: p.detuning, gamma: p.gamma1,
      printedSignOfV3: printedSignOfV3
    ).density(rho11: rho11, rho22: rho22)
  }

  /// The linear-response populations of eq. S101 (ρ_01, ρ_02 = O(V), the rest O(V²), V² dropped from D):
  ///
  ///     ρ_11 = V²[(Δω + Δ)² + γ²] / N,   ρ_22 = V²J² / N,   N = (Δω² − Δ² − J² − γ²)² + 4γ²Δω².
  ///
  /// Checked by hand against S95–S99 at O(V²) (no misprint); its error is O(V⁴) (test
  /// `eqS101IsTheLeadingOrderInV`). Uses γ = γ_1 and ignores n̄ (the paper's case).
  public func linearResponsePopulations() -> (rho11: Double, rho22: Double) {
    let p = parameters
    let v2 = p.drive * p.drive, j2 = p.exchange * p.exchange, g2 = p.gamma1 * p.gamma1
    let dw = p.detuning, delta = p.offset
    let a = dw * dw - delta * delta - j2 - g2
    let n = a * a + 4 * g2 * dw * dw
    return (v2 * ((dw + delta) * (dw + delta) + g2) / n, v2 * j2 / n)
  }
}

/// The numerators of eq. S100 as coefficients of d = ρ11 − ρ22 and s = 1 − 2ρ11 − ρ22, and D.
private struct S100Coefficients {
  var rho01: (d: Complex<Double>, s: Complex<Double>)
  var rho02: (d: Complex<Double>, s: Complex<Double>)
  var rho12: (d: Complex<Double>, s: Complex<Double>)
  var denominator: Complex<Double>

  func density(rho11: Double, rho22: Double) -> ComplexMatrix {
    let d = Complex(rho11 - rho22, 0), s = Complex(1 - 2 * rho11 - rho22, 0)
    let r01 = (rho01.d * d + rho01.s * s) / denominator
    let r02 = (rho02.d * d + rho02.s * s) / denominator
    let r12 = (rho12.d * d + rho12.s * s) / denominator
    var rho = ComplexMatrix(rows: 3, columns: 3)
    rho[0, 0] = Complex(1 - rho11 - rho22, 0)
    rho[1, 1] = Complex(rho11, 0)
    rho[2, 2] = Complex(rho22, 0)
    rho[0, 1] = r01
    rho[1, 0] = r01.conjugate
    rho[0, 2] = r02
    rho[2, 0] = r02.conjugate
    rho[1, 2] = r12
    rho[2, 1] = r12.conjugate
    return rho
  }
}

private func coherenceCoefficients(
  v: Double, j: Double, delta: Double, dw: Double, gamma: Double, printedSignOfV3: Bool
) -> S100Coefficients {
  let dg = Complex(delta, gamma)  // Δ + iγ
  let plus = Complex(dw + delta, gamma)  // Δω + Δ + iγ
  let minus = Complex(dw - delta, gamma)  // Δω − Δ + iγ
  let cv = Complex(v, 0), cj = Complex(j, 0)
  let v3 = Complex(printedSignOfV3 ? v * v * v : -v * v * v, 0)
  return S100Coefficients(
    rho01: (d: Complex(-j * j * v, 0), s: v3 + 2 * cv * dg * plus),
    rho02: (d: -cj * cv * Complex(delta - dw, -gamma), s: -2 * cj * cv * dg),
    rho12: (d: cj * plus * minus - Complex(j * j * j, 0), s: Complex(-j * v * v, 0)),
    denominator: 2 * Complex(j * j, 0) * dg + Complex(v * v, 0) * minus - 2 * dg * plus * minus)
}
