/// Solves `A x = b` by restarted GMRES(m) with right preconditioning (Saad & Schultz 1986), for real or
/// complex scalars: modified Gram–Schmidt Arnoldi, complex Givens rotations for the least-squares problem.
///
/// All work memory (the n×(m+1) Krylov basis and three n-vectors) is allocated once; an iteration allocates
/// nothing. With a right preconditioner M the minimised residual is the true one, ‖b − A x‖.
///
/// - Parameters:
///   - restart: the Krylov subspace size m before a restart.
///   - monitor: called after every inner iteration with (iterations so far, residual estimate).
/// - Returns: the iterate with its true residual; `iterations` counts inner iterations (operator
///   applications) over all cycles. Not converging within `maxIterations` is reported by `converged ==
///   false` (``IterativeSolution/checked()`` throws it).
/// - Throws: ``IterativeSolverError/breakdown(_:iterations:residualNorm:)`` when the Hessenberg matrix
///   becomes singular before convergence (the preconditioned operator is singular on the Krylov space).
/// - Complexity: one operator and one preconditioner application per iteration plus O(n·k) for the k-th
///   orthogonalization; O(n·m) memory.
public func gmres<Op: LinearOperator>(
  _ a: Op, _ b: [Op.Scalar], preconditioner: (any LinearOperator<Op.Scalar>)? = nil,
  initialGuess: [Op.Scalar]? = nil, restart: Int = 50, options: IterativeSolverOptions = .init(),
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
  let m = max(1, min(restart, n))
  var basis = [S](repeating: .zero, count: n * (m + 1))
  var z = [S](repeating: .zero, count: n)
  var r = [S](repeating: .zero, count: n)
  var h = [S](repeating: .zero, count: (m + 1) * m)  // h[i + j*(m+1)]
  var cs = [Double](repeating: 0, count: m)
  var sn = [S](repeating: .zero, count: m)
  var g = [S](repeating: .zero, count: m + 1)
  var y = [S](repeating: .zero, count: m)
  let threshold = options.threshold(bNorm: b.withUnsafeBufferPointer { $0.norm() })
  var iterations = 0
  var beta = 0.0

  try b.withUnsafeBufferPointer { b in
    try x.withUnsafeMutableBufferPointer { x in
      try basis.withUnsafeMutableBufferPointer { basis in
        try z.withUnsafeMutableBufferPointer { z in
          try r.withUnsafeMutableBufferPointer { r in
            func column(_ k: Int) -> UnsafeMutableBufferPointer<S> {
              UnsafeMutableBufferPointer(rebasing: basis[(k * n)..<((k + 1) * n)])
            }
            residual(a, x.immutable, b, into: r)
            beta = r.norm()
            while beta > threshold && iterations < options.maxIterations {
              let v0 = column(0)
              v0.copy(from: r.immutable)
              v0.scale(1 / beta)
              for i in 0...m { g[i] = .zero }
              g[0] = S(real: beta)
              var k = 0
              var estimate = beta
              while k < m && iterations < options.maxIterations {
                iterations += 1
                let w = column(k + 1)
                applyPreconditioner(preconditioner, column(k).immutable, into: z)
                a.apply(z.immutable, into: w)
                for i in 0...k {  // modified Gram–Schmidt
                  let vi = column(i).immutable
                  let hik = vi.dot(w.immutable)
                  h[i + k * (m + 1)] = hik
                  w.axpy(-hik, vi)
                }
                let hNext = w.norm()
                h[k + 1 + k * (m + 1)] = S(real: hNext)
                for i in 0..<k {  // previous rotations on the new column
                  let hi = h[i + k * (m + 1)], hi1 = h[i + 1 + k * (m + 1)]
                  h[i + k * (m + 1)] = S(real: cs[i]) * hi + sn[i] * hi1
                  h[i + 1 + k * (m + 1)] = -(sn[i].conjugate * hi) + S(real: cs[i]) * hi1
                }
                let (c, s, rr) = givens(h[k + k * (m + 1)], h[k + 1 + k * (m + 1)])
                cs[k] = c
                sn[k] = s
                h[k + k * (m + 1)] = rr
                h[k + 1 + k * (m + 1)] = .zero
                g[k + 1] = -(s.conjugate * g[k])
                g[k] = S(real: c) * g[k]
                if hNext > 0 { w.scale(1 / hNext) }
                k += 1
                estimate = g[k].magnitude
                monitor?(iterations, estimate)
                if estimate <= threshold || hNext == 0 { break }
              }
              // Back-substitute the k×k triangle H y = g, then x += M⁻¹ V y.
              for i in stride(from: k - 1, through: 0, by: -1) {
                var s = g[i]
                for j in (i + 1)..<k { s = s - h[i + j * (m + 1)] * y[j] }
                let d = h[i + i * (m + 1)]
                guard d != .zero else {
                  throw IterativeSolverError.breakdown(
                    "singular Hessenberg matrix in GMRES", iterations: iterations, residualNorm: estimate)
                }
                y[i] = s / d
              }
              r.fill(.zero)
              for j in 0..<k { r.axpy(y[j], column(j).immutable) }
              applyPreconditioner(preconditioner, r.immutable, into: z)
              x.axpy(.one, z.immutable)
              residual(a, x.immutable, b, into: r)
              beta = r.norm()
            }
          }
        }
      }
    }
  }
  return IterativeSolution(x: x, converged: beta <= threshold, iterations: iterations, residualNorm: beta)
}

/// The rotation `[c s; −s̄ c]` (c real) that maps (a, b) to (r, 0).
@inlinable func givens<S: KrylovScalar>(_ a: S, _ b: S) -> (c: Double, s: S, r: S) {
  let aa = a.magnitude, bb = b.magnitude
  if bb == 0 { return (1, .zero, a) }
  if aa == 0 { return (0, .one, b) }
  let rho = (aa * aa + bb * bb).squareRoot()
  let phase = a / S(real: aa)
  return (aa / rho, phase * b.conjugate / S(real: rho), phase * S(real: rho))
}
