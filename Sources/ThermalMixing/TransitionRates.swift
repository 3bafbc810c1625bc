import DNPNumerics
import MasterEquations
import SpinPhysics

/// Builds the population master equation of eq. 11 between the eigenstates of all sectors, with the bath
/// rates of eq. 12 and the microwave rates of eq. 16 (SPEC §2):
///
///     W^bath_{n′→n} = (2 h_β(ε_{n′} − ε_n)/T1e) Σ_j Σ_{α=x,y,z} |⟨n|S^α_j|n′⟩|²
///     W^MW_{n′→n}   = 4 ω1² T2e |⟨n|S^x|n′⟩|² / (1 + T2e² (|ε_n − ε_{n′}| − ω_MW)²)
///
/// Between sectors k and k+1 only S^±_j act: `|⟨S^x_j⟩|² + |⟨S^y_j⟩|² = |⟨n|S^+_j|n′⟩|²/2`, and
/// `⟨n|S^x|n′⟩ = ⟨n|S^+|n′⟩/2` for the total S^+. Inside a sector only S^z_j acts. The generator is
/// therefore block-tridiagonal in the sectors.
///
/// Matrix elements are formed with BLAS: `⟨n|S^+_j|n′⟩ = Σ_{a: j down} V_{k+1}[a + 2^j, n] V_k[a, n′]` is one
/// product of row-gathered eigenvector matrices per j; `⟨n|S^z_j|n′⟩` (n ≠ n′) is the Gram matrix of the
/// eigenvector rows where spin j is up (or down, whichever is fewer), one `dsyrk` per j.
public struct TransitionRates {
  public let parameters: ThermalMixingParameters
  public let systems: [SectorEigensystem]

  public init(parameters: ThermalMixingParameters, systems: [SectorEigensystem]) {
    self.parameters = parameters
    self.systems = systems
  }

  /// The master equation with one block per sector (block k: k electrons up).
  /// - Complexity: O(N · Σ_k d_k² d_{k±1}) for the products; O(Σ_k d_k d_{k+1}) memory per sector pair.
  /// - Parameter threads: sectors and sector pairs are processed in parallel (same numbers for any count).
  /// - Parameter finished: told the cost (as in `costs` below) of each task as it finishes, for progress.
  public func masterEquation(
    basis: SpinBasis, threads: Int = 1, finished: (@Sendable (Double) -> Void)? = nil
  ) throws -> PopulationMasterEquation {
    let sectors = systems.count
    // Tasks 0..<sectors: within sector k; tasks sectors...: between k and k + 1. Cost ≈ flops of the products.
    let d = systems.map { Double($0.dimension) }
    let n = Double(parameters.electrons)
    let costs =
      (0..<sectors).map { d[$0] * d[$0] * d[$0] } + (0..<(sectors - 1)).map { n * d[$0] * d[$0 + 1] * d[$0] }
    let blocks = try parallelMap(2 * sectors - 1, threads: threads, costs: costs) { task -> [RealMatrix] in
      defer { finished?(costs[task]) }
      if task < sectors { return [try withinSectorRates(task)] }
      let (up, down) = try betweenSectorRates(task - sectors, basis: basis)
      return [up, down]
    }
    var equation = PopulationMasterEquation(blockSizes: systems.map(\.dimension))
    for k in 0..<sectors {
      equation.addRates(from: k, to: k, blocks[k][0])
      if k + 1 < sectors {
        equation.addRates(from: k, to: k + 1, blocks[sectors + k][0])
        equation.addRates(from: k + 1, to: k, blocks[sectors + k][1])
      }
    }
    return equation
  }

  /// Bath rates inside sector k from the S^z_j matrix elements.
  func withinSectorRates(_ k: Int) throws -> RealMatrix {
    let s = systems[k]
    let d = s.dimension, m = s.basis.electronStates
    let n = parameters.electrons
    var sum = RealMatrix(rows: d, columns: d)
    for j in 0..<n {
      // Rows a with spin j up (or down); for n ≠ n′ either set gives ±⟨n|S^z_j|n′⟩.
      let bit = UInt32(1) << UInt32(j)
      var up = [Int](), down = [Int]()
      for a in 0..<d { (s.basis.patterns[a % m] & bit != 0) ? up.append(a) : down.append(a) }
      let rows = up.count <= down.count ? up : down
      if rows.isEmpty { continue }
      let g = s.vectors.gatheringRows(rows).gram
      for e in 0..<(d * d) { sum.elements[e] += g.elements[e] * g.elements[e] }
    }
    let beta = parameters.beta, t1 = parameters.t1e
    var w = RealMatrix(rows: d, columns: d)
    for from in 0..<d {
      for to in 0..<d where to != from {
        w[to, from] = 2 * Thermal.h(beta: beta, s.energies[from] - s.energies[to]) / t1 * sum[to, from]
      }
    }
    return w
  }

  /// Bath plus microwave rates k → k+1 (rows: states of k+1) and k+1 → k (rows: states of k).
  func betweenSectorRates(_ k: Int, basis: SpinBasis) throws -> (RealMatrix, RealMatrix) {
    let lower = systems[k], upper = systems[k + 1]
    let dl = lower.dimension, du = upper.dimension
    let ml = lower.basis.electronStates, mu = upper.basis.electronStates
    var squares = RealMatrix(rows: du, columns: dl)  // Σ_j |⟨n|S^+_j|n′⟩|²
    var total = RealMatrix(rows: du, columns: dl)  // ⟨n|S^+|n′⟩
    for j in 0..<parameters.electrons {
      let bit = UInt32(1) << UInt32(j)
      var from = [Int](), to = [Int]()
      for nu in 0..<2 {
        for (a, pattern) in lower.basis.patterns.enumerated() where pattern & bit == 0 {
          from.append(a + nu * ml)
          to.append(basis.index(of: pattern | bit) + nu * mu)
        }
      }
      if from.isEmpty { continue }
      let elements = try RealMatrix.multiply(
        upper.vectors.gatheringRows(to), .transpose, lower.vectors.gatheringRows(from), .none)
      for e in 0..<(du * dl) {
        let x = elements.elements[e]
        squares.elements[e] += x * x
        total.elements[e] += x
      }
    }
    let p = parameters
    let beta = p.beta, t1 = p.t1e, t2 = p.t2e, w1sq = p.microwaveAmplitude * p.microwaveAmplitude
    let detuning0 = p.electronLarmor - p.microwaveFrequency
    var up = RealMatrix(rows: du, columns: dl)
    var down = RealMatrix(rows: dl, columns: du)
    for b in 0..<dl {
      for a in 0..<du {
        // ε_a(upper) − ε_b(lower) = ω_e + (e_a − e_b): relative energies keep the MHz scale exact.
        let gap = upper.energies[a] - lower.energies[b]
        let e = a + b * du
        let x = t2 * (detuning0 + gap)
        let microwave = w1sq * t2 * total.elements[e] * total.elements[e] / (1 + x * x)
        up[a, b] = Thermal.h(beta: beta, -p.electronLarmor - gap) / t1 * squares.elements[e] + microwave
        down[b, a] = Thermal.h(beta: beta, p.electronLarmor + gap) / t1 * squares.elements[e] + microwave
      }
    }
    return (up, down)
  }
}
