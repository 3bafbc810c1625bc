import DNPNumerics
import MasterEquations

/// Polarizations gathered over disorder realizations: the profile 2⟨S^z⟩ against the spin's frequency offset
/// Δ_i (ZL Figs. 2, S5), and the histogram of the values (Fig. 3's inset, S9).
public struct PolarizationProfile: Codable, Sendable {
  /// Centres of the offset bins (rad/s).
  public var offsetCentres: [Double]
  /// The statistics of 2⟨S^z_i⟩ over all spins of all realizations whose Δ_i falls in each bin.
  public var bins: [SampleStatistics]
  /// How many spins have each value of 2⟨S^z_i⟩, on equal bins of [−1, 1].
  public var histogram: Histogram

  /// Bins `(offset, polarization)` pairs (one per spin and realization).
  /// - Parameters:
  ///   - offsetRange: the range of Δ covered by `offsetBins` equal bins (pairs outside are left out).
  ///   - polarizationBins: equal bins of [−1, 1] for the histogram.
  public init(
    offsets: [Double], polarizations: [Double], offsetRange: ClosedRange<Double>, offsetBins: Int,
    polarizationBins: Int = 40
  ) {
    let grid = Histogram(range: offsetRange, bins: offsetBins)
    var grouped = [[Double]](repeating: [], count: grid.values.count)
    for (o, p) in zip(offsets, polarizations) {
      if let k = grid.bin(of: o) ?? (o == offsetRange.upperBound ? grid.values.count - 1 : nil) { grouped[k].append(p) }
    }
    offsetCentres = grid.centers
    bins = grouped.map(SampleStatistics.init)
    var counts = Histogram(range: -1...1, bins: polarizationBins)
    for p in polarizations {
      if let k = counts.bin(of: p) ?? (p == 1 ? counts.values.count - 1 : nil) { counts.values[k] += 1 }
    }
    histogram = counts
  }
}

/// Which master equation a profile comes from.
public enum ZenoDynamics: String, Codable, Sendable { case nonsecular, hilbert }

/// Steady-state profiles of `realizations` random samples, realization r from stream (seed, r), computed in
/// parallel (results do not depend on the thread count).
/// - Returns: per realization, the offsets Δ_i and polarizations 2⟨S^z_i⟩.
/// - Complexity: realizations × one steady state (N = 10 nonsecular: ~15 s each on 2 cores).
public func zenoProfiles(
  _ p: ZenoParameters, dynamics: ZenoDynamics, realizations: Int, seed: UInt64, threads: Int = 1,
  options: SteadyStateOptions = .init()
) throws -> [(offsets: [Double], polarizations: [Double])] {
  try parallelMap(realizations, threads: threads) { r in
    let model = try ZenoModel(parameters: p, sample: .random(p, seed: seed, realization: r))
    switch dynamics {
    case .hilbert: return (model.sample.offsets, try model.hilbertSteadyState().polarizations)
    case .nonsecular: return (model.sample.offsets, try model.nonsecularSteadyState(options: options).polarizations)
    }
  }
}
