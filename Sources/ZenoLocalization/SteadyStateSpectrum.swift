import ComplexModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// One eigenvector |λ⟩ of a stationary density matrix (ZL Fig. 3, S9, S10).
public struct DensityEigenvector: Codable, Sendable {
  /// The eigenvalue ⟨λ|ρ|λ⟩.
  public var weight: Double
  /// ⟨λ|H_S − ω_MW S^z|λ⟩ (rad/s), the rotating-frame energy.
  public var relativeEnergy: Double
  /// ⟨λ|S^z|λ⟩.
  public var magnetization: Double
  /// The entanglement entropy of |λ⟩ between the first ⌊N/2⌋ spins and the rest (nats).
  public var entanglementEntropy: Double
  /// ⟨λ|S^z_i|λ⟩ per spin (for the histograms of Fig. 3's inset).
  public var spinExpectations: [Double]
}

extension ZenoModel {
  /// The eigenvectors of ρ (computational basis), ordered by increasing lab-frame energy
  /// ⟨λ|H_S|λ⟩ = relativeEnergy + ω_MW·magnetization.
  /// - Complexity: one zheevd of 2^N × 2^N plus one SVD of 2^{⌊N/2⌋} × 2^{⌈N/2⌉} per eigenvector.
  public func spectrum(of rho: ComplexMatrix) throws -> [DensityEigenvector] {
    let eig = try rho.hermitianEigen()
    let d = eig.values.count
    return try (0..<d).map { j in try eigenvector(eig.vectors.column(j), weight: eig.values[j]) }.sorted(by: labOrder)
  }

  /// The same for the Hilbert state: its eigenvectors are the eigenstates |n⟩ of H_S.
  public func spectrum(of hilbert: HilbertSteadyState) throws -> [DensityEigenvector] {
    let v = eigenbasis.denseVectors()
    return try (0..<v.columns).map { n in try eigenvector(v.column(n), weight: hilbert.populations[n]) }.sorted(by: labOrder)
  }

  private func labOrder(_ a: DensityEigenvector, _ b: DensityEigenvector) -> Bool {
    let w = parameters.microwaveFrequency
    return a.relativeEnergy + w * a.magnetization < b.relativeEnergy + w * b.magnetization
  }

  private func eigenvector(_ psi: [Complex<Double>], weight: Double) throws -> DensityEigenvector {
    let n = parameters.electrons
    let hPsi = rotatingHamiltonian.apply(to: psi)
    var energy = 0.0, magnetization = 0.0
    var spins = [Double](repeating: 0, count: n)
    for b in 0..<psi.count {
      let p = psi[b].lengthSquared
      energy += (psi[b].conjugate * hPsi[b]).real
      for i in 0..<n { spins[i] += p * SpinBasis.sz(UInt32(b), i) }
    }
    magnetization = spins.reduce(0, +)
    let entropy = try RegisterEntanglement.entropy(ofPure: psi, spins: n, subsystem: Array(0..<(n / 2)))
    return DensityEigenvector(
      weight: weight, relativeEnergy: energy, magnetization: magnetization, entanglementEntropy: entropy,
      spinExpectations: spins)
  }
}
