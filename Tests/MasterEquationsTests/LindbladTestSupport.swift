import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// Random GKSL problems for the second-path tests: random local Hamiltonian and jumps, a random
/// magnetization-conserving reference Hamiltonian, and dressed jumps `a S^z_i + V diag(z) Vᵀ`.
struct RandomGKSL {
  var rng: Xoshiro256StarStar
  init(seed: UInt64) { rng = Xoshiro256StarStar(seed: seed) }

  mutating func complex() -> Complex<Double> { Complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) }

  /// A random product on distinct spins.
  mutating func product(_ spins: Int) -> SpinProduct {
    var p = SpinProduct()
    for i in 0..<spins {
      let bit = UInt32(1) << UInt32(i)
      switch Int(rng.uniform(0, 4)) {
      case 0: p.raise |= bit
      case 1: p.lower |= bit
      case 2: p.z |= bit
      default: break
      }
    }
    return p
  }

  mutating func localOperator(_ spins: Int, terms: Int) -> SpinOperator {
    SpinOperator(spins: spins, terms: (0..<terms).map { _ in SpinTerm(complex(), product(spins)) })
  }

  mutating func hermitian(_ spins: Int, terms: Int) -> SpinOperator {
    let t = localOperator(spins, terms: terms)
    return t + t.adjoint
  }

  /// Σ Δ_i S^z_i + Σ U_ij (S^+_i S^-_j + h.c.) with random real Δ, U.
  mutating func reference(_ spins: Int) -> SpinOperator {
    var h = SpinOperator(spins: spins)
    for i in 0..<spins { h = h + rng.uniform(-2, 2) * SpinOperator.sz(i, spins: spins) }
    for i in 0..<spins {
      for j in (i + 1)..<max(i + 1, spins) {
        let u = rng.uniform(-1, 1)
        h = h + u * (SpinOperator.raising(i, spins: spins) * SpinOperator.lowering(j, spins: spins)
          + SpinOperator.lowering(i, spins: spins) * SpinOperator.raising(j, spins: spins))
      }
    }
    return h
  }

  /// A random Lindbladian with every kind of piece.
  mutating func lindbladian(spins: Int, dressed: Bool = true) throws -> Lindbladian {
    let basis = try SectorEigenbasis(reference(spins))
    let jumps = (0..<2).map { _ in localOperator(spins, terms: 2) } + [SpinOperator.lowering(0, spins: spins)]
    let dressedJumps: [DressedJump] =
      dressed
      ? (0..<spins).map { i in
        DressedJump(
          local: rng.uniform(0.2, 1) * SpinOperator.sz(i, spins: spins),
          eigenDiagonal: (0..<(1 << spins)).map { _ in rng.uniform(-1, 1) })
      } : []
    return try Lindbladian(
      hamiltonian: hermitian(spins, terms: 3), jumps: jumps, eigenbasis: basis,
      eigenHamiltonian: dressed ? basis.energies : nil, dressedJumps: dressedJumps)
  }

  mutating func matrix(_ d: Int) -> ComplexMatrix { ComplexMatrix(rows: d, columns: d) { _, _ in complex() } }
}

/// `unvec(S vec(ρ))` for a dense superoperator.
func applySuperoperator(_ s: ComplexMatrix, _ rho: ComplexMatrix) -> ComplexMatrix {
  let v = s.times(rho.elements)
  return ComplexMatrix(rows: rho.rows, columns: rho.columns, elements: v)
}

func maxDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
  zip(a.elements, b.elements).map { ($0 - $1).length }.max() ?? 0
}

func maxMagnitude(_ a: ComplexMatrix) -> Double { a.elements.map(\.length).max() ?? 0 }
