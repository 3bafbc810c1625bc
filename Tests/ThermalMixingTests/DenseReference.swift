import DNPNumerics
import SpinPhysics
import ThermalMixing

/// An independent whole-space implementation of eqs. 9, 11, 12, 16 and 26 for small N: one dense
/// Hamiltonian on all 2^{N+1} states, dense operator matrices, dense rate matrix and a dense solve.
/// It shares no code with the sector-blocked path beyond LAPACK wrappers and h_β.
struct DenseReference {
  var nuclearPolarization: Double
  var electronPolarizations: [Double]
  var relativeEnergy: Double
  var magnetization: Double
  var populations: [Double]
  var energies: [Double]  // relative to ω_e s_n

  init(parameters p: ThermalMixingParameters, sample: ThermalMixingSample) throws {
    let n = p.electrons
    let dim = 1 << (n + 1)
    let nucBit = 1 << n  // bit n set: nucleus down (I^z = −½)
    func sz(_ s: Int, _ i: Int) -> Double { (s >> i) & 1 == 1 ? 0.5 : -0.5 }
    func iz(_ s: Int) -> Double { s & nucBit == 0 ? 0.5 : -0.5 }
    // An artificial splitting c·S^z keeps sectors apart so dense eigenvectors never mix them.
    let c = 2 * Double.pi * 1e9
    var h = RealMatrix(rows: dim, columns: dim)
    for s in 0..<dim {
      var diag = -p.nuclearLarmor * iz(s)
      for i in 0..<n {
        diag += (sample.offsets[i] + c) * sz(s, i)
        h[s ^ nucBit, s] += sample.hyperfine[i] * sz(s, i) * 0.5
        for j in (i + 1)..<max(i + 1, n) where sz(s, i) != sz(s, j) {
          h[s ^ (1 << i) ^ (1 << j), s] += sample.couplings[i][j]
        }
      }
      h[s, s] = diag
    }
    let e = try h.symmetricEigen()
    let v = e.vectors
    func transform(_ op: RealMatrix) -> RealMatrix { (v.transposed * op) * v }
    var plus = [RealMatrix](), zed = [RealMatrix]()
    for j in 0..<n {
      var sp = RealMatrix(rows: dim, columns: dim), szj = RealMatrix(rows: dim, columns: dim)
      for s in 0..<dim {
        szj[s, s] = sz(s, j)
        if (s >> j) & 1 == 0 { sp[s | (1 << j), s] = 1 }
      }
      plus.append(transform(sp))
      zed.append(transform(szj))
    }
    var izm = RealMatrix(rows: dim, columns: dim)
    for s in 0..<dim { izm[s, s] = iz(s) }
    let iz = transform(izm)
    var stot = RealMatrix(rows: dim, columns: dim)
    for j in 0..<n { for k in 0..<dim * dim { stot.elements[k] += zed[j].elements[k] } }
    // Magnetization and relative energies of each eigenstate.
    let mag = (0..<dim).map { (stot[$0, $0] * 2).rounded() / 2 }  // sectors are not mixed: s_n is exact
    let rel = (0..<dim).map { e.values[$0] - c * mag[$0] }
    var g = RealMatrix(rows: dim, columns: dim)
    let w1sq = p.microwaveAmplitude * p.microwaveAmplitude
    for a in 0..<dim {
      for b in 0..<dim where a != b {  // b → a
        let gap = (p.electronLarmor * (mag[b] - mag[a])) + (rel[b] - rel[a])  // ε_b − ε_a
        var bath = 0.0, sx = 0.0
        for j in 0..<n {
          bath +=
            (plus[j][a, b] * plus[j][a, b] + plus[j][b, a] * plus[j][b, a]) / 2 + zed[j][a, b] * zed[j][a, b]
          sx += (plus[j][a, b] + plus[j][b, a]) / 2
        }
        let x = p.t2e * (abs(gap) - p.microwaveFrequency)
        let w = 2 * Thermal.h(beta: p.beta, gap) / p.t1e * bath + 4 * w1sq * p.t2e * sx * sx / (1 + x * x)
        g[a, b] += w
        g[b, b] -= w
      }
    }
    for j in 0..<dim { g[dim - 1, j] = 1 }
    var rhs = [Double](repeating: 0, count: dim)
    rhs[dim - 1] = 1
    let pops = try g.solve(rhs)
    populations = pops
    energies = rel
    nuclearPolarization = (0..<dim).map { 2 * pops[$0] * iz[$0, $0] }.reduce(0, +)
    electronPolarizations = (0..<n).map { j in (0..<dim).map { 2 * pops[$0] * zed[j][$0, $0] }.reduce(0, +) }
    relativeEnergy = (0..<dim).map { pops[$0] * rel[$0] }.reduce(0, +)
    magnetization = (0..<dim).map { pops[$0] * mag[$0] }.reduce(0, +)
  }
}
