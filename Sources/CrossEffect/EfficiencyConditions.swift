/// The stationary Bloch solution of one driven electron (CE paper eq. 2, for R2 ≫ R1): relative components
/// X, Y, Z of `ρ = 1/2 − p(X S_x + Y S_y + Z S_z)`, Z = 1 being thermal.
public struct BlochSaturation: Codable, Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var z: Double

  /// `X = Δ̄Z/(ω1η′)`, `Y = −R2 Z/(ω1η′)`, `Z = (1 + η/η′)⁻¹` with `η′ = (R2² + Δ̄²)/ω1²`, `η = R2/R1`.
  public init(offset: Double, microwaveAmplitude w1: Double, r1: Double, r2: Double) {
    let etaPrime = (r2 * r2 + offset * offset) / (w1 * w1)
    let z = 1 / (1 + (r2 / r1) / etaPrime)
    self.z = z
    x = offset * z / (w1 * etaPrime)
    y = -r2 * z / (w1 * etaPrime)
  }
}

/// The efficiency conditions of CE DNP (eq. 3) for every discrete value of the operator-valued offsets
/// `Δ̄_j = Δ_j + 2D S_{j′z} + Σ_k A_jk I_kz` (j′ the other electron; the Zeeman-order part of the couplings).
/// At the paper's matching Δ_1 = 0, Δ_2 = ω_I these are its `Δ̄_1 = 2D S_2z + Σ A_1k I_kz` and
/// `Δ̄_2 = ω_I + 2D S_1z + Σ A_2k I_kz`.
public struct EfficiencyConditions: Codable, Sendable {
  /// One value of Δ̄_j with its η_j = (R2² + Δ̄_j²)/ω1² and the Bloch saturation there.
  public struct Offset: Codable, Sendable {
    public var offset: Double
    public var eta: Double
    public var saturation: BlochSaturation
  }
  /// η = R2/R1.
  public var eta: Double
  /// The distinct values of Δ̄_1 and Δ̄_2 (ascending).
  public var first: [Offset]
  public var second: [Offset]
  /// `η / max η_1` (≫ 1 for the first electron to be saturated).
  public var firstMargin: Double
  /// `min η_2 / η` (≫ 1 for the second electron to stay polarized).
  public var secondMargin: Double
  /// `min η_1` (≫ 1 for incoherent saturation, no Rabi oscillations).
  public var incoherenceMargin: Double

  /// η1 ≪ η ≪ η2 and η1 ≫ 1, each by at least `factor` (default 10).
  public func hold(by factor: Double = 10) -> Bool {
    firstMargin >= factor && secondMargin >= factor && incoherenceMargin >= factor
  }
}

extension CrossEffectModel {
  /// Eq. 3 evaluated over every up/down configuration of the other electron and the nuclei.
  /// - Complexity: O(2^n) configurations of the n nuclei.
  public func efficiencyConditions() -> EfficiencyConditions {
    let p = parameters, n = spins.nuclei
    let w1 = p.microwaveAmplitude, r1 = p.electronRelaxation, r2 = p.electronDecoherence
    func offsets(_ j: Int) -> [Double] {
      var values = Set<Double>()
      for other in [-0.5, 0.5] {
        for config in 0..<(1 << n) {
          var v = p.electronOffsets[j] + 2 * p.electronCoupling * other
          for k in 0..<n { v += spins.secularHyperfine[j][k] * ((config >> k) & 1 == 1 ? 0.5 : -0.5) }
          values.insert(v)
        }
      }
      return values.sorted()
    }
    func describe(_ values: [Double]) -> [EfficiencyConditions.Offset] {
      values.map {
        .init(offset: $0, eta: (r2 * r2 + $0 * $0) / (w1 * w1),
          saturation: BlochSaturation(offset: $0, microwaveAmplitude: w1, r1: r1, r2: r2))
      }
    }
    let first = describe(offsets(0)), second = describe(offsets(1))
    let eta = r2 / r1
    return EfficiencyConditions(
      eta: eta, first: first, second: second, firstMargin: eta / first.map(\.eta).max()!,
      secondMargin: second.map(\.eta).min()! / eta, incoherenceMargin: first.map(\.eta).min()!)
  }
}
