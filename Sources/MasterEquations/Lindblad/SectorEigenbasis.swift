import ComplexModule
import DNPNumerics
import RealModule
import SpinPhysics

/// Why a Lindblad problem cannot be set up or solved.
public struct LindbladError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The eigenbasis of a real, magnetization-conserving reference Hamiltonian (the ZL paper's H_S), block by
/// magnetization sector: `H = V diag(energies) Vᵀ` with V block-diagonal.
///
/// States are kept in *sector order*: the computational basis states of sector 0, then sector 1, …, each in
/// ``SpinBasis`` order; eigenstates follow the same sector layout. ``order`` maps a sector-order index to its
/// bit pattern and ``position`` back.
public struct SectorEigenbasis: Sendable {
  public let spins: Int
  /// Bit pattern of each sector-order index.
  public let order: [UInt32]
  /// Sector-order index of each bit pattern.
  public let position: [Int32]
  /// First index and size of each sector.
  public let offsets: [Int]
  public let sizes: [Int]
  /// The eigenvectors of each sector (columns), `sizes[k] × sizes[k]`.
  public let blocks: [RealMatrix]
  /// Eigenvalues in sector order (ascending within a sector).
  public let energies: [Double]

  /// The sector layout without a Hamiltonian (identity blocks): the computational basis in sector order.
  public init(spins: Int) {
    let basis = SpinBasis(spins: spins)
    self.init(basis: basis, blocks: basis.sectors.map { RealMatrix.identity($0.count) },
      energies: [Double](repeating: 0, count: basis.dimension))
  }

  private init(basis: SpinBasis, blocks: [RealMatrix], energies: [Double]) {
    spins = basis.spins
    order = basis.sectors.flatMap { $0 }
    var position = [Int32](repeating: 0, count: basis.dimension)
    for (j, p) in order.enumerated() { position[Int(p)] = Int32(j) }
    self.position = position
    var offsets = [Int](), total = 0
    for s in basis.sectors {
      offsets.append(total)
      total += s.count
    }
    self.offsets = offsets
    sizes = basis.sectors.map(\.count)
    self.blocks = blocks
    self.energies = energies
  }

  /// Diagonalizes `hamiltonian` sector by sector (LAPACK `dsyevd` per block).
  /// - Throws: ``LindbladError`` when the operator does not conserve magnetization or is not real symmetric.
  /// - Complexity: O(Σ_k d_k³) with d_k = C(N, k).
  public init(_ hamiltonian: SpinOperator) throws {
    guard hamiltonian.conservesMagnetization else {
      throw LindbladError("the reference Hamiltonian must conserve the total magnetization")
    }
    let basis = SpinBasis(spins: hamiltonian.spins)
    var blocks = [RealMatrix](), energies = [Double]()
    for states in basis.sectors {
      var h = RealMatrix(rows: states.count, columns: states.count)
      for (j, b) in states.enumerated() {
        for t in hamiltonian.terms {
          guard let (target, a) = t.product.act(on: b) else { continue }
          let value = t.coefficient * Complex(a, 0)
          guard abs(value.imaginary) <= 1e-12 * max(1, value.length) else {
            throw LindbladError("the reference Hamiltonian must be real symmetric (complex coefficient \(value))")
          }
          h[basis.index(of: target), j] += value.real
        }
      }
      for j in 0..<h.columns {
        for i in 0..<j where abs(h[i, j] - h[j, i]) > 1e-9 * max(1, abs(h[i, j])) {
          throw LindbladError("the reference Hamiltonian is not Hermitian")
        }
      }
      let eig = try h.symmetricEigen()
      blocks.append(eig.vectors)
      energies.append(contentsOf: eig.values)
    }
    self.init(basis: basis, blocks: blocks, energies: energies)
  }

  public var dimension: Int { order.count }

  /// `⟨n|O|n⟩` for every eigenstate n (sector order) of an operator diagonal in the computational basis,
  /// e.g. S^z_i. Imaginary parts are dropped (a Hermitian diagonal operator is real).
  /// - Complexity: O(Σ_k d_k²).
  public func eigenstateExpectations(ofDiagonal op: SpinOperator) -> [Double] {
    precondition(op.isDiagonal, "eigenstateExpectations needs an operator diagonal in the computational basis")
    let d = op.diagonal()
    var z = [Double](repeating: 0, count: dimension)
    for (k, v) in blocks.enumerated() {
      for n in 0..<sizes[k] {
        var s = 0.0
        for r in 0..<sizes[k] { s += v[r, n] * v[r, n] * d[Int(order[offsets[k] + r])].real }
        z[offsets[k] + n] = s
      }
    }
    return z
  }

  /// V as a dense matrix in the computational basis (rows: bit patterns, columns: eigenstates in sector order).
  /// - Complexity: O(4^N) memory; for tests and small systems.
  public func denseVectors() -> ComplexMatrix {
    var v = ComplexMatrix(rows: dimension, columns: dimension)
    for (k, b) in blocks.enumerated() {
      for n in 0..<sizes[k] {
        for r in 0..<sizes[k] { v[Int(order[offsets[k] + r]), offsets[k] + n] = Complex(b[r, n], 0) }
      }
    }
    return v
  }
}
