#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The stationary bias of one single-particle mode under bath and microwaves, eq. (11):
///
///     P_B(ε) = [1 + T2e²(ε − ω_MW)²] tanh(βε/2) / [1 + T2e²(ε − ω_MW)² + 2ω1² T1e T2e]
///
/// `⟨n̂_α⟩ = [1 + P_B(ε_α)]/2`. The paper's P = 2n − 1 is minus the electron spin polarization 2⟨S^z⟩ of
/// SPEC §1 (n = 1/2 − S^z), so P_B is positive at thermal equilibrium. Note the factor 2 in the saturation
/// term (eq. 11 with the rates of eq. 10): with SPEC §6's Bloch convention this is `ω1 → √2·ω1`.
public struct BlochBias: Sendable, Equatable {
  public let beta: Double
  public let electronLarmor: Double
  public let microwaveFrequency: Double
  public let microwaveAmplitude: Double
  public let t1e: Double
  public let t2e: Double

  public init(
    beta: Double, electronLarmor: Double, microwaveFrequency: Double, microwaveAmplitude: Double, t1e: Double,
    t2e: Double
  ) {
    self.beta = beta
    self.electronLarmor = electronLarmor
    self.microwaveFrequency = microwaveFrequency
    self.microwaveAmplitude = microwaveAmplitude
    self.t1e = t1e
    self.t2e = t2e
  }

  public init(_ p: AndersonParameters) {
    self.init(
      beta: p.beta, electronLarmor: p.electronLarmor, microwaveFrequency: p.microwaveFrequency,
      microwaveAmplitude: p.microwaveAmplitude, t1e: p.t1e, t2e: p.t2e)
  }

  /// P_B at lab energy ω_e + `offset` (eq. 11). The detuning ε − ω_MW is formed as (ω_e − ω_MW) + offset so
  /// that it keeps full precision; tanh saturates smoothly for any |βε|.
  public func callAsFunction(offset: Double) -> Double {
    let energy = electronLarmor + offset
    let detuning = (electronLarmor - microwaveFrequency) + offset
    let x = t2e * detuning
    let lorentz = 1 + x * x
    let saturation = 2 * microwaveAmplitude * microwaveAmplitude * t1e * t2e
    return lorentz * tanh(beta * energy / 2) / (lorentz + saturation)
  }

  /// P_B for each offset.
  public func callAsFunction(offsets: [Double]) -> [Double] { offsets.map { self(offset: $0) } }
}
