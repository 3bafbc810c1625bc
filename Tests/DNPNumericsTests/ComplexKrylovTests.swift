import ComplexModule
import DNPNumerics
import Foundation
import Testing

/// A random complex non-Hermitian system, diagonally dominant enough for the Krylov solvers.
func complexSystem(_ n: Int, seed: UInt64) -> (ComplexMatrix, [Complex<Double>]) {
  var rng = Xoshiro256StarStar(seed: seed)
  let a = ComplexMatrix(rows: n, columns: n) { i, j in
    Complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) * Complex(0.3 / Double(n).squareRoot(), 0)
      + (i == j ? Complex(2 + Double(i % 5), 1) : .zero)
  }
  let b = (0..<n).map { _ in Complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) }
  return (a, b)
}

func maxError(_ x: [Complex<Double>], _ y: [Complex<Double>]) -> Double {
  zip(x, y).map { ($0 - $1).length }.max() ?? 0
}

@Test func complexGMRESAndBiCGSTABAgreeWithComplexLU() throws {
  let (a, b) = complexSystem(120, seed: 4)
  let exact = try a.solve(b)
  let op = DenseOperator(a)
  let g = try gmres(op, b, restart: 15, options: .init(relativeTolerance: 1e-13)).checked()
  let s = try bicgstab(op, b, options: .init(relativeTolerance: 1e-13)).checked()
  #expect(maxError(g.x, exact) <= 1e-11)
  #expect(maxError(s.x, exact) <= 1e-11)
  // A Jacobi preconditioner on the varying complex diagonal cuts the GMRES iterations.
  let jacobi = JacobiPreconditioner(diagonal: (0..<120).map { a[$0, $0] })
  let pg = try gmres(op, b, preconditioner: jacobi, restart: 15, options: .init(relativeTolerance: 1e-13)).checked()
  #expect(maxError(pg.x, exact) <= 1e-11)
  #expect(pg.iterations < g.iterations)
  // The complex LU factorization reused for two right-hand sides.
  let lu = try LUFactorization(a)
  #expect(maxError(lu.solve(b), exact) <= 1e-12)
}

@Test func krylovBreakdownAndNonConvergenceAreReported() throws {
  // BiCGSTAB on the swap matrix with b = e₁: ⟨r̂, A p⟩ = 0 at the first step.
  let swap = RealMatrix(rows: 2, columns: 2, elements: [0, 1, 1, 0])
  #expect(throws: IterativeSolverError.self) { _ = try bicgstab(DenseOperator(swap), [1, 0]) }
  do {
    _ = try bicgstab(DenseOperator(swap), [1, 0])
  } catch let IterativeSolverError.breakdown(what, _, _) {
    #expect(what.contains("BiCGSTAB"))
  }
  // Complex GMRES with too few iterations: reported, and checked() throws.
  let (a, b) = complexSystem(60, seed: 5)
  let short = try gmres(DenseOperator(a), b, restart: 3, options: .init(relativeTolerance: 1e-14, maxIterations: 4))
  #expect(!short.converged && short.iterations == 4 && short.residualNorm > 0)
  #expect(throws: IterativeSolverError.self) { try short.checked() }
}

@Test func complexMatrixExponentialAndGeneralEigenAgree() throws {
  let (a, _) = complexSystem(12, seed: 6)
  let scaled = ComplexMatrix(rows: 12, columns: 12, elements: a.elements.map { $0 * Complex(-0.4, 0) })
  let e = try scaled.exponential()
  let eig = try scaled.generalEigen()
  // exp(A) v_j = e^{λ_j} v_j for every eigenpair.
  for j in 0..<12 {
    let v = eig.vectors.column(j)
    let lhs = e.times(v)
    let rhs = v.map { $0 * Complex.exp(eig.values[j]) }
    #expect(maxError(lhs, rhs) <= 1e-12)
  }
}
