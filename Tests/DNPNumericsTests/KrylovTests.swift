import DNPNumerics
import Foundation
import Testing

/// A non-symmetric, diagonally dominant convection–diffusion operator applied matrix-free.
func convectionDiffusion(_ n: Int) -> ClosureOperator<Double> {
  ClosureOperator(dimension: n) { x, y in
    for i in 0..<n {
      var s = 4 * x[i]
      if i > 0 { s -= 1.5 * x[i - 1] }
      if i + 1 < n { s -= 0.5 * x[i + 1] }
      if i + 7 < n { s += 0.3 * x[i + 7] }
      y[i] = s
    }
  }
}

func denseMatrix(of op: some LinearOperator<Double>) -> RealMatrix {
  var m = RealMatrix(rows: op.dimension, columns: op.dimension)
  for j in 0..<op.dimension {
    var e = [Double](repeating: 0, count: op.dimension)
    e[j] = 1
    let col = op.apply(e)
    for i in 0..<op.dimension { m[i, j] = col[i] }
  }
  return m
}

@Test func bicgstabMatchesDenseSolve() throws {
  let op = convectionDiffusion(200)
  let b = (0..<200).map { Double($0 % 13) - 6 }
  let exact = try denseMatrix(of: op).solve(b)
  let sol = try bicgstab(op, b, options: .init(relativeTolerance: 1e-12)).checked()
  #expect(sol.converged && sol.iterations > 0)
  for i in 0..<200 { #expect(abs(sol.x[i] - exact[i]) < 1e-10) }
  #expect(sol.residualNorm <= 1e-12 * b.map { $0 * $0 }.reduce(0, +).squareRoot())
}

/// The convection–diffusion operator plus a strongly varying diagonal 4 + 40·(i mod 9): badly scaled rows,
/// which a Jacobi preconditioner (the inverse of that non-constant diagonal) repairs.
func badlyScaled(_ n: Int) -> (ClosureOperator<Double>, diagonal: [Double]) {
  let base = convectionDiffusion(n)
  let extra = (0..<n).map { 40 * Double($0 % 9) }
  let op = ClosureOperator<Double>(dimension: n) { x, y in
    let ax = base.apply(Array(x))
    for i in 0..<n { y[i] = ax[i] + extra[i] * x[i] }
  }
  return (op, extra.map { $0 + 4 })
}

@Test func gmresWithAndWithoutPreconditionerMatchesDenseSolve() throws {
  let (op, diagonal) = badlyScaled(200)
  #expect(Set(diagonal).count == 9, "a non-constant diagonal")
  let b = (0..<200).map { sin(Double($0)) }
  let exact = try denseMatrix(of: op).solve(b)
  let plain = try gmres(op, b, restart: 20, options: .init(relativeTolerance: 1e-12)).checked()
  let jacobi = JacobiPreconditioner<Double>(diagonal: diagonal)
  // The preconditioner applies 1/d_i row by row.
  let probe = jacobi.apply((0..<200).map { Double($0 + 1) })
  for i in [0, 1, 8, 199] { #expect(abs(probe[i] - Double(i + 1) / diagonal[i]) < 1e-15 * probe[i]) }
  let pre = try gmres(op, b, preconditioner: jacobi, restart: 20, options: .init(relativeTolerance: 1e-12))
    .checked()
  for i in 0..<200 {
    #expect(abs(plain.x[i] - exact[i]) < 1e-10)
    #expect(abs(pre.x[i] - exact[i]) < 1e-10)
  }
  #expect(pre.iterations < plain.iterations, "Jacobi pays off on a varying diagonal")
}

@Test func unconvergedSolveIsReportedNotHidden() throws {
  let op = convectionDiffusion(200)
  let b = [Double](repeating: 1, count: 200)
  let sol = try gmres(op, b, restart: 2, options: .init(relativeTolerance: 1e-14, maxIterations: 3))
  #expect(!sol.converged)
  #expect(sol.iterations == 3)
  #expect(throws: IterativeSolverError.self) { try sol.checked() }
  let bi = try bicgstab(op, b, options: .init(relativeTolerance: 1e-15, maxIterations: 1))
  #expect(!bi.converged)
}
