import DNPNumerics
import Foundation
import Testing

@Test func krylovExponentialActionMatchesDenseExponential() throws {
  var rng = Xoshiro256StarStar(seed: 21)
  let n = 60
  // A stable non-normal generator: −2·1 + a random matrix of norm ~ 1.
  let a = RealMatrix(rows: n, columns: n) { i, j in (i == j ? -2 : 0) + rng.uniform(-1, 1) / Double(n).squareRoot() }
  let v = (0..<n).map { _ in rng.uniform(-1, 1) }
  let times = [0, 0.05, 0.7, 3, 10.0]
  let out = try krylovExponentialAction(DenseOperator(a), v, times: times, normEstimate: 3, krylovDimension: 20, tolerance: 1e-12)
  for (t, w) in zip(times, out) {
    let scaled = RealMatrix(rows: n, columns: n, elements: a.elements.map { $0 * t })
    let exact = try scaled.exponential().apply(v)
    let error = zip(w, exact).map { abs($0 - $1) }.max()!
    let size = max(exact.map(abs).max()!, 1e-300)
    #expect(error <= 1e-9 * max(size, 1e-6))
  }
  #expect(throws: KrylovExponentialError.self) {
    _ = try krylovExponentialAction(DenseOperator(a), v, times: [1e6], normEstimate: 3, krylovDimension: 4, maxSteps: 5)
  }
}
