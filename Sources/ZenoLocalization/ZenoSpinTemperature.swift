import DNPNumerics
import MasterEquations

/// The spin-temperature ansatz of the ZL supplement (eq. S78), `ρ^ans_nn ∝ e^{−β_s(ε_n − h s_n)}`, fitted to the
/// energy and polarization of stationary states (eq. S79), and the nuclear polarization it implies.
public struct ZenoSpinTemperature: Codable, Sendable {
  /// β_s in s (ħ/k_B T_s).
  public var inverseTemperature: Double
  /// h (rad/s); h = ω_MW − η with η fitted relative to ω_MW.
  public var effectiveField: Double
  /// h − ω_MW (rad/s), the part of h the fit resolves.
  public var fieldOffsetFromMicrowave: Double
}

extension ZenoModel {
  /// The populations of a state in the form the shared Gibbs-ansatz fit reads: energies relative to ω_MW
  /// (the rotating-frame eigenvalues ε'_n = ε_n − ω_MW s_n) and the magnetizations s_n.
  public func ensemble(of state: EigenbasisState) -> EigenstateEnsemble {
    let basis = eigenbasis
    var magnetizations = [Double]()
    for k in basis.sizes.indices {
      magnetizations += [Double](repeating: Double(k) - Double(parameters.electrons) / 2, count: basis.sizes[k])
    }
    return EigenstateEnsemble(relativeEnergies: basis.energies, magnetizations: magnetizations, populations: state.populations)
  }
}

/// The spin-temperature fit (eqs. S78–S80) over realizations, each with its own partition function, by the shared
/// ``fitGibbsAnsatz(_:)`` (Newton from infinite temperature on a convex problem, which makes the paper's
/// starting guess S80 unnecessary).
/// - Parameter microwaveFrequency: ω_MW, the reference the ensembles' energies are relative to.
public func fitZenoSpinTemperature(_ ensembles: [EigenstateEnsemble], microwaveFrequency: Double) throws
  -> ZenoSpinTemperature
{
  let (beta, eta) = try fitGibbsAnsatz(ensembles)
  return ZenoSpinTemperature(
    inverseTemperature: beta, effectiveField: microwaveFrequency - eta, fieldOffsetFromMicrowave: -eta)
}

/// The nuclear polarization estimated from an electron profile (eq. S81, second form): with the spins ordered by
/// their frequency ω_e + Δ_i and P_i = 2⟨S^z_i⟩,
/// `P_n ≈ Σ_i (P_i − P_{i+1}) / Σ_i (1 − P_i P_{i+1})` over neighbouring pairs (the paper's
/// `2Σ[⟨S^z_i⟩ − ⟨S^z_{i+1}⟩] / Σ[1 − 4⟨S^z_i⟩⟨S^z_{i+1}⟩]`), assuming neighbouring spins a nuclear Zeeman gap
/// apart in a uniform line.
/// - Returns: nil for fewer than two spins.
public func nuclearPolarizationEstimate(polarizations: [Double], offsets: [Double]) -> Double? {
  guard polarizations.count == offsets.count, polarizations.count >= 2 else { return nil }
  let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
  var numerator = 0.0, denominator = 0.0
  for (a, b) in zip(order, order.dropFirst()) {
    numerator += polarizations[a] - polarizations[b]
    denominator += 1 - polarizations[a] * polarizations[b]
  }
  return denominator == 0 ? nil : numerator / denominator
}
