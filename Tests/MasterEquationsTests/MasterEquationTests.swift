import DNPNumerics
import Foundation
import MasterEquations
import SpinPhysics
import Testing

/// A random master equation on blocks of the given sizes; with `energies` the rates obey detailed balance
/// (W_{n→m} = γ_nm h_β(ε_n − ε_m) with symmetric γ).
func randomEquation(sizes: [Int], seed: UInt64, energies: [[Double]]? = nil, beta: Double = 1)
  -> PopulationMasterEquation
{
  var rng = Xoshiro256StarStar(seed: seed)
  var eq = PopulationMasterEquation(blockSizes: sizes)
  for k in 0..<sizes.count {
    for l in k..<min(sizes.count, k + 2) {
      var forward = RealMatrix(rows: sizes[l], columns: sizes[k])
      var backward = RealMatrix(rows: sizes[k], columns: sizes[l])
      for n in 0..<sizes[k] {
        for m in 0..<sizes[l] where !(k == l && m <= n) {
          let gamma = rng.uniform(0.1, 2)
          if let e = energies {
            forward[m, n] = gamma * Thermal.h(beta: beta, e[k][n] - e[l][m])
            backward[n, m] = gamma * Thermal.h(beta: beta, e[l][m] - e[k][n])
          } else {
            forward[m, n] = gamma
            backward[n, m] = rng.uniform(0.1, 2)
          }
        }
      }
      if k == l {
        eq.addRates(from: k, to: k, forward + backward)
      } else {
        eq.addRates(from: k, to: l, forward)
        eq.addRates(from: l, to: k, backward)
      }
    }
  }
  return eq
}

@Test func detailedBalanceRatesGiveGibbs() throws {
  let sizes = [3, 5, 6, 4, 2]
  var rng = Xoshiro256StarStar(seed: 5)
  let energies = sizes.enumerated().map { k, n in (0..<n).map { _ in Double(k) * 2 + rng.uniform(-1, 1) } }
  let beta = 0.8
  let eq = randomEquation(sizes: sizes, seed: 6, energies: energies, beta: beta)
  let z = energies.flatMap { $0 }.map { exp(-beta * $0) }.reduce(0, +)
  for pivot in [0, 2, 4] {
    let p = try eq.stationaryState(pivotBlock: pivot)
    for k in 0..<sizes.count {
      for n in 0..<sizes[k] { #expect(abs(p[k][n] - exp(-beta * energies[k][n]) / z) < 1e-13) }
    }
  }
}

@Test func blockSolveAgreesWithDenseAndGMRES() throws {
  for seed in UInt64(10)..<UInt64(14) {
    let eq = randomEquation(sizes: [4, 7, 9, 7, 4, 1], seed: seed)
    let p = try eq.stationaryState().flatMap { $0 }
    // Dense path: replace the last row of G by ones and solve.
    var g = eq.denseGenerator()
    let n = eq.dimension
    for j in 0..<n { g[n - 1, j] = 1 }
    var rhs = [Double](repeating: 0, count: n)
    rhs[n - 1] = 1
    let dense = try g.solve(rhs)
    for i in 0..<n { #expect(abs(p[i] - dense[i]) < 1e-12) }
    #expect(abs(p.reduce(0, +) - 1) < 1e-14)
    // Iterative path on the matrix-free generator: G p = 0 has residual at rounding level.
    let generator = MasterEquationOperator(eq)
    let residual = generator.apply(p)
    #expect(residual.map(abs).max()! < 1e-12)
    // GMRES on the same bordered system (last row of G replaced by Σp = 1), matrix-free.
    let bordered = ClosureOperator<Double>(dimension: n) { x, y in
      let gx = generator.apply(Array(x))
      for i in 0..<(n - 1) { y[i] = gx[i] }
      y[n - 1] = x.reduce(0, +)
    }
    let iterative = try gmres(bordered, rhs, restart: n, options: .init(relativeTolerance: 1e-13)).checked()
    #expect(iterative.converged && iterative.iterations > 1)
    for i in 0..<n { #expect(abs(iterative.x[i] - p[i]) < 1e-10 * p.max()!) }
  }
}

@Test func timeEvolutionRelaxesToStationaryState() throws {
  let eq = randomEquation(sizes: [2, 3, 2], seed: 21)
  let stationary = try eq.stationaryState().flatMap { $0 }
  var start = [Double](repeating: 0, count: eq.dimension)
  start[0] = 1
  let trajectory = try eq.evolve(from: start, times: [0, 0.05, 100])
  for i in 0..<eq.dimension { #expect(abs(trajectory[0][i] - start[i]) < 1e-15) }
  #expect(abs(trajectory[1].reduce(0, +) - 1) < 1e-13)
  #expect(trajectory[1][0] < 1 && trajectory[1][0] > 0.5)
  for i in 0..<eq.dimension { #expect(abs(trajectory[2][i] - stationary[i]) < 1e-12) }
}

@Test func twoStateByHand() throws {
  // One state per block: rates a (0→1), b (1→0): p = (b, a)/(a + b).
  var eq = PopulationMasterEquation(blockSizes: [1, 1])
  eq.addRates(from: 0, to: 1, RealMatrix(rows: 1, columns: 1, elements: [3]))
  eq.addRates(from: 1, to: 0, RealMatrix(rows: 1, columns: 1, elements: [1]))
  let p = try eq.stationaryState()
  #expect(abs(p[0][0] - 0.25) < 1e-15 && abs(p[1][0] - 0.75) < 1e-15)
}
