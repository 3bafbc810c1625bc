import DNPNumerics
import Foundation

/// Field directions with weights for a powder average: turning the field over the sphere with the sample fixed
/// is the same as turning the biradical (with its nuclei) in a fixed field.
public struct PowderGrid: Sendable, Equatable {
  /// Unit vectors.
  public var directions: [[Double]]
  /// Positive, summing to 1.
  public var weights: [Double]

  /// - Throws: ``CrossEffectError`` for no directions, a direction that is not three finite numbers of nonzero
  ///   length, or weights that are not positive and finite or differ in count. Weights are normalized.
  public init(directions: [[Double]], weights: [Double]) throws {
    guard !directions.isEmpty, directions.count == weights.count else {
      throw CrossEffectError(message: "powder grid: one weight per direction, at least one direction")
    }
    guard weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw CrossEffectError(message: "powder grid: weights must be positive and finite")
    }
    var unit: [[Double]] = []
    for d in directions {
      let norm = d.map { $0 * $0 }.reduce(0, +).squareRoot()
      guard d.count == 3, d.allSatisfy(\.isFinite), norm > 0 else {
        throw CrossEffectError(message: "powder grid: a direction is three finite numbers, not all zero")
      }
      unit.append(d.map { $0 / norm })
    }
    let sum = weights.reduce(0, +)
    self.directions = unit
    self.weights = weights.map { $0 / sum }
  }

  /// The Fibonacci lattice of ``fibonacciSphere(count:)`` with equal weights 1/count: each cell of the lattice
  /// covers nearly the same area, and the average of a smooth function of the direction converges like
  /// 1/count (1e-6 for cos²θ at 2000 points; ``fibonacciSphereAveragesLikeAPowder``).
  public static func fibonacci(count: Int) throws -> PowderGrid {
    try PowderGrid(
      directions: fibonacciSphere(count: count), weights: [Double](repeating: 1, count: max(0, count)))
  }
}

/// A powder-averaged kinetic Monte Carlo build-up (issue 10 item 6): the weighted mean over orientations of the
/// relative nuclear polarization −2⟨I_z⟩/p, over the bulk nuclei (farther than the core radius from both
/// electrons; the ones an NMR experiment sees) and over the core nuclei separately, each with its mono-exponential
/// fit ε(1 − e^{−t/τ}) (nil where it cannot be fitted, e.g. no nuclei in the class or all values zero).
public struct PowderBuildUp: Sendable {
  public var times: [Double]
  public var grid: PowderGrid
  /// How many nuclei are bulk and core.
  public var bulkCount: Int
  public var coreCount: Int
  /// Σ_o w_o × (mean over the class's nuclei in orientation o), [time].
  public var bulk: [Double]
  public var core: [Double]
  /// Over all nuclei.
  public var all: [Double]
  public var bulkFit: BuildUpFit?
  public var coreFit: BuildUpFit?
  public var allFit: BuildUpFit?
  /// Jumps made, all orientations and trajectories together.
  public var events: Int
}

extension PowderBuildUp {
  /// Runs ``ZeemanKineticMonteCarlo`` for every direction of `grid` as the field direction of `geometry` (D, A,
  /// B and d recomputed; D replaces `parameters.electronCoupling`), `trajectories` trajectories each, and
  /// averages with the grid's weights. Orientation o draws from seed ``orientationSeed(_:_:)``(seed, o), its
  /// trajectory t from stream t of that seed; orientations run in parallel on up to `threads` threads (one
  /// trajectory loop each), so the result does not depend on the thread count.
  /// - Parameter coreRadius: a nucleus within this distance (Å) of either electron is core.
  /// - Complexity: orientations × (the couplings O(n²) + the kMC's set-up and trajectories); memory per running
  ///   orientation O(n²) for the couplings and the flip-flop bounds.
  public init(
    geometry: SpinGeometry, parameters: CrossEffectParameters, grid: PowderGrid, coreRadius: Double,
    times: [Double], trajectories: Int, seed: UInt64, threads: Int = 1, spinDiffusion: Bool = true,
    nuclearCouplingCutoff: Double = 0
  ) throws {
    let isCore = geometry.nuclei.map { x in
      geometry.electrons.contains { e in
        zip(e, x).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() <= coreRadius
      }
    }
    let runs = try parallelMap(grid.directions.count, threads: threads) { o -> KineticMonteCarloResult in
      var g = geometry
      g.field = grid.directions[o]
      let (d, spins) = try g.couplings()
      var p = parameters
      p.electronCoupling = d
      let kmc = try ZeemanKineticMonteCarlo(
        parameters: p, spins: spins, spinDiffusion: spinDiffusion,
        nuclearCouplingCutoff: nuclearCouplingCutoff)
      return try kmc.run(
        times: times, trajectories: trajectories, seed: Self.orientationSeed(seed, o), threads: 1)
    }
    let m = times.count
    var bulk = [Double](repeating: 0, count: m), core = bulk, all = bulk
    let bulkCount = isCore.filter { !$0 }.count, coreCount = isCore.count - bulkCount
    for (o, run) in runs.enumerated() {
      let w = grid.weights[o]
      for i in 0..<m {
        var b = 0.0, c = 0.0
        for (k, nucleus) in run.nuclei.enumerated() {
          if isCore[k] { c += nucleus[i] } else { b += nucleus[i] }
        }
        if bulkCount > 0 { bulk[i] += w * b / Double(bulkCount) }
        if coreCount > 0 { core[i] += w * c / Double(coreCount) }
        if !isCore.isEmpty { all[i] += w * (b + c) / Double(isCore.count) }
      }
    }
    self.times = times
    self.grid = grid
    self.bulkCount = bulkCount
    self.coreCount = coreCount
    self.bulk = bulk
    self.core = core
    self.all = all
    bulkFit = try? BuildUpFit(times: times, values: bulk)
    coreFit = try? BuildUpFit(times: times, values: core)
    allFit = try? BuildUpFit(times: times, values: all)
    events = runs.reduce(0) { $0 + $1.events }
  }

  /// The seed of orientation o: seed + (o + 1) × 0x9E3779B97F4A7C15 (wrapping; the golden-ratio increment of
  /// SplitMix64), so that orientations draw from unrelated streams.
  public static func orientationSeed(_ seed: UInt64, _ o: Int) -> UInt64 {
    seed &+ UInt64(o + 1) &* 0x9E37_79B9_7F4A_7C15
  }
}
