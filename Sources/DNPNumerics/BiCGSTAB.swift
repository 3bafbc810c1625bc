/// Solves `A x = b` for a general (non-symmetric) operator by right-preconditioned BiCGSTAB
/// (van der Vorst 1992).
///
/// - Parameters:
///   - preconditioner: an approximation of `A⁻¹` applied on the right, or nil.
///   - initialGuess: x₀ (zero by default).
/// - Returns: the iterate with its true residual; `converged` says whether the stopping rule was met.
/// - Complexity: two operator and two preconditioner applications per iteration, O(n) memory.
public func bicgstab(
  _ a: some LinearOperator, _ b: [Double], preconditioner: (any LinearOperator)? = nil,
  initialGuess: [Double]? = nil, options: IterativeSolverOptions = .init()
) -> IterativeSolution {
  let n = a.dimension
  precondition(b.count == n, "right-hand side length \(b.count) does not match operator dimension \(n)")
  var x = initialGuess ?? [Double](repeating: 0, count: n)
  let threshold = options.threshold(bNorm: norm2(b))
  var r = residual(a, x, b)
  var rNorm = norm2(r)
  if rNorm <= threshold {
    return IterativeSolution(x: x, converged: true, iterations: 0, residualNorm: rNorm)
  }
  let rHat = r
  var rho = 1.0, alpha = 1.0, omega = 1.0
  var v = [Double](repeating: 0, count: n)
  var p = [Double](repeating: 0, count: n)
  var iteration = 0
  while iteration < options.maxIterations {
    iteration += 1
    let rhoNew = dot(rHat, r)
    if rhoNew == 0 { break }
    let beta = (rhoNew / rho) * (alpha / omega)
    rho = rhoNew
    for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
    let pHat = precondition(preconditioner, p)
    v = a.apply(pHat)
    let denom = dot(rHat, v)
    if denom == 0 { break }
    alpha = rho / denom
    var s = r
    for i in 0..<n { s[i] -= alpha * v[i] }
    if norm2(s) <= threshold {
      for i in 0..<n { x[i] += alpha * pHat[i] }
      break
    }
    let sHat = precondition(preconditioner, s)
    let t = a.apply(sHat)
    let tt = dot(t, t)
    omega = tt == 0 ? 0 : dot(t, s) / tt
    for i in 0..<n {
      x[i] += alpha * pHat[i] + omega * sHat[i]
      r[i] = s[i] - omega * t[i]
    }
    if norm2(r) <= threshold || omega == 0 { break }
  }
  r = residual(a, x, b)
  rNorm = norm2(r)
  return IterativeSolution(x: x, converged: rNorm <= threshold, iterations: iteration, residualNorm: rNorm)
}
