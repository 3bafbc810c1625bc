import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics
import RealModule
import Testing

/// A random GKSL problem with a real Hamiltonian (the secular preconditioner needs a real orthogonal basis).
func randomRealProblem(spins: Int, seed: UInt64) throws -> Lindbladian {
  var random = RandomGKSL(seed: seed)
  let reference = random.reference(spins)
  let basis = try SectorEigenbasis(reference)
  var drive = SpinOperator(spins: spins)
  for i in 0..<spins { drive = drive + random.rng.uniform(0.5, 2) * SpinOperator.sx(i, spins: spins) }
  var jumps: [SpinOperator] = []
  for i in 0..<spins {
    jumps.append(random.rng.uniform(0.2, 1) * SpinOperator.lowering(i, spins: spins))
    jumps.append(random.rng.uniform(0.1, 0.5) * SpinOperator.raising(i, spins: spins))
  }
  let dressed = (0..<spins).map { i in
    DressedJump(
      local: random.rng.uniform(0.2, 1) * SpinOperator.sz(i, spins: spins),
      eigenDiagonal: basis.eigenstateExpectations(ofDiagonal: SpinOperator.sz(i, spins: spins)).map { 0.7 * $0 })
  }
  return try Lindbladian(
    hamiltonian: drive, jumps: jumps, eigenbasis: basis, eigenHamiltonian: basis.energies, dressedJumps: dressed)
}

@Test(arguments: [(1, false), (2, false), (3, false), (4, false), (3, true)])
func matrixFreeSteadyStateAgreesWithDenseLU(spins: Int, bicgstab: Bool) throws {
  let l = try randomRealProblem(spins: spins, seed: UInt64(40 + spins))
  let dense = try l.denseSteadyState()
  #expect(dense.relativeResidual < 1e-13)
  let options = SteadyStateOptions(method: bicgstab ? .bicgstab : .gmres, tolerance: 1e-12)
  let free = try l.steadyState(options: options)
  #expect(maxDifference(free.rho, dense.rho) <= 1e-10)
  #expect(free.traceError < 1e-12)
  #expect(free.hermiticityError < 1e-12)
  // Without the preconditioner, from 1/D (small registers converge unpreconditioned too).
  if spins <= 3 {
    let plain = try l.steadyState(options: .init(tolerance: 1e-12, maxIterations: 4000, restart: 80, preconditioned: false))
    #expect(maxDifference(plain.rho, dense.rho) <= 1e-10)
    if spins > 1 { #expect(plain.iterations > free.iterations) }
  }
}

/// One spin, H = ΔS^z + ω1S^x, T1 by S^∓ jumps and pure dephasing by a dressed S^z: the Bloch solution
/// M_z/M0 = (1 + Δ²T2²)/(1 + Δ²T2² + ω1²T1T2) (SPEC §6 numbers: T1 = 1 ms, T2 = 1 µs, ω1/2π = 100 kHz).
@Test(arguments: [(0.0, 0.002527), (200e3, 0.006491), (1e6, 0.092998)])
func oneSpinSteadyStateIsTheBlochSolution(offsetHz: Double, expected: Double) throws {
  let t1 = 1e-3, t2 = 1e-6, omega1 = 2 * Double.pi * 100e3, delta = 2 * Double.pi * offsetHz
  let p = 0.3  // thermal polarization −2⟨S^z⟩ of the bath
  let down = (1 + p) / 2 / t1, up = (1 - p) / 2 / t1
  let dephasing = 2 * (1 / t2 - 1 / (2 * t1))  // D[√γ S^z] damps coherences at γ/2
  func mz(_ w1: Double) throws -> Double {
    let h = delta * SpinOperator.sz(0, spins: 1) + w1 * SpinOperator.sx(0, spins: 1)
    let l = try Lindbladian(
      hamiltonian: h,
      jumps: [down.squareRoot() * SpinOperator.lowering(0, spins: 1), up.squareRoot() * SpinOperator.raising(0, spins: 1),
        dephasing.squareRoot() * SpinOperator.sz(0, spins: 1)])
    let rho = try l.steadyState(options: .init(tolerance: 1e-13)).rho
    return (rho[1, 1] - rho[0, 0]).real
  }
  let m0 = try mz(0)
  #expect(abs(m0 + p) < 1e-12)
  let ratio = try mz(omega1) / m0
  #expect(abs(ratio - expected) < 5e-7)
  let exact = (1 + delta * delta * t2 * t2) / (1 + delta * delta * t2 * t2 + omega1 * omega1 * t1 * t2)
  #expect(abs(ratio - exact) < 1e-10)
}

/// Ising-coupled spins with jumps that satisfy detailed balance exactly (spin i flips at a rate set by the
/// energy change given its neighbours' states), plus eigenbasis dephasing, no drive: ρ = e^{−βH}/Z.
@Test func detailedBalanceWithoutDriveGivesTheGibbsState() throws {
  let n = 3, beta = 0.4
  let omega = [1.0, 1.7, 2.3]
  let coupling = [[0.0, 0.6, -0.4], [0.6, 0.0, 0.9], [-0.4, 0.9, 0.0]]
  var h = SpinOperator(spins: n)
  for i in 0..<n { h = h + omega[i] * SpinOperator.sz(i, spins: n) }
  for i in 0..<n {
    for j in (i + 1)..<n { h = h + coupling[i][j] * (SpinOperator.sz(i, spins: n) * SpinOperator.sz(j, spins: n)) }
  }
  let reference = try SectorEigenbasis(h)
  let one = SpinOperator.identity(spins: n)
  var jumps: [SpinOperator] = []
  for i in 0..<n {
    let others = (0..<n).filter { $0 != i }
    for config in 0..<(1 << others.count) {
      // Projector on the neighbours' configuration and the energy of flipping i up there.
      var projector = one
      var field = omega[i]
      for (k, j) in others.enumerated() {
        let up = (config >> k) & 1 == 1
        projector = projector * (0.5 * one + (up ? 1.0 : -1.0) * SpinOperator.sz(j, spins: n))
        field += coupling[i][j] * (up ? 0.5 : -0.5)
      }
      let rate = 0.3 + 0.1 * Double(i + config)
      let downRate = rate, upRate = rate * Double.exp(-beta * field)
      jumps.append(downRate.squareRoot() * (SpinOperator.lowering(i, spins: n) * projector))
      jumps.append(upRate.squareRoot() * (SpinOperator.raising(i, spins: n) * projector))
    }
  }
  let dressed = (0..<n).map { i in
    DressedJump(local: 0.5 * SpinOperator.sz(i, spins: n),
      eigenDiagonal: reference.eigenstateExpectations(ofDiagonal: SpinOperator.sz(i, spins: n)))
  }
  let l = try Lindbladian(hamiltonian: h, jumps: jumps, eigenbasis: reference, dressedJumps: dressed)
  let state = try l.steadyState(options: .init(tolerance: 1e-13))
  let diag = h.diagonal()
  let weights = diag.map { Double.exp(-beta * $0.real) }
  let z = weights.reduce(0, +)
  var error = 0.0
  for r in 0..<8 { for c in 0..<8 { error = max(error, (state.rho[r, c] - Complex(r == c ? weights[r] / z : 0, 0)).length) } }
  #expect(error < 1e-10)
  let eigenvalues = try state.rho.hermitianEigenvalues()
  #expect(eigenvalues.min()! > -1e-12)
  #expect(state.traceError < 1e-12 && state.hermiticityError < 1e-12)
}

/// Complex jump operators take the preconditioner's complex path; a phase e^{iφ} on a jump leaves L unchanged.
@Test func complexJumpOperatorsAgreeWithDenseLU() throws {
  let base = try randomRealProblem(spins: 3, seed: 77)
  let phased = base.jumps.enumerated().map { k, a in Complex(Double.cos(Double(k)), Double.sin(Double(k))) * a }
  let mixed = Complex(0, 0.3) * SpinOperator.raising(1, spins: 3) + 0.4 * SpinOperator.lowering(2, spins: 3)
  let l = try Lindbladian(
    hamiltonian: base.hamiltonian, jumps: phased + [mixed], eigenbasis: base.eigenbasis,
    eigenHamiltonian: base.eigenHamiltonian, dressedJumps: base.dressedJumps)
  let dense = try l.denseSteadyState()
  let free = try l.steadyState(options: .init(tolerance: 1e-12))
  #expect(maxDifference(free.rho, dense.rho) <= 1e-10)
  let withoutPhases = try Lindbladian(
    hamiltonian: base.hamiltonian, jumps: base.jumps + [mixed], eigenbasis: base.eigenbasis,
    eigenHamiltonian: base.eigenHamiltonian, dressedJumps: base.dressedJumps)
  #expect(maxDifference(try withoutPhases.steadyState(options: .init(tolerance: 1e-12)).rho, dense.rho) <= 1e-10)
}

/// A complex Hamiltonian (S^y drive and a complex flip-flop) takes the unitary-basis (zgemm) path of the
/// secular preconditioner.
@Test(arguments: [2, 4]) func complexHamiltonianSteadyStateAgreesWithDenseLU(spins: Int) throws {
  let base = try randomRealProblem(spins: spins, seed: UInt64(300 + spins))
  var h = base.hamiltonian
  for i in 0..<spins { h = h + 0.7 * SpinOperator.sy(i, spins: spins) }
  let hop = Complex(0.3, 0.4) * (SpinOperator.raising(0, spins: spins) * SpinOperator.lowering(spins - 1, spins: spins))
  h = h + hop + hop.adjoint
  let l = try Lindbladian(
    hamiltonian: h, jumps: base.jumps, eigenbasis: base.eigenbasis, eigenHamiltonian: base.eigenHamiltonian,
    dressedJumps: base.dressedJumps)
  let dense = try l.denseSteadyState()
  let free = try l.steadyState(options: .init(tolerance: 1e-13))
  #expect(maxDifference(free.rho, dense.rho) <= 1e-10)
  #expect(free.iterations < 60)
}
