/// The control parameters of the CE paper's master equation (eq. 1, SPEC §5), in the frame rotating at the
/// microwave frequency. Angular frequencies in rad/s, rates in s⁻¹.
public struct CrossEffectParameters: Codable, Sendable, Equatable {
  /// p = tanh(ω_S/2k_BT), the electrons' thermal polarization.
  public var electronPolarization: Double
  /// ω_I.
  public var nuclearLarmor: Double
  /// ω1.
  public var microwaveAmplitude: Double
  /// Δ_1, Δ_2 as the Hamiltonian's electron offsets from the microwave frequency; the CE matching
  /// Δ_1 = Δ_2 − ω_I = 0 is `[0, ω_I]` (what ``figure1c(coherent:)`` sets).
  public var electronOffsets: [Double]
  /// D of `D(3S_1zS_2z − S_1·S_2)`.
  public var electronCoupling: Double
  /// R1 = 1/T1e, R2 = 1/T2e.
  public var electronRelaxation: Double
  public var electronDecoherence: Double
  /// r1 = 1/T1n, r2 = 1/T2n.
  public var nuclearRelaxation: Double
  public var nuclearDecoherence: Double

  public init(
    electronPolarization: Double, nuclearLarmor: Double, microwaveAmplitude: Double, electronOffsets: [Double],
    electronCoupling: Double, electronRelaxation: Double, electronDecoherence: Double, nuclearRelaxation: Double,
    nuclearDecoherence: Double
  ) {
    self.electronPolarization = electronPolarization
    self.nuclearLarmor = nuclearLarmor
    self.microwaveAmplitude = microwaveAmplitude
    self.electronOffsets = electronOffsets
    self.electronCoupling = electronCoupling
    self.electronRelaxation = electronRelaxation
    self.electronDecoherence = electronDecoherence
    self.nuclearRelaxation = nuclearRelaxation
    self.nuclearDecoherence = nuclearDecoherence
  }

  /// Fig. 1(c): ω_I = 2π·145 MHz, T2e = 50 µs, T1n = 100 s, T2n = 1 ms, the matching offsets Δ_1 = 0, Δ_2 = ω_I;
  /// coherent: p = 0.034 (70 K), ω1 = D = 2π·0.5 MHz, T1e = 3 ms; incoherent (the dashed curves): p = 0.98
  /// (1 K), ω1 = 2π·10 kHz, D = 2π·100 kHz, T1e = 1 s.
  public static func figure1c(coherent: Bool) -> CrossEffectParameters {
    let twoPi = 2 * Double.pi
    let omegaI = twoPi * 145e6
    return CrossEffectParameters(
      electronPolarization: coherent ? 0.034 : 0.98, nuclearLarmor: omegaI,
      microwaveAmplitude: twoPi * (coherent ? 0.5e6 : 10e3), electronOffsets: [0, omegaI],
      electronCoupling: twoPi * (coherent ? 0.5e6 : 100e3), electronRelaxation: coherent ? 1 / 3e-3 : 1,
      electronDecoherence: 1 / 50e-6, nuclearRelaxation: 1 / 100, nuclearDecoherence: 1 / 1e-3)
  }
}

/// The nuclei and their couplings: hyperfine `A_jk I_kz S_jz + (B_jk I_k+/2 + B*_jk I_k−/2) S_jz` and nuclear
/// dipolar `d_kk′(3I_kzI_k′z − I_k·I_k′)` (rad/s).
public struct CrossEffectSpins: Codable, Sendable, Equatable {
  /// A_jk: 2 rows (electrons) × n nuclei.
  public var secularHyperfine: [[Double]]
  /// B_jk as (real, imaginary): 2 × n.
  public var pseudosecularHyperfine: [[[Double]]]
  /// d_kk′: n × n, symmetric, zero diagonal.
  public var nuclearCouplings: [[Double]]

  public init(secularHyperfine: [[Double]], pseudosecularHyperfine: [[[Double]]], nuclearCouplings: [[Double]]) {
    self.secularHyperfine = secularHyperfine
    self.pseudosecularHyperfine = pseudosecularHyperfine
    self.nuclearCouplings = nuclearCouplings
  }

  public var nuclei: Int { nuclearCouplings.count }

  /// No nuclei.
  public static let none = CrossEffectSpins(secularHyperfine: [[], []], pseudosecularHyperfine: [[], []], nuclearCouplings: [])

  /// The n–e1–e2 model of Fig. 1(c): one nucleus coupled to electron 1 by B only (A ignored).
  public static func nucleusOnFirstElectron(b: Double) -> CrossEffectSpins {
    CrossEffectSpins(secularHyperfine: [[0], [0]], pseudosecularHyperfine: [[[b, 0]], [[0, 0]]], nuclearCouplings: [[0]])
  }

  /// The 5-spin pentagon of Figs. 1(a), 2(c): core nucleus 1 on electron 1 and core nucleus 2 on electron 2
  /// (B_11 = B_22 = b), bulk nucleus 3 coupled to both cores by d (d_13 = d_23), all other couplings zero.
  public static func pentagon(b: Double, d: Double) -> CrossEffectSpins {
    CrossEffectSpins(
      secularHyperfine: [[0, 0, 0], [0, 0, 0]],
      pseudosecularHyperfine: [[[b, 0], [0, 0], [0, 0]], [[0, 0], [b, 0], [0, 0]]],
      nuclearCouplings: [[0, 0, d], [0, 0, d], [d, d, 0]])
  }

  /// A description of the first inconsistency, or nil.
  public func inconsistency() -> String? {
    let n = nuclei
    guard secularHyperfine.count == 2, pseudosecularHyperfine.count == 2,
      secularHyperfine.allSatisfy({ $0.count == n }), pseudosecularHyperfine.allSatisfy({ $0.count == n && $0.allSatisfy { $0.count == 2 } })
    else { return "hyperfine couplings must be 2 × \(n) (B as [re, im])" }
    guard nuclearCouplings.allSatisfy({ $0.count == n }) else { return "nuclear couplings must be \(n) × \(n)" }
    for k in 0..<n {
      for l in 0..<n where nuclearCouplings[k][l] != nuclearCouplings[l][k] || (k == l && nuclearCouplings[k][l] != 0) {
        return "nuclear couplings must be symmetric with a zero diagonal"
      }
    }
    let all = secularHyperfine.flatMap { $0 } + pseudosecularHyperfine.flatMap { $0.flatMap { $0 } } + nuclearCouplings.flatMap { $0 }
    return all.allSatisfy(\.isFinite) ? nil : "couplings must be finite"
  }
}
