import DNPNumerics
import Foundation
import Testing

@testable import CrossEffect

// The powder grid and the powder-averaged kinetic Monte Carlo build-up (issue 10 item 6).

/// The Fibonacci grid with its weights integrates known functions over the sphere: ⟨1⟩ = 1, ⟨cos²θ⟩ = 1/3,
/// ⟨P2(cosθ)⟩ = 0, ⟨x²y²⟩ = 1/15, ⟨z⁴⟩ = 1/5, ⟨x⟩ = 0, to 2·10⁻⁴ at 500 points (measured errors are ~10⁻⁵–10⁻⁶; the
/// lattice's error falls like 1/count). A bad grid is refused.
@Test func powderGridIntegratesKnownFunctions() throws {
  let grid = try PowderGrid.fibonacci(count: 500)
  func mean(_ f: ([Double]) -> Double) -> Double {
    zip(grid.directions, grid.weights).map { f($0) * $1 }.reduce(0, +)
  }
  #expect(abs(mean { _ in 1 } - 1) < 1e-12)
  #expect(abs(mean { $0[2] * $0[2] } - 1.0 / 3) < 2e-4)
  #expect(abs(mean { 1.5 * $0[2] * $0[2] - 0.5 }) < 2e-4)
  #expect(abs(mean { $0[0] * $0[0] * $0[1] * $0[1] } - 1.0 / 15) < 2e-4)
  #expect(abs(mean { pow($0[2], 4) } - 1.0 / 5) < 2e-4)
  #expect(abs(mean { $0[0] }) < 2e-4)
  #expect(throws: CrossEffectError.self) { try PowderGrid(directions: [[0, 0, 1]], weights: [0]) }
  #expect(throws: CrossEffectError.self) { try PowderGrid(directions: [[0, 0, 0]], weights: [1]) }
  #expect(throws: CrossEffectError.self) { try PowderGrid(directions: [], weights: []) }
}

/// The powder build-up equals the hand-weighted average of single-orientation runs (weights 1 : 2 : 3, each
/// orientation run by hand with its documented seed), bulk and core separately, to 1e-12; and it does not depend on
/// the thread count.
@Test func powderBuildUpIsTheWeightedAverageOfOrientations() throws {
  let twoPi = 2 * Double.pi
  let geometry = SpinGeometry(
    electrons: [[-6, 0, 0], [6, 0, 0]], nuclei: [[-6, 4.5, 0], [6, 0, 4.5], [0, 9, 3]])
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronPolarization = 0.9
  p.electronRelaxation = 100
  p.electronDecoherence = 1e6
  p.microwaveAmplitude = twoPi * 150e3
  let directions = [[0.0, 0, 1], [1, 1, 0], [0.3, -0.2, 0.9]]
  let grid = try PowderGrid(directions: directions, weights: [1, 2, 3])
  let times = [0.0, 0.02, 0.1]
  let powder = try PowderBuildUp(
    geometry: geometry, parameters: p, grid: grid, coreRadius: 5, times: times, trajectories: 8, seed: 5,
    threads: 2)
  #expect(powder.bulkCount == 1 && powder.coreCount == 2)
  var bulk = [0.0, 0, 0], core = [0.0, 0, 0]
  for (o, direction) in directions.enumerated() {
    var g = geometry
    g.field = direction
    let (d, spins) = try g.couplings()
    var q = p
    q.electronCoupling = d
    let run = try ZeemanKineticMonteCarlo(parameters: q, spins: spins)
      .run(times: times, trajectories: 8, seed: PowderBuildUp.orientationSeed(5, o), threads: 1)
    let w = Double(o + 1) / 6
    for i in times.indices {
      bulk[i] += w * run.nuclei[2][i]
      core[i] += w * (run.nuclei[0][i] + run.nuclei[1][i]) / 2
    }
  }
  for i in times.indices {
    #expect(abs(powder.bulk[i] - bulk[i]) < 1e-12 && abs(powder.core[i] - core[i]) < 1e-12)
  }
  #expect(powder.core.last! != 0)
  let serial = try PowderBuildUp(
    geometry: geometry, parameters: p, grid: grid, coreRadius: 5, times: times, trajectories: 8, seed: 5,
    threads: 1)
  #expect(serial.all == powder.all && serial.events == powder.events)
}
