// The full CE master equation (eq. 1) on the 5-spin pentagon of Fig. 2(c): steady state and the build-up from
// ρ_th over 10⁻⁷–10³ s, timed (issue 10's targets: ≤ 0.5 s and ≤ 5 s).
//
// Usage: ce-full-master-equation [omega1_kHz]
import CrossEffect
import Foundation
import MasterEquations

let omega1kHz = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 10 : 10
let twoPi = 2 * Double.pi
var p = CrossEffectParameters.figure1c(coherent: false)
p.electronPolarization = 0.984
p.electronRelaxation = 1
p.electronDecoherence = 1e5
p.microwaveAmplitude = twoPi * omega1kHz * 1e3
let model = try CrossEffectModel(parameters: p, spins: .pentagon(b: twoPi * 0.1e6, d: twoPi * 10))
let t0 = Date()
let steady = try model.lindbladian.steadyState(options: .init(tolerance: 1e-9))  // error estimate ≤ 1e-9
let t1 = Date()
let times = (0...20).map { pow(10, -7 + 0.5 * Double($0)) }
let trajectory = try model.lindbladian.evolve(from: model.thermalState(), times: times)  // dense up to 5 spins
let t2 = Date()
var rationalNote = ""
do {
  let rational = try model.lindbladian.evolve(from: model.thermalState(), times: times, method: .shiftInvert)
  let difference = zip(model.relativePolarizations(rational.states.last!).nuclei, model.relativePolarizations(trajectory.states.last!).nuclei).map { abs($0 - $1) }.max() ?? 0
  rationalNote = String(format: "shift-and-invert %.2f s (max |Δ| at 1e3 s: %.1e)", Date().timeIntervalSince(t2), difference)
} catch {
  rationalNote = "shift-and-invert failed: \(error)"
}
let t3 = Date()
let final = model.relativePolarizations(trajectory.states.last!)
print(String(format: "pentagon, ω1 = 2π·%.0f kHz: steady state %.3f s (%d applications, estimated error %.1e)", omega1kHz,
  t1.timeIntervalSince(t0), steady.iterations, steady.errorEstimate))
print(String(format: "  evolution 1e-7…1e3 s (21 times): dense eigendecomposition %.2f s (%@)", t2.timeIntervalSince(t1),
  trajectory.method.rawValue), rationalNote)
_ = t3
print("  nuclei at 1e3 s:", final.nuclei.map { String(format: "%.4f", $0) }, "steady:",
  model.relativePolarizations(steady.rho).nuclei.map { String(format: "%.4f", $0) },
  String(format: "trace error %.1e", trajectory.traceError))
