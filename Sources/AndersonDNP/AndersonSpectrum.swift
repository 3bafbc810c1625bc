import DNPNumerics

/// The single-particle eigenpairs (ε_α, φ_α) of M (eq. 7), stored as what the physics needs: the energies and
/// the eigenfunction intensities.
///
/// - ``offsets``: ε_α − ω_e, ascending (from the diagonalization of M − ω_e·1, so differences ε_α − ε_β keep
///   full precision).
/// - ``weights``: W_jα = |φ_αj|² (rows: sites j, columns: modes α). Each column sums to 1, and so does each
///   row (completeness).
/// - ``overlap``: K_αβ = Σ_j W_jα W_jβ = (WᵀW)_αβ, the discrete eigenfunction-overlap correlator:
///   `N_e 𝒦(ε, ε') = Σ_αβ K_αβ δ(ε_α − ε) δ(ε_β − ε')` (eq. 21 for one realization). Every hyperfine rate
///   summed over the core nuclei is `Σ_αβ K_αβ f(ε_α, ε_β)` (eq. 19), so K is formed once by one `dsyrk`.
public struct AndersonSpectrum: Sendable {
  /// ω_e, the reference of ``offsets``.
  public let electronLarmor: Double
  /// ε_α − ω_e, ascending, rad/s.
  public let offsets: [Double]
  /// W_jα = |φ_αj|².
  public let weights: Matrix<Double>
  /// K_αβ = Σ_j |φ_αj|² |φ_βj|².
  public let overlap: Matrix<Double>

  /// Diagonalizes the lattice's `M − ω_e·1` (LAPACK `dsyevd`) and forms W and K = WᵀW (`dsyrk`, half a `dgemm`).
  /// - Complexity: O(N_e³) time (one eigendecomposition and one N_e×N_e product), 2·N_e² doubles kept.
  public init(lattice: AndersonLattice, electronLarmor: Double) throws {
    let eigen = try lattice.shiftedMatrix().symmetricEigen()
    try self.init(electronLarmor: electronLarmor, offsets: eigen.values, eigenvectors: eigen.vectors)
  }

  /// A spectrum from given energies and orthonormal eigenvectors (columns, one per energy). Used for the GOE
  /// comparison of eq. (23) with sampled GOE eigenvectors: the Anderson energies with GOE eigenfunctions.
  /// - Complexity: O(N³) for K = WᵀW (`dsyrk`).
  public init(electronLarmor: Double, offsets: [Double], eigenvectors: consuming Matrix<Double>) throws {
    let n = offsets.count
    guard eigenvectors.rows == n, eigenvectors.columns == n else {
      throw AndersonError.invalidParameter(
        "eigenvector matrix is \(eigenvectors.rows)×\(eigenvectors.columns), expected \(n)×\(n)")
    }
    var w = eigenvectors
    w.elements.withUnsafeMutableBufferPointer { p in
      for k in p.indices { p[k] *= p[k] }
    }
    self.electronLarmor = electronLarmor
    self.offsets = offsets
    self.overlap = w.gram
    self.weights = w
  }

  /// N_e, the number of sites (and of modes).
  public var siteCount: Int { offsets.count }

  /// ε_α in the lab frame (contains ω_e; use ``offsets`` for differences).
  public func labEnergy(_ alpha: Int) -> Double { electronLarmor + offsets[alpha] }
}
