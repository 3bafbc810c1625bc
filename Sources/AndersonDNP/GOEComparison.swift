import DNPNumerics

/// Which delocalized reference replaces the Anderson eigenfunctions in the GOE comparison of eq. (23).
public enum GOECorrelator: Codable, Sendable, Equatable {
  /// The factorized correlator of eq. (23), `𝒦^GOE(ε, ε') = ρ(ε)ρ(ε')`: K_αβ = 1/N_e for all (α, β).
  /// This is what Fig. 3 of the paper uses. O(N_e²), no extra diagonalization.
  case factorized
  /// Eigenvectors of an N_e×N_e GOE matrix drawn from `Xoshiro256StarStar(seed:, stream:)`, paired in order
  /// with the Anderson energies (Sec. IV). O(N_e³): a second eigendecomposition.
  case sampledEigenvectors(seed: UInt64, stream: UInt64)
}

/// The Gaussian orthogonal ensemble reference of eq. (23): same density of states, fully delocalized
/// eigenfunctions (|φ_αi|² ≈ 1/N_e).
public enum GOEComparison {
  /// A GOE matrix: symmetric, diagonal entries N(0, 1), off-diagonal N(0, 1/2) (density ∝ exp(−tr H²/2)).
  /// Entries are drawn column by column, lower triangle, i ≥ j.
  public static func randomMatrix(size n: Int, generator: inout Xoshiro256StarStar) -> Matrix<Double> {
    var h = Matrix<Double>(rows: n, columns: n)
    let offDiagonal = 0.5.squareRoot()
    for j in 0..<n {
      h[j, j] = generator.gaussian()
      for i in (j + 1)..<n {
        let g = offDiagonal * generator.gaussian()
        h[i, j] = g
        h[j, i] = g
      }
    }
    return h
  }

  /// Orthonormal GOE eigenvectors (columns) of a matrix drawn from `(seed, stream)`.
  /// - Complexity: O(n³).
  public static func eigenvectors(size n: Int, seed: UInt64, stream: UInt64) throws -> Matrix<Double> {
    var rng = Xoshiro256StarStar(seed: seed, stream: stream)
    return try randomMatrix(size: n, generator: &rng).symmetricEigen().vectors
  }

  /// Eq. (19) summed over all nuclei with the Anderson energies and GOE-like eigenfunctions; its
  /// ``NuclearRates/polarization`` is the P_n^GOE of Fig. 3.
  public static func rates(
    spectrum: AndersonSpectrum, parameters: AndersonParameters, correlator: GOECorrelator = .factorized
  ) throws -> NuclearRates {
    switch correlator {
    case .factorized:
      return NuclearRates(factorizedOffsets: spectrum.offsets, parameters: parameters)
    case .sampledEigenvectors(let seed, let stream):
      let vectors = try eigenvectors(size: spectrum.siteCount, seed: seed, stream: stream)
      let goe = try AndersonSpectrum(
        electronLarmor: spectrum.electronLarmor, offsets: spectrum.offsets, eigenvectors: vectors)
      return NuclearRates(spectrum: goe, parameters: parameters)
    }
  }
}
