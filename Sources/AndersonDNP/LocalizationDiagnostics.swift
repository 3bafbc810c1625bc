import DNPNumerics

/// The overlap function K(ω) (eq. 25) and the rescaled correlation C(ω) (eq. 30) on the same bins.
public struct OverlapFunctions: Codable, Sendable, Equatable {
  /// K(ω) = ∫dε 𝒦(ε, ε + ω) = N_e⁻¹ Σ_αβ K_αβ δ(ε_β − ε_α − ω), per rad/s; ∫K dω = 1 (eq. 26).
  public var overlap: Histogram
  /// C(ω) = K(ω)/∫dε ρ(ε)ρ(ε + ω) (eq. 30); NaN in bins without any level pair.
  public var correlation: Histogram
}

/// K(ω) and C(ω) at one frequency, averaged over a window |ε_β − ε_α| ∈ [ω − δ, ω + δ].
public struct OverlapAtFrequency: Codable, Sendable, Equatable {
  public var frequency: Double
  public var halfWidth: Double
  /// K(ω) (eq. 25), per rad/s (window average of both ±ω, K being even).
  public var overlap: Double
  /// C(ω) (eq. 30); NaN when no level pair falls in the window.
  public var correlation: Double
  /// Ordered pairs (α, β) in the window.
  public var pairCount: Int
}

/// Localization diagnostics of the single-particle problem (Sec. III B, V).
public enum LocalizationDiagnostics {
  /// Eq. (27): `I₂ = N_e⁻¹ Σ_αj |φ_αj|⁴ = tr K / N_e`; 1 for site-localized states, ≈ 3/N_e for GOE vectors.
  public static func inverseParticipationRatio(_ spectrum: AndersonSpectrum) -> Double {
    let n = spectrum.siteCount
    guard n > 0 else { return .nan }
    var s = 0.0
    for a in 0..<n { s += spectrum.overlap[a, a] }
    return s / Double(n)
  }

  /// Mean ratio of consecutive level spacings (Oganesyan–Huse), `r_n = min(s_n, s_{n+1})/max(s_n, s_{n+1})`,
  /// `s_n = E_{n+1} − E_n`, over the central `centralFraction` of the sorted levels (band tails are localized
  /// and sparse). ≈ 0.5307 for GOE, 2 ln 2 − 1 ≈ 0.3863 for Poisson. Pairs of zero spacings (exact
  /// degeneracies) are skipped. NaN if no ratio is available.
  public static func levelSpacingRatio(_ energies: [Double], centralFraction: Double = 1) -> Double {
    let sorted = energies.sorted()
    let n = sorted.count
    let fraction = min(max(centralFraction, 0), 1)
    let drop = Int((Double(n) * (1 - fraction) / 2).rounded(.down))
    let lo = drop
    let hi = n - drop
    guard hi - lo >= 3 else { return .nan }
    var sum = 0.0
    var count = 0
    for k in lo..<(hi - 2) {
      let s1 = sorted[k + 1] - sorted[k]
      let s2 = sorted[k + 2] - sorted[k + 1]
      let big = max(s1, s2)
      guard big > 0 else { continue }
      sum += min(s1, s2) / big
      count += 1
    }
    return count > 0 ? sum / Double(count) : .nan
  }

  /// Density of states `ρ(ε) = N_e⁻¹ Σ_α δ(ε − ε_α)` (Fig. 2) as a histogram of the offsets ε_α − ω_e on
  /// `bins` equal bins of [lower, upper); normalized per state and per rad/s (∫ρ = 1 when the range covers
  /// the spectrum, which [−w/2 − 6|t|, w/2 + 6|t|] always does).
  public static func densityOfStates(offsets: [Double], lower: Double, upper: Double, bins: Int) -> Histogram
  {
    precondition(bins > 0 && upper > lower, "need bins > 0 and upper > lower")
    var h = Histogram(
      lowerEdge: lower, binWidth: (upper - lower) / Double(bins), values: [Double](repeating: 0, count: bins))
    let weight = 1 / (Double(offsets.count) * h.binWidth)
    for e in offsets { if let k = h.bin(of: e) { h.values[k] += weight } }
    return h
  }

  /// K(ω) (eqs. 21, 25) and C(ω) (eq. 30) on `bins` equal bins of [lower, upper), ω = ε_β − ε_α over all
  /// ordered pairs (the α = β terms give the δ(ω) I₂ peak of eq. 28). Discretely,
  /// `C(ω) = N_e Σ_{pairs in bin} K_αβ / #pairs in bin`, which is 1 for the factorized GOE correlator.
  /// - Complexity: O(N_e²).
  public static func overlapFunctions(_ spectrum: AndersonSpectrum, lower: Double, upper: Double, bins: Int)
    -> OverlapFunctions
  {
    precondition(bins > 0 && upper > lower, "need bins > 0 and upper > lower")
    let n = spectrum.siteCount
    let width = (upper - lower) / Double(bins)
    var weight = [Double](repeating: 0, count: bins)
    var pairs = [Double](repeating: 0, count: bins)
    let e = spectrum.offsets
    spectrum.overlap.elements.withUnsafeBufferPointer { k in
      for beta in 0..<n {
        for alpha in 0..<n {
          let x = ((e[beta] - e[alpha] - lower) / width).rounded(.down)
          guard x >= 0, x < Double(bins) else { continue }
          let b = Int(x)
          weight[b] += k[alpha + beta * n]
          pairs[b] += 1
        }
      }
    }
    let nd = Double(n)
    let overlap = Histogram(lowerEdge: lower, binWidth: width, values: weight.map { $0 / (nd * width) })
    let correlation = Histogram(
      lowerEdge: lower, binWidth: width,
      values: zip(weight, pairs).map { $1 > 0 ? nd * $0 / $1 : .nan })
    return OverlapFunctions(overlap: overlap, correlation: correlation)
  }

  /// K(ω) and C(ω) of eqs. (25) and (30) at one frequency ω > 0 (e.g. ω_n, Fig. 7), from the level pairs
  /// with |ε_β − ε_α| ∈ [ω − δ, ω + δ].
  /// - Complexity: O(N_e²) (each unordered pair once).
  public static func overlap(
    _ spectrum: AndersonSpectrum, atFrequency omega: Double, halfWidth delta: Double
  ) -> OverlapAtFrequency {
    let n = spectrum.siteCount
    let e = spectrum.offsets
    var weight = 0.0
    var count = 0
    spectrum.overlap.elements.withUnsafeBufferPointer { k in
      for beta in 0..<n {
        for alpha in 0..<beta {
          let d = abs(e[beta] - e[alpha])
          if d >= omega - delta && d <= omega + delta {
            weight += 2 * k[alpha + beta * n]
            count += 2
          }
        }
      }
    }
    let nd = Double(n)
    // Both ±ω windows are counted, so divide by the total width 2·(2δ).
    let overlap = weight / (nd * 4 * delta)
    let correlation = count > 0 ? nd * weight / Double(count) : .nan
    return OverlapAtFrequency(
      frequency: omega, halfWidth: delta, overlap: overlap, correlation: correlation, pairCount: count)
  }
}
