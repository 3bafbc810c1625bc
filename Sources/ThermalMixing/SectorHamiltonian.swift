import DNPNumerics
import SpinPhysics

/// The basis of one electron-magnetization sector of eq. 9: electron patterns with k spins up, times the two
/// nuclear states. Index `ν·m + a` for electron pattern a (of m) and nuclear state ν (0: I^z = +½, 1: −½).
public struct SectorBasis: Sendable {
  /// Number of up electrons k.
  public let upSpins: Int
  /// Electron patterns of the sector (bit i set: electron i up).
  public let patterns: [UInt32]
  public var electronStates: Int { patterns.count }
  public var dimension: Int { 2 * patterns.count }

  /// `⟨I^z⟩` of basis index `index`.
  @inlinable public func nuclearSz(_ index: Int) -> Double { index < patterns.count ? 0.5 : -0.5 }
}

/// The electron part of eq. 9 in one magnetization sector (k spins up), measured from `ω_e (k − N/2)`:
/// `Σ_i Δ_i S^z_i + Σ_{i<j} U_ij (S^+_i S^-_j + h.c.) [+ Σ_{i<j} J_ij S^z_i S^z_j]`, over the sector's patterns.
public func electronSectorHamiltonian(sample: ThermalMixingSample, basis: SpinBasis, upSpins k: Int)
  -> RealMatrix
{
  let patterns = basis.sectors[k]
  let n = sample.electrons
  var h = RealMatrix(rows: patterns.count, columns: patterns.count)
  for (a, state) in patterns.enumerated() {
    var diagonal = 0.0
    for i in 0..<n {
      let si = SpinBasis.sz(state, i)
      diagonal += sample.offsets[i] * si
      if let ising = sample.ising {
        for j in (i + 1)..<max(i + 1, n) { diagonal += ising[i][j] * si * SpinBasis.sz(state, j) }
      }
      for j in (i + 1)..<max(i + 1, n) where sample.couplings[i][j] != 0 {
        guard let flipped = SpinBasis.flipFlop(state, i, j) else { continue }
        h[basis.index(of: flipped), a] = sample.couplings[i][j]
      }
    }
    h[a, a] = diagonal
  }
  return h
}

/// Eq. 9 restricted to one sector, measured from the sector's Zeeman reference `ω_e (k − N/2)`:
///
///     H_k = H_e,k ⊗ 1 − ω_n I^z + Σ_i D_i S^z_i I^x
///
/// with the electron part H_e,k of ``electronSectorHamiltonian(sample:basis:upSpins:)``. Removing the
/// ω_e ≈ 2π·94 GHz reference before diagonalizing keeps the MHz-scale structure exact (ARCHITECTURE numerics
/// rules); sector energies differ by exactly ω_e per up spin.
public func sectorHamiltonian(
  sample: ThermalMixingSample, nuclearLarmor: Double, basis: SpinBasis, upSpins k: Int
) -> (SectorBasis, RealMatrix) {
  let patterns = basis.sectors[k]
  let m = patterns.count
  let sector = SectorBasis(upSpins: k, patterns: patterns)
  let electron = electronSectorHamiltonian(sample: sample, basis: basis, upSpins: k)
  var h = RealMatrix(rows: 2 * m, columns: 2 * m)
  for b in 0..<m {
    for a in 0..<m {
      h[a, b] = electron[a, b]
      h[a + m, b + m] = electron[a, b]
    }
  }
  for (a, state) in patterns.enumerated() {
    var hyperfine = 0.0
    for i in 0..<sample.electrons { hyperfine += sample.hyperfine[i] * SpinBasis.sz(state, i) * 0.5 }  // ⟨↑|I^x|↓⟩ = ½
    h[a, a] -= nuclearLarmor * 0.5
    h[a + m, a + m] += nuclearLarmor * 0.5
    h[a + m, a] = hyperfine
    h[a, a + m] = hyperfine
  }
  return (sector, h)
}
