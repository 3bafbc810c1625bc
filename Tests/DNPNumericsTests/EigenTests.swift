import ComplexModule
import DNPNumerics
import Foundation
import Testing

/// A random symmetric matrix with entries in [-1, 1).
func randomSymmetric(_ n: Int, seed: UInt64) -> RealMatrix {
  var rng = Xoshiro256StarStar(seed: seed)
  var a = RealMatrix(rows: n, columns: n)
  for j in 0..<n { for i in 0...j { let x = rng.uniform(-1, 1); a[i, j] = x; a[j, i] = x } }
  return a
}

@Test func symmetricEigenResidualsAreAtRoundingLevel() throws {
  let a = randomSymmetric(120, seed: 1)
  let e = try a.symmetricEigen()
  let av = a * e.vectors
  var worst = 0.0
  for k in 0..<120 { for i in 0..<120 { worst = max(worst, abs(av[i, k] - e.values[k] * e.vectors[i, k])) } }
  #expect(worst <= 1e-12 * a.frobeniusNorm)
  #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 })
  let valuesOnly = try a.symmetricEigenvalues()
  for k in 0..<120 { #expect(abs(valuesOnly[k] - e.values[k]) <= 1e-12 * a.frobeniusNorm) }
}

@Test func hermitianEigenResidualsAreAtRoundingLevel() throws {
  let n = 80
  var rng = Xoshiro256StarStar(seed: 2)
  var a = ComplexMatrix(rows: n, columns: n)
  for j in 0..<n {
    a[j, j] = Complex(rng.uniform(-1, 1), 0)
    for i in (j + 1)..<n {
      let z = Complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
      a[i, j] = z
      a[j, i] = z.conjugate
    }
  }
  let e = try a.hermitianEigen()
  let av = a * e.vectors
  var worst = 0.0
  for k in 0..<n {
    for i in 0..<n { worst = max(worst, (av[i, k] - e.vectors[i, k] * Complex(e.values[k], 0)).length) }
  }
  #expect(worst <= 1e-12 * a.frobeniusNorm)
  // Orthonormal columns: Vᴴ V = 1.
  let g = try ComplexMatrix.multiply(e.vectors, .adjoint, e.vectors, .none)
  for i in 0..<n { for j in 0..<n { #expect((g[i, j] - (i == j ? Complex(1, 0) : .zero)).length < 1e-12) } }
}

@Test func twoByTwoEigenvaluesByHand() throws {
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, ∓1)/√2.
  let e = try RealMatrix(rows: 2, columns: 2, elements: [2, 1, 1, 2]).symmetricEigen()
  #expect(abs(e.values[0] - 1) < 1e-15 && abs(e.values[1] - 3) < 1e-15)
  #expect(abs(abs(e.vectors[0, 0]) - 0.5.squareRoot()) < 1e-15)
}

@Test func nonSquareEigenIsATypedError() {
  #expect(throws: LAPACKError(routine: "dsyevd", code: .dimensionMismatch)) {
    try RealMatrix(rows: 2, columns: 3).symmetricEigen()
  }
}

@Test func gemmAndGramMatchNaiveProducts() throws {
  var rng = Xoshiro256StarStar(seed: 3)
  let a = RealMatrix(rows: 7, columns: 5) { _, _ in rng.uniform(-1, 1) }
  let b = RealMatrix(rows: 7, columns: 4) { _, _ in rng.uniform(-1, 1) }
  let c = try RealMatrix.multiply(a, .transpose, b, .none)
  let g = a.gram
  for i in 0..<5 {
    for j in 0..<4 {
      var s = 0.0
      for k in 0..<7 { s += a[k, i] * b[k, j] }
      #expect(abs(c[i, j] - s) < 1e-14)
    }
    for j in 0..<5 {
      var s = 0.0
      for k in 0..<7 { s += a[k, i] * a[k, j] }
      #expect(abs(g[i, j] - s) < 1e-14)
    }
  }
  #expect(throws: LAPACKError.self) { try RealMatrix.multiply(a, .none, b, .none) }
}

@Test func luSolveAndSingularError() throws {
  let a = RealMatrix(rows: 3, columns: 3, elements: [4, 1, 0, 1, 3, 1, 0, 1, 2])
  let x = try a.solve([1, 2, 3])
  let r = a.apply(x)
  for (ri, bi) in zip(r, [1.0, 2, 3]) { #expect(abs(ri - bi) < 1e-14) }
  let singular = RealMatrix(rows: 2, columns: 2, elements: [1, 2, 2, 4])
  #expect(throws: LAPACKError(routine: "dgesv", code: .singular(2))) { try singular.solve([1, 1]) }
}

@Test func matrixExponentialOfTwoStateGenerator() throws {
  // Two states with rates a (0→1) and b (1→0): p0(t) = b/(a+b) + (1 − b/(a+b)) e^{−(a+b)t} from p(0) = (1, 0).
  let a = 3.0, b = 1.0, t = 0.7
  let g = RealMatrix(rows: 2, columns: 2, elements: [-a * t, a * t, b * t, -b * t])
  let p = try g.exponential().apply([1, 0])
  let expected = b / (a + b) + (1 - b / (a + b)) * exp(-(a + b) * t)
  #expect(abs(p[0] - expected) < 1e-14)
  #expect(abs(p[0] + p[1] - 1) < 1e-14)
}
