import ComplexModule
import DNPNumerics
import RealModule
import SpinPhysics

/// A jump operator `A = D + Z` that is the sum of a real operator D diagonal in the computational basis
/// (e.g. S^z_i) and a real operator Z diagonal in the reference eigenbasis, `Z = V diag(z) Vᵀ` — the ZL
/// paper's A^z_i (eq. 8).
public struct DressedJump: Sendable {
  /// D: real and diagonal in the computational basis.
  public var local: SpinOperator
  /// z: the eigenvalues of Z on the reference eigenstates, in sector order.
  public var eigenDiagonal: [Double]
  public init(local: SpinOperator, eigenDiagonal: [Double]) {
    self.local = local
    self.eigenDiagonal = eigenDiagonal
  }
}

/// A GKSL generator `L(ρ) = −i[H, ρ] + Σ_k (A_k ρ A_k† − ½{A_k†A_k, ρ})` on N spins-1/2, described by
/// its pieces (QuTiP's vocabulary: a Hamiltonian and collapse operators):
///
/// - `hamiltonian`: local terms (any sum of S^± S^z products), Hermitian;
/// - `eigenHamiltonian`: an optional part diagonal in the reference eigenbasis, `V diag(e) Vᵀ` (e.g. H_S);
/// - `jumps`: local jump operators;
/// - `dressedJumps`: jump operators `D + V diag(z) Vᵀ` (see ``DressedJump``).
///
/// ``LindbladOperator`` applies it matrix-free; ``superoperator()`` builds the dense 4^N × 4^N Kronecker
/// matrix for tests and small registers.
public struct Lindbladian: Sendable {
  public let spins: Int
  public let hamiltonian: SpinOperator
  public let jumps: [SpinOperator]
  public let eigenbasis: SectorEigenbasis
  public let eigenHamiltonian: [Double]?
  public let dressedJumps: [DressedJump]

  /// - Throws: ``LindbladError`` when the pieces act on different registers, H is not Hermitian, a dressed
  ///   jump's local part is not real and diagonal, or an eigenbasis-diagonal vector has the wrong length.
  public init(
    hamiltonian: SpinOperator, jumps: [SpinOperator], eigenbasis: SectorEigenbasis? = nil,
    eigenHamiltonian: [Double]? = nil, dressedJumps: [DressedJump] = []
  ) throws {
    let n = hamiltonian.spins
    spins = n
    guard jumps.allSatisfy({ $0.spins == n }), dressedJumps.allSatisfy({ $0.local.spins == n }) else {
      throw LindbladError("every operator of a Lindbladian must act on the same \(n) spins")
    }
    let hDense = (hamiltonian - hamiltonian.adjoint)
    guard hDense.terms.allSatisfy({ $0.coefficient.length <= 1e-12 * max(1, maxCoefficient(hamiltonian)) }) else {
      throw LindbladError("the Hamiltonian is not Hermitian")
    }
    let basis = eigenbasis ?? SectorEigenbasis(spins: n)
    guard basis.spins == n else { throw LindbladError("the eigenbasis is for \(basis.spins) spins, not \(n)") }
    if (eigenHamiltonian != nil || !dressedJumps.isEmpty) && eigenbasis == nil {
      throw LindbladError("eigenbasis-diagonal terms need the reference eigenbasis")
    }
    if let e = eigenHamiltonian, e.count != basis.dimension {
      throw LindbladError("eigenHamiltonian has \(e.count) entries, expected \(basis.dimension)")
    }
    for j in dressedJumps {
      guard j.eigenDiagonal.count == basis.dimension else {
        throw LindbladError("a dressed jump's eigenDiagonal has \(j.eigenDiagonal.count) entries, expected \(basis.dimension)")
      }
      guard j.local.isDiagonal, j.local.terms.allSatisfy({ $0.coefficient.imaginary == 0 }) else {
        throw LindbladError("a dressed jump's local part must be real and diagonal in the computational basis")
      }
    }
    self.hamiltonian = hamiltonian
    self.jumps = jumps
    self.eigenbasis = basis
    self.eigenHamiltonian = eigenHamiltonian
    self.dressedJumps = dressedJumps
  }

  /// Hilbert-space dimension 2^N.
  public var dimension: Int { 1 << spins }

  /// The whole Hamiltonian as a dense matrix in the computational basis (index = bit pattern).
  public func denseHamiltonian() throws -> ComplexMatrix {
    var h = hamiltonian.dense()
    if let e = eigenHamiltonian { h = sum(h, try eigenDiagonalMatrix(e)) }
    return h
  }

  /// Every jump operator (local, then dressed) as a dense matrix in the computational basis.
  public func denseJumps() throws -> [ComplexMatrix] {
    try jumps.map { $0.dense() } + dressedJumps.map { sum($0.local.dense(), try eigenDiagonalMatrix($0.eigenDiagonal)) }
  }

  /// `V diag(z) Vᵀ` in the computational basis.
  func eigenDiagonalMatrix(_ z: [Double]) throws -> ComplexMatrix {
    let v = eigenbasis.denseVectors()
    var vz = v
    for n in 0..<dimension { for r in 0..<dimension { vz[r, n] = vz[r, n] * Complex(z[n], 0) } }
    return try ComplexMatrix.product(vz, .none, v, .adjoint)
  }

  /// The dense superoperator acting on `vec(ρ)` (column-major: index r + c·2^N):
  /// `−i(1⊗H − Hᵀ⊗1) + Σ_k [Ā_k⊗A_k − ½ 1⊗A_k†A_k − ½ (A_k†A_k)ᵀ⊗1]`.
  /// - Throws: ``LindbladError`` above 6 spins (the matrix would exceed 4096 × 4096).
  /// - Complexity: O(16^N) memory and time.
  public func superoperator() throws -> ComplexMatrix {
    guard spins <= 6 else { throw LindbladError("the dense superoperator is limited to 6 spins (got \(spins))") }
    let d = dimension, d2 = d * d
    var s = ComplexMatrix(rows: d2, columns: d2)
    let h = try denseHamiltonian()
    let minusI = Complex<Double>(0, -1)
    // −i(1⊗H): (r', c) ← (r, c) with H[r', r]; +i(Hᵀ⊗1): (r, c') ← (r, c) with H[c, c'].
    for c in 0..<d {
      for r in 0..<d {
        for rp in 0..<d where h[rp, r] != .zero { s[rp + c * d, r + c * d] += minusI * h[rp, r] }
        for cp in 0..<d where h[c, cp] != .zero { s[r + cp * d, r + c * d] -= minusI * h[c, cp] }
      }
    }
    for a in try denseJumps() {
      let ada = try ComplexMatrix.product(a, .adjoint, a, .none)
      for c in 0..<d {
        for r in 0..<d {
          let col = r + c * d
          for cp in 0..<d where a[cp, c] != .zero {
            let ac = a[cp, c].conjugate
            for rp in 0..<d where a[rp, r] != .zero { s[rp + cp * d, col] += a[rp, r] * ac }
          }
          for rp in 0..<d where ada[rp, r] != .zero { s[rp + c * d, col] -= Complex(0.5, 0) * ada[rp, r] }
          for cp in 0..<d where ada[c, cp] != .zero { s[r + cp * d, col] -= Complex(0.5, 0) * ada[c, cp] }
        }
      }
    }
    return s
  }
}

private func maxCoefficient(_ o: SpinOperator) -> Double { o.terms.map { $0.coefficient.length }.max() ?? 0 }

private func sum(_ a: ComplexMatrix, _ b: ComplexMatrix) -> ComplexMatrix {
  var r = a
  for k in 0..<r.elements.count { r.elements[k] += b.elements[k] }
  return r
}
