/// CODATA 2018 constants in SI units (exact where the 2019 SI fixes them).
public enum PhysicalConstants {
  /// Reduced Planck constant ħ in J·s.
  public static let hbar = 1.054_571_817e-34
  /// Planck constant h in J·s (exact).
  public static let planck = 6.626_070_15e-34
  /// Boltzmann constant k_B in J/K (exact).
  public static let boltzmann = 1.380_649e-23
  /// Vacuum permeability μ0 in N/A².
  public static let mu0 = 1.256_637_062_12e-6
  /// Avogadro constant N_A in 1/mol (exact).
  public static let avogadro = 6.022_140_76e23
  /// Electron gyromagnetic ratio |γ_e| in rad/(s·T).
  public static let electronGyromagneticRatio = 1.760_859_630_23e11
  /// Proton gyromagnetic ratio γ_p in rad/(s·T).
  public static let protonGyromagneticRatio = 2.675_221_874_4e8

  /// β = ħ/(k_B T) in seconds for a temperature in kelvin (SPEC §1: ħ = k_B = 1 in formulas).
  public static func inverseTemperature(kelvin t: Double) -> Double { hbar / (boltzmann * t) }

  /// The temperature in kelvin of an inverse temperature β in seconds.
  public static func temperature(inverseSeconds beta: Double) -> Double { hbar / (boltzmann * beta) }
}
