import ComplexModule
import DNPNumerics
import RealModule
import SpinPhysics
import Testing

@Test func bellStateHasEntropyLogTwoAndProductStateZero() throws {
  let s = 1 / Double(2).squareRoot()
  let bell = [Complex(s, 0), .zero, .zero, Complex(s, 0)]  // (|↓↓⟩ + |↑↑⟩)/√2
  #expect(abs(try RegisterEntanglement.entropy(ofPure: bell, spins: 2, subsystem: [0]) - Double.log(2)) < 1e-14)
  let product = [Complex<Double>.zero, Complex(1, 0), .zero, .zero]
  #expect(abs(try RegisterEntanglement.entropy(ofPure: product, spins: 2, subsystem: [1])) < 1e-14)
  let rho = ComplexMatrix(rows: 4, columns: 4) { i, j in bell[i] * bell[j].conjugate }
  let reduced = RegisterEntanglement.partialTrace(rho, spins: 2, keeping: [1])
  #expect(maxAbsDifference(reduced, ComplexMatrix(rows: 2, columns: 2) { i, j in Complex(i == j ? 0.5 : 0, 0) }) < 1e-15)
  #expect(abs(try RegisterEntanglement.vonNeumannEntropy(reduced) - Double.log(2)) < 1e-14)
}

@Test func pureStateEntropyAgreesWithReducedDensityMatrix() throws {
  var rng = Xoshiro256StarStar(seed: 9)
  let psi = (0..<32).map { _ in Complex(rng.gaussian(), rng.gaussian()) }
  let norm = psi.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
  let unit = psi.map { $0 * Complex(1 / norm, 0) }
  let rho = ComplexMatrix(rows: 32, columns: 32) { i, j in unit[i] * unit[j].conjugate }
  for subsystem in [[0], [1, 3], [0, 2, 4]] {
    let svd = try RegisterEntanglement.entropy(ofPure: psi, spins: 5, subsystem: subsystem)
    let reduced = RegisterEntanglement.partialTrace(rho, spins: 5, keeping: subsystem)
    #expect(abs(svd - (try RegisterEntanglement.vonNeumannEntropy(reduced))) < 1e-12)
  }
  // Tr(Oρ) by bit manipulation equals the dense trace.
  let o = 0.7 * SpinOperator.sz(2, spins: 5) + Complex(0.2, 0.1) * (SpinOperator.raising(0, spins: 5) * SpinOperator.lowering(4, spins: 5))
  let dense = try ComplexMatrix.product(o.dense(), .none, rho, .none)
  var trace = Complex<Double>.zero
  for i in 0..<32 { trace += dense[i, i] }
  #expect((o.expectation(in: rho) - trace).length < 1e-15)
}

func maxAbsDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
  zip(a.elements, b.elements).map { ($0 - $1).length }.max() ?? 0
}
