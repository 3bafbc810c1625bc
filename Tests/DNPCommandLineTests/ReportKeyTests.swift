import Testing

@testable import DNPCommandLine

/// result.json's keys come from one rule (``ReportKey``); these are the keys the report types once spelled
/// out in hand-written `CodingKeys`, and keys that are already report keys stay as they are.
@Test func reportKeysFollowOneRule() {
  let expected: [(String, String)] = [
    ("binWidthMHz", "bin_width_MHz"),
    ("correlationAtLarmor", "correlation_at_larmor"),
    ("correlationAtLarmorStd", "correlation_at_larmor_std"),
    ("correlationStd", "correlation_std"),
    ("densityPerMHz", "density_per_MHz"),
    ("densityStd", "density_std"),
    ("dipolarStrengthMHz", "dipolar_strength_MHz"),
    ("effectiveFieldMHz", "effective_field_MHz"),
    ("effectiveFieldOffsetFromMicrowaveMHz", "effective_field_offset_from_microwave_MHz"),
    ("electronPolarizations", "electron_polarizations"),
    ("electronProfile", "electron_profile"),
    ("energyMHz", "energy_MHz"),
    ("hoppingMHz", "hopping_MHz"),
    ("inverseTemperaturePerK", "inverse_temperature_per_K"),
    ("iprStd", "ipr_std"),
    ("klDivergence", "kl_divergence"),
    ("klDivergenceMean", "kl_divergence_mean"),
    ("levelSpacingRatio", "level_spacing_ratio"),
    ("levelSpacingRatioStd", "level_spacing_ratio_std"),
    ("meanAdjacentDifference", "mean_adjacent_difference"),
    ("meanAdjacentDifferenceStd", "mean_adjacent_difference_std"),
    ("meanBias", "mean_bias"),
    ("nuclearLarmorMHz", "nuclear_larmor_MHz"),
    ("nuclearPolarization", "nuclear_polarization"),
    ("nuclearPolarizationClosedForm", "nuclear_polarization_closed_form"),
    ("nuclearPolarizationClosedFormStd", "nuclear_polarization_closed_form_std"),
    ("nuclearPolarizationGOE", "nuclear_polarization_goe"),
    ("nuclearPolarizationGOEStd", "nuclear_polarization_goe_std"),
    ("nuclearPolarizationStd", "nuclear_polarization_std"),
    ("omegaMHz", "omega_MHz"),
    ("overlapAtLarmor", "overlap_at_larmor"),
    ("overlapAtLarmorStd", "overlap_at_larmor_std"),
    ("overlapPerMHz", "overlap_per_MHz"),
    ("overlapStd", "overlap_std"),
    ("perRealization", "per_realization"),
    ("perturbativeDipolarStrengthMHz", "perturbative_dipolar_strength_MHz"),
    ("predictedNuclearPolarization", "predicted_nuclear_polarization"),
    ("spinTemperature", "spin_temperature"),
    ("sweepParameter", "sweep_parameter"),
    ("thermalNuclearPolarization", "thermal_nuclear_polarization"),
  ]
  for (property, key) in expected { #expect(ReportKey.name(property) == key, "\(property)") }
  for key in ["wall_time_s", "band_minimum_MHz", "microwave_offset_-40MHz", "*_std", "2.0", "t1e", "units"] {
    #expect(ReportKey.name(key) == key)
  }
}
