/// Solves `A x = b` for a general (non-Hermitian) operator by right-preconditioned BiCGSTAB
/// (van der Vorst 1992), for real or complex scalars.
///
/// Eight n-vectors are allocated once; an iteration allocates nothing. Less memory than GMRES(m) for m > 8,
/// which matters for the largest Lindblad problems.
///
/// - Parameters:
///   - preconditioner: an approximation of `A⁻¹` applied on the right, or nil.
///   - initialGuess: x₀ (zero by default).
///   - monitor: called after every iteration with (operator applications so far, ‖r‖).
/// - Returns: the iterate with its true residual; `converged` says whether the stopping rule was met, and
///   `iterations` counts operator applications (two per BiCGSTAB step).
/// - Throws: ``IterativeSolverError/breakdown(_:iterations:residualNorm:)`` when ⟨r̂, r⟩ or ⟨r̂, A M⁻¹p⟩
///   vanishes, or the stabilization step stalls (ω = 0), before convergence.
/// - Complexity: two operator and two preconditioner applications per iteration, O(n) memory.
public func bicgstab<Op: LinearOperator>(
  _ a: Op, _ b: [Op.Scalar], preconditioner: (any LinearOperator<Op.Scalar>)? = nil,
  initialGuess: [Op.Scalar]? = nil, options: IterativeSolverOptions = .init(),
  monitor: ((Int, Double) -> Void)? = nil
) throws -> IterativeSolution<Op.Scalar> {
  typealias S = Op.Scalar
  let n = a.dimension
  guard b.count == n else { throw IterativeSolverError.dimensionMismatch(expected: n, got: b.count) }
  if let g = initialGuess, g.count != n {
    throw IterativeSolverError.dimensionMismatch(expected: n, got: g.count)
  }
  var x = initialGuess ?? [S](repeating: .zero, count: n)
  if n == 0 { return IterativeSolution(x: x, converged: true, iterations: 0, residualNorm: 0) }
  let threshold = options.threshold(bNorm: b.withUnsafeBufferPointer { $0.norm() })
  // Work vectors: r, r̂, p, v, s, t, p̂ (= M⁻¹p), ŝ (= M⁻¹s).
  var work = [S](repeating: .zero, count: 8 * n)
  var applications = 0
  var rNorm = 0.0
  try b.withUnsafeBufferPointer { b in
    try x.withUnsafeMutableBufferPointer { x in
      try work.withUnsafeMutableBufferPointer { work in
        func vec(_ k: Int) -> UnsafeMutableBufferPointer<S> {
          UnsafeMutableBufferPointer(rebasing: work[(k * n)..<((k + 1) * n)])
        }
        let r = vec(0), rHat = vec(1), p = vec(2), v = vec(3), s = vec(4), t = vec(5), pHat = vec(6)
        let sHat = vec(7)
        residual(a, x.immutable, b, into: r)
        rNorm = r.norm()
        if rNorm <= threshold { return }
        rHat.copy(from: r.immutable)
        var rho = S.one, alpha = S.one, omega = S.one
        while applications < options.maxIterations {
          let rhoNew = rHat.immutable.dot(r.immutable)
          guard rhoNew != .zero else {
            throw IterativeSolverError.breakdown(
              "⟨r̂, r⟩ = 0 in BiCGSTAB", iterations: applications, residualNorm: rNorm)
          }
          let beta = (rhoNew / rho) * (alpha / omega)
          rho = rhoNew
          for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
          applyPreconditioner(preconditioner, p.immutable, into: pHat)
          a.apply(pHat.immutable, into: v)
          applications += 1
          let denom = rHat.immutable.dot(v.immutable)
          guard denom != .zero else {
            throw IterativeSolverError.breakdown(
              "⟨r̂, A M⁻¹p⟩ = 0 in BiCGSTAB", iterations: applications, residualNorm: rNorm)
          }
          alpha = rho / denom
          s.copy(from: r.immutable)
          s.axpy(-alpha, v.immutable)
          if s.norm() <= threshold {
            x.axpy(alpha, pHat.immutable)
            break
          }
          applyPreconditioner(preconditioner, s.immutable, into: sHat)
          a.apply(sHat.immutable, into: t)
          applications += 1
          let tt = t.immutable.dot(t.immutable)
          guard tt != .zero else {
            throw IterativeSolverError.breakdown(
              "A M⁻¹s = 0 in BiCGSTAB", iterations: applications, residualNorm: rNorm)
          }
          omega = t.immutable.dot(s.immutable) / tt
          x.axpy(alpha, pHat.immutable)
          x.axpy(omega, sHat.immutable)
          r.copy(from: s.immutable)
          r.axpy(-omega, t.immutable)
          rNorm = r.norm()
          monitor?(applications, rNorm)
          if rNorm <= threshold { break }
          guard omega != .zero else {
            throw IterativeSolverError.breakdown(
              "ω = 0 in BiCGSTAB (stagnation)", iterations: applications, residualNorm: rNorm)
          }
        }
        residual(a, x.immutable, b, into: r)
        rNorm = r.norm()
      }
    }
  }
  return IterativeSolution(x: x, converged: rNorm <= threshold, iterations: applications, residualNorm: rNorm)
}
