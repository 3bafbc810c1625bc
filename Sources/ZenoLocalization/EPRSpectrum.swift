import ComplexModule
import DNPNumerics
import Foundation
import SpinPhysics

/// The EPR spectrum of a stationary state, binned (ZL supplement eqs. S60–S64).
public struct EPRSpectrum: Codable, Sendable {
  /// f̃ on bins of width δω, against the offset ω − ω_e (rad/s; values per rad/s): its integral is P^z when the
  /// window holds every line.
  public var spectrum: Histogram
  /// `(1/N) Σ_{n,k} Re C_nk`, the weight of all lines, which equals P^z = 2⟨S^z⟩/N exactly (eq. S66).
  public var totalWeight: Double
  /// P^z = (2/N) Σ_i ⟨S^z_i⟩ of the same state.
  public var polarization: Double
}

extension ZenoModel {
  /// The binned EPR spectrum (eq. S63) of a state given in the eigenbasis of H_S:
  ///
  ///   `f̃(ω) = (1/(N δω)) Σ_{n,k} Re{[1(ω_nk ∈ [ω, ω + δω]) − (i/π) ln|(ω + δω − ω_nk)/(ω − ω_nk)|] C_nk}`,
  ///   `C_nk = Σ_i ⟨n|S^+_i|k⟩ [(ρ̄_up P_i)_nk − (P_i ρ̄_low)_nk]`, `P_i = ⟨n|S^+_i|k⟩`,
  ///
  /// with n one spin up from k (only those gaps lie near ω_e), ρ̄ the complex conjugate of the sector blocks
  /// (`Σ_m ρ_mn P_mk = (ρᵀP)_nk`), and ω_nk the lab-frame gap. For a state diagonal in the eigenbasis
  /// `C_nk = (ρ_nn − ρ_kk) Σ_i |P_i,nk|²` (eq. S64) and the principal-value logarithms vanish.
  ///
  /// - Parameters:
  ///   - binWidth: δω.
  ///   - window: the range of ω − ω_e covered (default: every line, padded by 5 bins).
  /// - Complexity: O(N · Σ_k d_{k+1} d_k (d_{k+1} + d_k)) for the line weights, O(lines · bins) for the
  ///   principal values.
  public func eprSpectrum(_ state: EigenbasisState, binWidth: Double, window: ClosedRange<Double>? = nil) throws
    -> EPRSpectrum
  {
    guard binWidth > 0, binWidth.isFinite else { throw ZenoModelError(message: "the EPR bin width must be positive") }
    let n = parameters.electrons, basis = eigenbasis
    let elements = try raisingElements()
    var lines: [(offset: Double, weight: Complex<Double>)] = []
    for k in 0..<(basis.sizes.count - 1) {
      let low = state.blocks[k], up = state.blocks[k + 1]
      let lowBar = ComplexMatrix(rows: low.rows, columns: low.columns) { r, c in low[r, c].conjugate }
      let upBar = ComplexMatrix(rows: up.rows, columns: up.columns) { r, c in up[r, c].conjugate }
      var weights = ComplexMatrix(rows: up.rows, columns: low.rows)
      for p in elements[k] {
        let pc = ComplexMatrix(rows: p.rows, columns: p.columns) { r, c in Complex(p[r, c], 0) }
        let a = try ComplexMatrix.product(upBar, .none, pc, .none)
        let b = try ComplexMatrix.product(pc, .none, lowBar, .none)
        for c in 0..<p.columns { for r in 0..<p.rows { weights[r, c] += Complex(p[r, c], 0) * (a[r, c] - b[r, c]) } }
      }
      let oLow = basis.offsets[k], oUp = basis.offsets[k + 1]
      for c in 0..<low.rows {
        for r in 0..<up.rows {
          // ω_nk − ω_e = (ε'_n − ε'_k) + ω_MW − ω_e.
          let offset = basis.energies[oUp + r] - basis.energies[oLow + c] + parameters.microwaveFrequency
            - parameters.electronLarmor
          lines.append((offset, weights[r, c] * Complex(1 / Double(n), 0)))
        }
      }
    }
    let offsets = lines.map(\.offset)
    let range = window ?? ((offsets.min() ?? 0) - 5 * binWidth)...((offsets.max() ?? 0) + 5 * binWidth)
    let bins = max(1, Int(((range.upperBound - range.lowerBound) / binWidth).rounded(.up)))
    guard bins <= 1_000_000 else { throw ZenoModelError(message: "the EPR window holds more than 10⁶ bins") }
    var spectrum = Histogram(lowerEdge: range.lowerBound, binWidth: binWidth, values: [Double](repeating: 0, count: bins))
    for line in lines {
      if line.weight.real != 0, let b = spectrum.bin(of: line.offset) {
        spectrum.values[b] += line.weight.real / binWidth
      }
      if line.weight.imaginary != 0 {
        for b in 0..<bins {
          let lower = range.lowerBound + Double(b) * binWidth - line.offset, upper = lower + binWidth
          guard lower != 0, upper != 0 else { continue }
          spectrum.values[b] += line.weight.imaginary * Foundation.log(abs(upper / lower)) / (Double.pi * binWidth)
        }
      }
    }
    let sz = (0..<n).map { SpinOperator.sz($0, spins: n) }
    let populations = state.populations
    var polarization = 0.0
    for i in 0..<n {
      let z = basis.eigenstateExpectations(ofDiagonal: sz[i])
      polarization += 2 * zip(populations, z).reduce(0) { $0 + $1.0 * $1.1 } / Double(n)
    }
    return EPRSpectrum(
      spectrum: spectrum, totalWeight: lines.reduce(0) { $0 + $1.weight.real },
      polarization: polarization)
  }
}
