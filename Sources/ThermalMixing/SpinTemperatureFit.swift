import DNPNumerics
import Foundation
import MasterEquations

/// The fitting method (TM paper, eqs. 17–18) through ``fitGibbsAnsatz(_:)``: (β_s, h = −ω_ref + η).
/// - Parameters:
///   - ensembles: one ``EigenstateEnsemble`` per realization (equal weights).
///   - referenceFrequency: ω_ref used for the relative energies (normally ω_e).
///   - nuclearLarmor: ω_n for the predicted nuclear polarization `tanh(β_s ω_n/2)` (eq. 1).
/// - Returns: the spin temperature with method `.fit(realizations:)`.
public func fitSpinTemperature(
  _ ensembles: [EigenstateEnsemble], referenceFrequency: Double, nuclearLarmor: Double
) throws -> SpinTemperature {
  let (beta, eta) = try fitGibbsAnsatz(ensembles)
  return SpinTemperature(
    inverseTemperature: beta, effectiveField: -referenceFrequency + eta, nuclearLarmor: nuclearLarmor,
    method: .fit(realizations: ensembles.count))
}

/// Convenience: the fit with ω_ref = ω_e and ω_n taken from the model parameters.
public func fitSpinTemperature(_ ensembles: [EigenstateEnsemble], parameters: ThermalMixingParameters) throws
  -> SpinTemperature
{
  try fitSpinTemperature(
    ensembles, referenceFrequency: parameters.electronLarmor, nuclearLarmor: parameters.nuclearLarmor)
}

extension EigenstateEnsemble {
  /// `log p^Ans_n` of the Ansatz (eq. 17) for this realization, normalized over its eigenstates.
  /// - Parameter referenceFrequency: the ω_ref the relative energies were formed with.
  public func ansatzLogPopulations(_ ansatz: SpinTemperature, referenceFrequency: Double) -> [Double] {
    ansatzLogPopulations(
      inverseTemperature: ansatz.inverseTemperature, fieldOffset: ansatz.fieldOffset(from: referenceFrequency))
  }

  /// `p^Ans_n` of the Ansatz (eq. 17), normalized over this realization's eigenstates.
  public func ansatzPopulations(_ ansatz: SpinTemperature, referenceFrequency: Double) -> [Double] {
    ansatzLogPopulations(ansatz, referenceFrequency: referenceFrequency).map { exp($0) }
  }
}
