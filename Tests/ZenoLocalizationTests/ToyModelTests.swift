import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics
import Testing
import ZenoLocalization

/// 2π·1 MHz in rad/s: the toy parameters below are written in this unit.
private let mhz = 2 * Double.pi * 1e6

private func toy(v: Double, j: Double, delta: Double, dw: Double, gamma: Double) -> ToyModel {
  ToyModel(
    parameters: ToyModelParameters(
      drive: v * mhz, exchange: j * mhz, offset: delta * mhz, detuning: dw * mhz, gamma: gamma * mhz))
}

/// Parameter sets (in 2π·MHz) spanning the regimes the paper names after S101, plus a saturating drive.
private let regimes: [(name: String, model: ToyModel)] = [
  ("generic", toy(v: 0.3, j: 1, delta: 0.5, dw: 0.7, gamma: 0.4)),
  ("strong drive", toy(v: 3, j: 1.2, delta: -0.4, dw: 0.3, gamma: 0.25)),
  ("J = 0", toy(v: 0.8, j: 0, delta: 0.5, dw: 0.2, gamma: 0.3)),
  ("Zeno: Δ < J ≪ γ", toy(v: 0.5, j: 1, delta: 0.2, dw: 0.1, gamma: 20)),
  ("Anderson: γ ≪ J ≪ Δ", toy(v: 0.02, j: 1, delta: 10, dw: 10.1, gamma: 0.05)),
  ("good mixing: γ, Δ ≪ J", toy(v: 0.01, j: 1, delta: 0.02, dw: 1, gamma: 0.05)),
]

private func maxDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
  zip(a.elements, b.elements).map { ($0 - $1).length }.max() ?? .infinity
}

/// The exact solution of S95–S100 (with S100's ρ_01 corrected to −V³) equals the engine's GKSL steady state of
/// the 2-spin embedding, all nine entries of ρ to 1e-10, by both the dense and the matrix-free path; the
/// embedding leaks nothing into |↑↑⟩.
@Test(arguments: regimes.indices) func toyModelAnalyticMatchesEngine(regime: Int) throws {
  let model = regimes[regime].model
  let analytic = try model.analyticStationaryState()
  let dense = try model.numericalStationaryState(method: .dense)
  let krylov = try model.numericalStationaryState(method: .matrixFree(.init(tolerance: 1e-14)))
  #expect(maxDifference(analytic.rho, dense.rho) < 1e-10, "\(regimes[regime].name)")
  #expect(maxDifference(analytic.rho, krylov.rho) < 1e-10, "\(regimes[regime].name)")
  #expect(dense.leakage < 1e-13)
  #expect(krylov.leakage < 1e-12)
  let populations = analytic.populations
  #expect(abs(populations.reduce(0, +) - 1) < 1e-14)
  #expect(populations.allSatisfy { $0 >= 0 })
}

/// S100 as printed (+V³ in ρ_01's numerator) contradicts S97 and the engine by 2V³s/D, far above 1e-10 at a
/// saturating drive, while the corrected sign matches; ρ_02 and ρ_12 are as printed.
@Test func printedS100HasTheWrongSignOfV3() throws {
  let model = regimes[1].model
  let engine = try model.numericalStationaryState()
  let p = engine.populations
  let corrected = model.eqS100Coherences(rho11: p[1], rho22: p[2])
  let printed = model.eqS100Coherences(rho11: p[1], rho22: p[2], printedSignOfV3: true)
  #expect((corrected[0, 1] - engine.rho[0, 1]).length < 1e-10)
  #expect((printed[0, 1] - engine.rho[0, 1]).length > 1e-3)
  #expect((printed[0, 2] - engine.rho[0, 2]).length < 1e-10)
  #expect((printed[1, 2] - engine.rho[1, 2]).length < 1e-10)
}

/// J = 0: |2⟩ decouples and |0⟩, |1⟩ form a driven two-level system with T1 = 1/(2γ), T2 = 1/γ, Rabi frequency
/// ω1 = 2V and detuning Δω − Δ; ρ_11 = (1 − M_z/M0)/2 with the Bloch solution (SPEC §6), at weak and saturating
/// drive.
@Test(arguments: [0.05, 0.8, 4.0]) func zeroExchangeIsTheDrivenTwoLevelSystem(drive: Double) throws {
  let model = toy(v: drive, j: 0, delta: 0.5, dw: 0.2, gamma: 0.3)
  let p = model.parameters
  let saturation = Thermal.blochSaturation(
    offset: p.detuning - p.offset, omega1: 2 * p.drive, t1: 1 / (2 * p.gamma1), t2: 1 / p.gamma1)
  for state in [try model.analyticStationaryState(), try model.numericalStationaryState()] {
    #expect(abs(state.populations[1] - (1 - saturation) / 2) < 1e-12)
    #expect(abs(state.populations[2]) < 1e-14)
  }
}

/// S101 is the O(V²) term: its relative error against the exact steady state is O(V²/γ²) (the saturation
/// parameter), so halving V divides it by 4 (3.9–4.1), in every regime; at V = γ/100 it is below 1e-3.
@Test(arguments: regimes.indices) func eqS101IsTheLeadingOrderInV(regime: Int) throws {
  var p = regimes[regime].model.parameters
  var errors: [(Double, Double)] = []
  for v in [0.02, 0.01] {
    p.drive = v * p.gamma1
    let model = ToyModel(parameters: p)
    let exact = try model.numericalStationaryState().populations
    let s101 = model.linearResponsePopulations()
    errors.append((abs(s101.rho11 / exact[1] - 1), p.exchange == 0 ? 0 : abs(s101.rho22 / exact[2] - 1)))
  }
  #expect(errors[1].0 < 1e-3)
  #expect(errors[1].0 / errors[0].0 > 0.2425 && errors[1].0 / errors[0].0 < 0.2575 || errors[0].0 < 1e-12)
  if p.exchange != 0 {
    #expect(errors[1].1 < 1e-3)
    #expect(errors[1].1 / errors[0].1 > 0.2425 && errors[1].1 / errors[0].1 < 0.2575 || errors[0].1 < 1e-12)
  }
}

/// The regimes of Fig. S11 from the engine. Zeno: ρ_22/ρ_11 → J²/γ² (S101: J²/((Δω + Δ)² + γ²)) as γ grows,
/// the eigenstates that mix |1⟩ and |2⟩ never form. Anderson (Δ ≫ J) localizes on |1⟩ as well; with γ, Δ ≪ J
/// and the drive on an eigenstate (Δω = J) the two levels are equally populated.
@Test func zenoAndAndersonLocalization() throws {
  for gamma in [10.0, 100.0] {
    let state = try toy(v: 0.01, j: 1, delta: 0.2, dw: 0.1, gamma: gamma).numericalStationaryState()
      .populations
    let ratio = state[2] / state[1]
    #expect(abs(ratio * (0.3 * 0.3 + gamma * gamma) - 1) < 1e-6)
  }
  let anderson = try regimes[4].model.numericalStationaryState().populations
  #expect(anderson[2] / anderson[1] < 0.02)
  let mixing = try regimes[5].model.numericalStationaryState().populations
  #expect(abs(mixing[2] / mixing[1] - 1) < 0.05)
}

/// Finite temperature, γ_1 ≠ γ_2 (outside the analytic case), no drive: each bath balances |0⟩ ↔ |α⟩ at
/// n̄/(n̄ + 1) and equal excited populations commute with J, so ρ = diag(n̄ + 1, n̄, n̄)/(3n̄ + 1).
@Test func finiteTemperatureWithoutDriveIsThermal() throws {
  let n = ToyModelParameters.boseOccupation(
    beta: PhysicalConstants.inverseTemperature(kelvin: 1.2), omega: 2 * Double.pi * 93.9e9)
  #expect(n > 0.02 && n < 0.03)
  let model = ToyModel(
    parameters: ToyModelParameters(
      drive: 0, exchange: mhz, offset: 0.3 * mhz, detuning: 0.1 * mhz, gamma1: 0.2 * mhz, gamma2: 0.7 * mhz,
      occupation1: n, occupation2: n))
  let rho = try model.numericalStationaryState().rho
  var expected = ComplexMatrix(rows: 3, columns: 3)
  for (k, w) in [n + 1, n, n].enumerated() { expected[k, k] = Complex(w / (3 * n + 1), 0) }
  #expect(maxDifference(rho, expected) < 1e-12)
}

/// The analytic solution refuses parameters outside its case; the GKSL path refuses γ = 0.
@Test func toyModelRefusals() throws {
  var p = regimes[0].model.parameters
  p.occupation1 = 0.1
  #expect(throws: ToyModelError.self) { try ToyModel(parameters: p).analyticStationaryState() }
  #expect(throws: Never.self) { try ToyModel(parameters: p).numericalStationaryState() }
  p = regimes[0].model.parameters
  p.gamma2 = 0
  #expect(throws: ToyModelError.self) { try ToyModel(parameters: p).lindbladian() }
}
