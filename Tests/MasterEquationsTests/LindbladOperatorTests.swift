import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics
import Testing

@Test(arguments: 1...5) func matrixFreeLindbladianAgreesWithKronecker(spins: Int) throws {
  var random = RandomGKSL(seed: UInt64(100 + spins))
  let l = try random.lindbladian(spins: spins)
  let s = try l.superoperator()
  let op = LindbladOperator(l)
  let d = l.dimension
  for _ in 0..<2 {
    let a = random.matrix(d)  // general, non-Hermitian
    let dense = applySuperoperator(s, a)
    let free = op.apply(computational: a)
    #expect(maxDifference(dense, free) <= 1e-12 * maxMagnitude(dense))
  }
}

@Test func matrixFreeLindbladianWithoutEigenbasisPartsAgreesWithKronecker() throws {
  var random = RandomGKSL(seed: 7)
  let l = try random.lindbladian(spins: 3, dressed: false)
  let a = random.matrix(l.dimension)
  let dense = applySuperoperator(try l.superoperator(), a)
  #expect(maxDifference(dense, LindbladOperator(l).apply(computational: a)) <= 1e-12 * maxMagnitude(dense))
}

@Test func spinOperatorAlgebraMatchesDenseMatrices() throws {
  var random = RandomGKSL(seed: 11)
  let a = random.localOperator(3, terms: 4), b = random.localOperator(3, terms: 3)
  let product = try ComplexMatrix.product(a.dense(), .none, b.dense(), .none)
  #expect(maxDifference((a * b).dense(), product) <= 1e-14 * maxMagnitude(product))
  #expect(maxDifference(a.adjoint.dense(), a.dense().adjoint) == 0)
  let rho = random.matrix(8)
  let left = try ComplexMatrix.product(a.dense(), .none, rho, .none)
  let right = try ComplexMatrix.product(rho, .none, a.dense(), .none)
  #expect(maxDifference(a.applyLeft(rho), left) <= 1e-13 * maxMagnitude(left))
  #expect(maxDifference(a.applyRight(rho), right) <= 1e-13 * maxMagnitude(right))
  let psi = (0..<8).map { _ in random.complex() }
  let dense = a.dense().times(psi)
  #expect(zip(a.apply(to: psi), dense).map { ($0 - $1).length }.max()! <= 1e-13)
  // S^+S^- = 1/2 + S^z on one spin; S^x S^y − S^y S^x = i S^z.
  let sp = SpinOperator.raising(1, spins: 2), sm = SpinOperator.lowering(1, spins: 2)
  #expect((sp * sm) == (SpinOperator.identity(spins: 2, times: Complex(0.5, 0)) + SpinOperator.sz(1, spins: 2)))
  let comm = SpinOperator.sx(0, spins: 1) * SpinOperator.sy(0, spins: 1) - SpinOperator.sy(0, spins: 1) * SpinOperator.sx(0, spins: 1)
  #expect(maxDifference(comm.dense(), (Complex(0, 1) * SpinOperator.sz(0, spins: 1)).dense()) <= 1e-15)
}

/// The elementwise passes split across BLAS's threads write disjoint entries with the same arithmetic: the
/// application is bit-for-bit the same with 1 and 2 threads (the BLAS products agree to rounding).
@Test func lindbladianApplicationDoesNotDependOnTheThreadCount() throws {
  var random = RandomGKSL(seed: 404)
  let l = try random.lindbladian(spins: 5)
  let op = LindbladOperator(l)
  let a = random.matrix(32)
  let hermitian = ComplexMatrix(rows: 32, columns: 32) { i, j in (a[i, j] + a[j, i].conjugate) * Complex(0.5, 0) }
  let x = op.vector(fromComputational: hermitian)
  let saved = BLASThreads.current
  defer { BLASThreads.set(saved) }
  BLASThreads.set(1)
  let one = op.apply(x)
  BLASThreads.set(2)
  let two = op.apply(x)
  let scale = one.map(abs).max()!
  #expect(zip(one, two).allSatisfy { abs($0 - $1) <= 1e-13 * scale })
  let dense = applySuperoperator(try l.superoperator(), hermitian)
  #expect(maxDifference(op.computational(fromVector: two), dense) <= 1e-12 * maxMagnitude(dense))
}
