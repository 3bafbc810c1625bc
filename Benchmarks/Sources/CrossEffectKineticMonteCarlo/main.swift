// The cross-effect kinetic Monte Carlo (ZeemanKineticMonteCarlo) timed against issue 10's targets: events per
// second per core for 118 random protons, the paper-scale Fig. 2(e) (2000 trajectories to 220 s, with and without
// spin diffusion, ≤ 10 min on 2 cores) and a powder average.
//
// Usage:
//   ce-kmc events [trajectories] [final time s] [threads] [on|off|both]   events/s/core, with and without spin
//     diffusion
//   ce-kmc fig2e [trajectories] [final time s] [threads] [on|off|both]   the Fig. 2(e) build-up (with spin
//     diffusion, without, or both curves), fitted ε and τ
//   ce-kmc powder [orientations] [nuclei] [trajectories] [final time s] [threads]   PowderBuildUp on a Fibonacci
//     grid, the sample's protons at the same 10 M (core: within 8 Å of an electron)
//
// Geometry (our choice; the paper prints none): electrons 12 Å apart (a bis-nitroxide), protons uniform in a
// sphere about their midpoint at 10 M ¹H (6.0·10⁻³ Å⁻³; 118 protons fill a radius of 16.7 Å), at least 5 Å from
// either electron and 2 Å from each other, seed 2018; field along (0.3, 0.4, 0.87).
// Parameters: the Fig. 2 set of the paper (p = 0.984, R1 = 1 s⁻¹, R2 = 10⁵ s⁻¹) with Fig. 1(c)'s nuclear ones
// (ω_I = 2π·145 MHz, T1n = 100 s, T2n = 1 ms), ω1 = 2π·10 kHz, matching offsets Δ = [0, ω_I], D from the geometry.
import CrossEffect
import DNPNumerics
import Foundation

let twoPi = 2 * Double.pi
let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ i: Int, _ fallback: Double) -> Double {
  i < arguments.count ? Double(arguments[i]) ?? fallback : fallback
}

/// `count` protons at 10 M about electrons 12 Å apart (see the header).
func randomProtons(count: Int, seed: UInt64) -> SpinGeometry {
  var rng = Xoshiro256StarStar(seed: seed, stream: 0)
  let electrons = [[-6.0, 0, 0], [6.0, 0, 0]]
  let density = 10 * 6.02214076e23 / 1e27  // 10 mol/L in Å⁻³
  let radius = pow(3 * Double(count) / (4 * Double.pi * density), 1.0 / 3)
  func distance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
  }
  var nuclei: [[Double]] = []
  while nuclei.count < count {
    let x = (0..<3).map { _ in rng.uniform(-radius, radius) }
    guard distance(x, [0, 0, 0]) <= radius, electrons.allSatisfy({ distance($0, x) >= 5 }),
      nuclei.allSatisfy({ distance($0, x) >= 2 })
    else { continue }
    nuclei.append(x)
  }
  return SpinGeometry(electrons: electrons, nuclei: nuclei, field: [0.3, 0.4, 0.87])
}

func parameters(electronCoupling d: Double) -> CrossEffectParameters {
  var p = CrossEffectParameters.figure1c(coherent: false)
  p.electronPolarization = 0.984
  p.electronRelaxation = 1
  p.electronDecoherence = 1e5
  p.microwaveAmplitude = twoPi * 10e3
  p.electronOffsets = [0, p.nuclearLarmor]
  p.electronCoupling = d
  return p
}

/// CPU seconds of this process so far (all threads): events per CPU second is events/s/core even when the
/// machine's other work leaves the threads less than a core each.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
    + Double(usage.ru_stime.tv_usec) / 1e6
}

func load() -> String {
  (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
    .joined(separator: " ") ?? "?"
}

let mode = arguments.first ?? "events"
let geometry = randomProtons(count: 118, seed: 2018)
let (d, spins) = try geometry.couplings()
let p = parameters(electronCoupling: d)
print(String(format: "118 protons, D = 2π·%.3f MHz, load %@", d / twoPi / 1e6, load()))

switch mode {
case "powder":
  let orientations = Int(argument(1, 100)), count = Int(argument(2, 1000))
  let trajectories = Int(argument(3, 4)), final = argument(4, 1), threads = Int(argument(5, 2))
  let sample = randomProtons(count: count, seed: 2018)
  let times = (0...20).map { final * Double($0) / 20 }
  let start = Date()
  let powder = try PowderBuildUp(
    geometry: sample, parameters: p, grid: try .fibonacci(count: orientations), coreRadius: 8, times: times,
    trajectories: trajectories, seed: 1, threads: threads)
  let wall = Date().timeIntervalSince(start)
  func describe(_ fit: BuildUpFit?) -> String {
    fit.map {
      String(
        format: "ε = %.4f, τ = %.3g s%@", $0.enhancement, $0.buildUpTime,
        $0.converged ? "" : " (not converged)")
    } ?? "no fit"
  }
  print(
    String(
      format:
        "powder: %d orientations × %d protons (%d bulk, %d core ≤ 8 Å), %d trajectories each to %.3g s on %d threads: "
        + "%.1f s, %.3g events; bulk P(end) = %.4f (%@), core P(end) = %.4f (%@); load %@",
      orientations, count, powder.bulkCount, powder.coreCount, trajectories, final, threads, wall,
      Double(powder.events),
      powder.bulk.last ?? 0, describe(powder.bulkFit), powder.core.last ?? 0, describe(powder.coreFit), load()
    ))
case "events", "fig2e":
  let trajectories = Int(argument(1, mode == "fig2e" ? 2000 : 20))
  let final = argument(2, mode == "fig2e" ? 220 : 10)
  let threads = Int(argument(3, 2))
  let curves = arguments.count > 4 ? arguments[4] : "both"
  let times = (0...44).map { final * Double($0) / 44 }
  var wallTotal = 0.0
  for diffusion in [true, false] where curves == "both" || (curves == "on") == diffusion {
    let start = Date()
    let kmc = try ZeemanKineticMonteCarlo(parameters: p, spins: spins, spinDiffusion: diffusion)
    let setup = Date().timeIntervalSince(start)
    let cpuStart = cpuSeconds()
    let result = try kmc.run(times: times, trajectories: trajectories, seed: 1, threads: threads)
    let wall = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
    wallTotal += wall
    let fit = try? BuildUpFit(times: result.times, values: result.total)
    print(
      String(
        format:
          "spin diffusion %@: P = %d, %d trajectories to %.3g s on %d threads: setup %.3f s, wall %.2f s, "
          + "CPU %.2f s, %.3g events (%.3g thinning proposals), %.3g events per CPU second; total P_I(end) = %.4f ± %.4f, fit ε = %.4f τ = %.3g s; load %@",
        diffusion ? "on " : "off", kmc.processCount, trajectories, final, threads, setup, wall, cpu,
        Double(result.events), Double(result.proposals), Double(result.events) / cpu,
        result.total.last ?? 0, result.totalErrors.last ?? 0, fit?.enhancement ?? .nan,
        fit?.buildUpTime ?? .nan,
        load()))
  }
  print(String(format: "both curves: %.2f s", wallTotal))
default:
  print("unknown mode \(mode)")
}
