import DNPNumerics
import SpinPhysics

/// Eigenstates of one sector: energies relative to the sector reference `ω_e (k − N/2)`, eigenvectors, and
/// the diagonal matrix elements the observables need.
public struct SectorEigensystem: Sendable {
  public let basis: SectorBasis
  /// Eigenvalues of ``sectorHamiltonian(sample:nuclearLarmor:basis:upSpins:)``, ascending (rad/s).
  public let energies: [Double]
  public let vectors: RealMatrix
  /// `⟨n|I^z|n⟩` for each eigenstate.
  public let nuclearSz: [Double]
  /// `⟨n|S^z_i|n⟩`, an (states × electrons) matrix.
  public let electronSz: RealMatrix

  /// Diagonalizes sector k (LAPACK dsyevd).
  /// - Complexity: O(d³) for the sector dimension d = 2·C(N, k).
  public init(sample: ThermalMixingSample, nuclearLarmor: Double, basis: SpinBasis, upSpins k: Int) throws {
    let (sector, h) = sectorHamiltonian(
      sample: sample, nuclearLarmor: nuclearLarmor, basis: basis, upSpins: k)
    let eigen = try h.symmetricEigen()
    self.basis = sector
    energies = eigen.values
    vectors = eigen.vectors
    let d = sector.dimension, m = sector.electronStates, n = sample.electrons
    // Weights |V[a, s]|², then ⟨s|O|s⟩ = Σ_a O_aa |V[a, s]|² for diagonal O, as one product.
    let squares = RealMatrix(rows: d, columns: d, elements: eigen.vectors.elements.map { $0 * $0 })
    var diagonals = RealMatrix(rows: d, columns: n + 1)
    for a in 0..<d {
      let state = sector.patterns[a % m]
      for i in 0..<n { diagonals[a, i] = SpinBasis.sz(state, i) }
      diagonals[a, n] = sector.nuclearSz(a)
    }
    let expectation = try RealMatrix.multiply(squares, .transpose, diagonals, .none)
    nuclearSz = expectation.column(n)
    electronSz = RealMatrix(rows: d, columns: n, elements: Array(expectation.elements[0..<(d * n)]))
  }

  public var dimension: Int { basis.dimension }
}
