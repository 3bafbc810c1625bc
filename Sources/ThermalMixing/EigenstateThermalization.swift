import DNPNumerics
import SpinPhysics

/// The ETH / MBL diagnostics of Fig. 4: the diagonal matrix elements `⟨n|S^z_1|n⟩` over the eigenstates of the
/// electron-only Hamiltonian in its `S^z = 0` sector (k = ⌊N/2⌋ up spins), ordered by energy, and their mean
/// adjacent difference `δM = ⟨|⟨n+1|S^z_1|n+1⟩ − ⟨n|S^z_1|n⟩|⟩_n`. In the ergodic (ETH) phase δM shrinks
/// exponentially with N; in the many-body-localized phase it stays of order one.
public struct EigenstateThermalization: Codable, Sendable {
  /// Eigenvalues of the sector (rad/s, from the sector's Zeeman reference), ascending.
  public var energies: [Double]
  /// `⟨n|S^z_i|n⟩` for the chosen spin i, in the same order.
  public var spinExpectations: [Double]
  /// δM, the mean of |differences| of consecutive expectations.
  public var meanAdjacentDifference: Double

  /// - Parameter spin: the electron i whose S^z is followed (0-based; the paper's S^z_1 is spin 0).
  /// - Complexity: O(C(N, N/2)³) for the sector eigensolve.
  public init(sample: ThermalMixingSample, spin: Int = 0) throws {
    let basis = SpinBasis(spins: sample.electrons)
    let k = sample.electrons / 2
    let eigen = try electronSectorHamiltonian(sample: sample, basis: basis, upSpins: k).symmetricEigen()
    let patterns = basis.sectors[k]
    let d = patterns.count
    var expectations = [Double](repeating: 0, count: d)
    for n in 0..<d {
      var s = 0.0
      for a in 0..<d { s += eigen.vectors[a, n] * eigen.vectors[a, n] * SpinBasis.sz(patterns[a], spin) }
      expectations[n] = s
    }
    energies = eigen.values
    spinExpectations = expectations
    let diffs = zip(expectations, expectations.dropFirst()).map { abs($1 - $0) }
    meanAdjacentDifference = diffs.isEmpty ? 0 : diffs.reduce(0, +) / Double(diffs.count)
  }
}
