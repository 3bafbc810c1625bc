/// Solves `A x = b` by restarted GMRES(m) with right preconditioning (Saad & Schultz 1986), using modified
/// Gram–Schmidt and Givens rotations for the least-squares problem.
///
/// - Parameters:
///   - restart: the Krylov subspace size m before a restart.
/// - Returns: the iterate with its true residual; `iterations` counts inner iterations over all cycles.
/// - Complexity: one operator and preconditioner application per iteration, O(n·m) memory.
public func gmres(
  _ a: some LinearOperator, _ b: [Double], preconditioner: (any LinearOperator)? = nil,
  initialGuess: [Double]? = nil, restart: Int = 50, options: IterativeSolverOptions = .init()
) -> IterativeSolution {
  let n = a.dimension
  precondition(b.count == n, "right-hand side length \(b.count) does not match operator dimension \(n)")
  let m = max(1, min(restart, n))
  var x = initialGuess ?? [Double](repeating: 0, count: n)
  let threshold = options.threshold(bNorm: norm2(b))
  var iterations = 0
  var r = residual(a, x, b)
  var beta = norm2(r)
  while beta > threshold && iterations < options.maxIterations {
    var basis: [[Double]] = [r.map { $0 / beta }]
    var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m + 1)  // h[row][col]
    var cs = [Double](repeating: 0, count: m), sn = [Double](repeating: 0, count: m)
    var g = [Double](repeating: 0, count: m + 1)
    g[0] = beta
    var k = 0
    while k < m && iterations < options.maxIterations {
      iterations += 1
      var w = a.apply(precondition(preconditioner, basis[k]))
      for i in 0...k {
        h[i][k] = dot(w, basis[i])
        for l in 0..<n { w[l] -= h[i][k] * basis[i][l] }
      }
      h[k + 1][k] = norm2(w)
      for i in 0..<k {  // apply previous rotations to the new column
        let t = cs[i] * h[i][k] + sn[i] * h[i + 1][k]
        h[i + 1][k] = -sn[i] * h[i][k] + cs[i] * h[i + 1][k]
        h[i][k] = t
      }
      let rr = (h[k][k] * h[k][k] + h[k + 1][k] * h[k + 1][k]).squareRoot()
      cs[k] = rr == 0 ? 1 : h[k][k] / rr
      sn[k] = rr == 0 ? 0 : h[k + 1][k] / rr
      let hk1 = h[k + 1][k]
      h[k][k] = rr
      h[k + 1][k] = 0
      g[k + 1] = -sn[k] * g[k]
      g[k] = cs[k] * g[k]
      let lucky = hk1 == 0
      if !lucky { basis.append(w.map { $0 / hk1 }) }
      k += 1
      if abs(g[k]) <= threshold || lucky { break }
    }
    // Back-substitute H y = g on the k×k triangle, then x += M⁻¹ V y.
    var y = [Double](repeating: 0, count: k)
    for i in stride(from: k - 1, through: 0, by: -1) {
      var s = g[i]
      for j in (i + 1)..<k { s -= h[i][j] * y[j] }
      y[i] = h[i][i] == 0 ? 0 : s / h[i][i]
    }
    var update = [Double](repeating: 0, count: n)
    for j in 0..<k { for l in 0..<n { update[l] += y[j] * basis[j][l] } }
    let correction = precondition(preconditioner, update)
    for l in 0..<n { x[l] += correction[l] }
    r = residual(a, x, b)
    beta = norm2(r)
  }
  return IterativeSolution(x: x, converged: beta <= threshold, iterations: iterations, residualNorm: beta)
}
