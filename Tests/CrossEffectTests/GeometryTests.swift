import CrossEffect
import Foundation
import SpinPhysics
import Testing

/// Two electrons 10 Å apart along the field: D = −(μ0/4π)ħγ_e²/r³ = −2π·52.04 MHz (the familiar 52 MHz·nm³);
/// at the magic angle every coupling vanishes; perpendicular, D = +d/2 and the hyperfine B vanishes.
@Test func pointDipoleCouplingsFollowTheAngularFactors() throws {
  let twoPi = 2 * Double.pi
  let along = try SpinGeometry(electrons: [[0, 0, 0], [0, 0, 10]], nuclei: []).couplings()
  #expect(abs(along.electronCoupling / twoPi + 52.04e6) < 0.01e6)
  let magic = acos(1 / 3.0.squareRoot())
  let m = try SpinGeometry(
    electrons: [[0, 0, 0], [10 * sin(magic), 0, 10 * cos(magic)]], nuclei: [[5 * sin(magic), 0, 5 * cos(magic)]]
  ).couplings()
  #expect(abs(m.electronCoupling) < 1e-9 * abs(along.electronCoupling))
  #expect(abs(m.spins.secularHyperfine[0][0]) < 1e-6)
  // Nucleus 5 Å from electron 1 perpendicular to the field: A = b, B = 0; at 45°: A = −b/2, |B| = 3b/2.
  let b = (PhysicalConstants.mu0 / (4 * Double.pi)) * PhysicalConstants.hbar
    * (-PhysicalConstants.electronGyromagneticRatio) * PhysicalConstants.protonGyromagneticRatio / pow(5e-10, 3)
  let perpendicular = try SpinGeometry(electrons: [[0, 0, 0], [0, 0, 30]], nuclei: [[5, 0, 0]]).couplings()
  #expect(abs(perpendicular.spins.secularHyperfine[0][0] - b) < 1e-9 * abs(b))
  #expect(perpendicular.spins.pseudosecularHyperfine[0][0].allSatisfy { abs($0) < 1e-9 * abs(b) })
  let s = 5 / 2.0.squareRoot()
  let diagonal = try SpinGeometry(electrons: [[0, 0, 0], [0, 0, 30]], nuclei: [[s, 0, s]]).couplings()
  #expect(abs(diagonal.spins.secularHyperfine[0][0] + b / 2) < 1e-9 * abs(b))
  let bb = diagonal.spins.pseudosecularHyperfine[0][0]
  #expect(abs((bb[0] * bb[0] + bb[1] * bb[1]).squareRoot() - 1.5 * abs(b)) < 1e-9 * abs(b))
  // Rotating the sample and the field together changes no magnitude.
  let rotated = try SpinGeometry(electrons: [[0, 0, 0], [0, 30, 0]], nuclei: [[s, s, 0]], field: [0, 1, 0]).couplings()
  #expect(abs(rotated.spins.secularHyperfine[0][0] - diagonal.spins.secularHyperfine[0][0]) < 1e-9 * abs(b))
  #expect(throws: CrossEffectError.self) { _ = try SpinGeometry(electrons: [[0, 0, 0], [0, 0, 0]], nuclei: []).couplings() }
  #expect(throws: CrossEffectError.self) { _ = try SpinGeometry(electrons: [[0, 0, 0]], nuclei: []).couplings() }
}

/// The powder average of (1 − 3cos²θ) vanishes, of cos²θ is 1/3, over a Fibonacci sphere (error ~1/count).
@Test func fibonacciSphereAveragesLikeAPowder() {
  let directions = fibonacciSphere(count: 2000)
  let meanCos2 = directions.map { $0[2] * $0[2] }.reduce(0, +) / 2000
  #expect(abs(meanCos2 - 1.0 / 3) < 1e-6)
  #expect(directions.allSatisfy { abs($0.map { $0 * $0 }.reduce(0, +) - 1) < 1e-12 })
  let meanX = directions.map { $0[0] }.reduce(0, +) / 2000
  #expect(abs(meanX) < 1e-3)
}
