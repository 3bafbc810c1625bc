import MasterEquations

/// The ensemble physics of one parameter point: the spin temperature fitted over all realizations (eqs. 17–18)
/// and each realization's Kullback–Leibler divergence from that ansatz (eq. 27). The command line only
/// reports it.
public struct ThermalMixingEnsembleAnalysis: Sendable {
  /// The fitted (β_s, h).
  public let fit: SpinTemperature
  /// D_KL(p^stat ‖ p^Ans) per realization, in the order given.
  public let klDivergences: [Double]
  /// Their mean.
  public var meanKLDivergence: Double { klDivergences.reduce(0, +) / Double(max(1, klDivergences.count)) }

  /// - Throws: the fit's ``SpinTemperatureFitError`` (no realizations, degenerate or unconverged).
  /// - Complexity: the fit's Newton iterations over all eigenstates, then one pass per realization.
  public init(ensembles: [EigenstateEnsemble], parameters p: ThermalMixingParameters) throws {
    fit = try fitSpinTemperature(ensembles, parameters: p)
    klDivergences = ensembles.map { [fit] in $0.kullbackLeiblerDivergence(from: fit, referenceFrequency: p.electronLarmor) }
  }
}
