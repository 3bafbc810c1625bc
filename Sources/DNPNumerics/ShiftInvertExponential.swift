import ComplexModule
import RealModule

/// `exp(tA) v` for several times by shift-and-invert (rational) Krylov projection (Moret & Novati 2004;
/// van den Eshof & Hochbruck 2006): with the Arnoldi decomposition `(1 − γA)⁻¹ V_m = V_m H_m + …`,
/// `exp(tA) v ≈ ‖v‖ V_m exp(t(1 − H_m⁻¹)/γ) e₁`.
///
/// The rational space captures the slow modes of a stiff generator whatever its largest frequencies, so one
/// space of a few tens of vectors serves times around γ (about a decade either side): this is what reaches
/// seconds in a system oscillating at 10⁹ rad/s, where a polynomial Krylov method needs ~‖A‖t steps.
///
/// The dimension grows until the approximations of dimensions m − 2, m − 1 and m agree to `tolerance / 4`
/// at every time (`tolerance` is absolute, in the norm of v; the successive-difference estimate was seen to be
/// optimistic, hence the factor and the two steps).
/// - Parameters:
///   - dissipative: A generates a contraction semigroup (a GKSL generator): every eigenvalue has Re μ ≤ 0, so a
///     Ritz value with Re μ > 0 is either an unresolved fast mode (|θ| < 10⁻⁶, dropped rather than allowed to
///     overflow) or rounding on a stationary mode (its real part is set to zero).
///   - solve: `x = (1 − γA)⁻¹ b` for the caller's γ (typically preconditioned GMRES; it must throw when it
///     does not converge).
/// - Throws: ``KrylovExponentialError`` when `maxDimension` vectors do not reach the tolerance.
/// - Complexity: m solves and O(n·m²) orthogonalization; memory (m + 1)·n.
public func shiftInvertExponentialAction(
  dimension n: Int, _ v: [Double], times: [Double], gamma: Double, tolerance: Double = 1e-10,
  maxDimension: Int = 60, dissipative: Bool = true,
  solve: (_ b: UnsafeBufferPointer<Double>, _ x: UnsafeMutableBufferPointer<Double>) throws -> Void
) throws -> [[Double]] {
  guard v.count == n else {
    throw KrylovExponentialError(message: "vector length \(v.count) does not match dimension \(n)")
  }
  guard gamma > 0, gamma.isFinite, times.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
    throw KrylovExponentialError(message: "shift-and-invert needs γ > 0 and finite non-negative times")
  }
  let beta = v.withUnsafeBufferPointer { $0.norm() }
  if beta == 0 || times.isEmpty { return times.map { _ in v } }
  let mMax = max(2, min(maxDimension, n))
  var basis = [Double](repeating: 0, count: n * (mMax + 1))
  var h = RealMatrix(rows: mMax + 1, columns: mMax)
  var w = [Double](repeating: 0, count: n)
  var previous: [[Double]]? = nil
  var settled = false
  var lastChange = Double.infinity
  var coefficients: [[Double]] = []
  var m = 0
  try basis.withUnsafeMutableBufferPointer { vb in
    try w.withUnsafeMutableBufferPointer { wb in
      func column(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(rebasing: vb[(k * n)..<((k + 1) * n)])
      }
      v.withUnsafeBufferPointer { column(0).copy(from: $0) }
      column(0).scale(1 / beta)
      while m < mMax {
        try solve(column(m).immutable, wb)
        let solvedNorm = wb.norm()
        guard solvedNorm.isFinite else {
          throw KrylovExponentialError(message: "shift-and-invert Krylov: the solve returned a non-finite vector")
        }
        for i in 0...m {
          let hij = column(i).immutable.dot(wb.immutable)
          h[i, m] = hij
          wb.axpy(-hij, column(i).immutable)
        }
        let s = wb.norm()
        h[m + 1, m] = s
        m += 1
        // Invariant subspace: nothing new beyond rounding (the solve's output lies in the span).
        let invariant = s <= 1e-12 * solvedNorm
        if !invariant {
          column(m).copy(from: wb.immutable)
          column(m).scale(1 / s)
        }
        // Small problem: exp(t(1 − H_m⁻¹)/γ) e₁ for every time, through the eigenvalues θ of H_m
        // (μ = (1 − 1/θ)/γ approximates the eigenvalues of A).
        let current: [[Double]]
        do {
          current = try smallExponentials(h, m: m, times: times, gamma: gamma, dissipative: dissipative)
        } catch {
          if invariant { throw error }
          continue  // H_m singular or defective at this size: extend the space
        }
        coefficients = current
        if invariant { return }
        if let previous, m >= 3 {
          var change = 0.0
          for (a, b) in zip(current, previous) {
            var d2 = a[m - 1] * a[m - 1]
            for i in 0..<(m - 1) { d2 += (a[i] - b[i]) * (a[i] - b[i]) }
            change = max(change, d2.squareRoot())
          }
          // Two agreeing steps in a row: a single small change can be a pause in a non-monotone convergence.
          lastChange = change
          if change <= 0.25 * tolerance {
            if settled { return }
            settled = true
          } else {
            settled = false
          }
        }
        previous = current
      }
      throw KrylovExponentialError(
        message: "shift-and-invert Krylov: \(mMax) vectors did not reach tolerance \(tolerance) (γ = \(gamma); last change \(lastChange))")
    }
  }
  return coefficients.map { y in
    var out = [Double](repeating: 0, count: n)
    basis.withUnsafeBufferPointer { vb in
      out.withUnsafeMutableBufferPointer { ob in
        for j in 0..<y.count { ob.axpy(beta * y[j], UnsafeBufferPointer(rebasing: vb[(j * n)..<((j + 1) * n)])) }
      }
    }
    return out
  }
}

/// `exp(t(1 − H⁻¹)/γ) e₁` for each t through H = W diag(θ) W⁻¹ (zgeev on the small m×m matrix), with the
/// growing modes treated as described at `dissipative`. (A Padé exponential of the small matrix would let a
/// rounding-level growth rate of ~10⁵ s⁻¹ on a stationary mode act for the whole step.)
private func smallExponentials(_ h: RealMatrix, m: Int, times: [Double], gamma: Double, dissipative: Bool) throws
  -> [[Double]]
{
  let hm = ComplexMatrix(rows: m, columns: m) { i, j in Complex(h[i, j], 0) }
  let eig = try hm.generalEigen()
  let mu = eig.values.map { theta -> Complex<Double>? in
    guard theta.length > 0 else { return nil }
    let value = (Complex(1, 0) - Complex(1, 0) / theta) * Complex(1 / gamma, 0)
    guard dissipative, value.real > 0 else { return value }
    // A growing mode of a dissipative generator: unresolved (θ ≈ 0, |γμ| ≫ 1) is dropped; a rounding-level
    // positive real part (θ ≈ 1 for the steady state) is set to zero.
    return theta.length < 1e-6 ? nil : Complex(0, value.imaginary)
  }
  var e1 = [Complex<Double>](repeating: .zero, count: m)
  e1[0] = .one
  let c = try eig.vectors.solve(e1)  // W⁻¹ e₁
  return try times.map { t in
    let scaled = (0..<m).map { j -> Complex<Double> in
      guard let mj = mu[j] else { return .zero }
      return c[j] * Complex.exp(mj * Complex(t, 0))
    }
    let y = eig.vectors.times(scaled)
    guard y.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else {
      throw KrylovExponentialError(message: "shift-and-invert Krylov: non-finite small exponential")
    }
    return y.map(\.real)
  }
}
