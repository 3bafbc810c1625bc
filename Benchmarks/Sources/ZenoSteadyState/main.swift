// The Zeno-localization steady state (ZL paper, Table I) for the side-by-side comparison with QuTiP
// (Benchmarks/qutip/): the same deterministic sample as zeno_problem.py, solved matrix-free.
//
// Usage: zeno-steady-state N T_K --out FILE.json [--no-preconditioner] [--bicgstab] [--applications K]
import ComplexModule
import DNPNumerics
import Foundation
import MasterEquations
import RealModule
import SpinPhysics

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data((message + "\n").utf8))
  exit(2)
}

let args = CommandLine.arguments
guard args.count >= 3, let n = Int(args[1]), (2...12).contains(n), let temperature = Double(args[2]), temperature > 0
else { fail("usage: zeno-steady-state N(2...12) T_K --out FILE.json [--no-preconditioner] [--bicgstab] [--applications K]") }
var outPath: String? = nil
var preconditioned = true, useBiCGSTAB = false, applications = 0
var i = 3
while i < args.count {
  switch args[i] {
  case "--out": i += 1; outPath = i < args.count ? args[i] : nil
  case "--no-preconditioner": preconditioned = false
  case "--bicgstab": useBiCGSTAB = true
  case "--applications": i += 1; applications = i < args.count ? Int(args[i]) ?? 0 : 0
  default: fail("unknown argument \(args[i])")
  }
  i += 1
}

let twoPi = 2 * Double.pi
let omegaE = twoPi * 93.9e9, omegaMW = twoPi * 93.8988e9, omega1 = twoPi * 0.628e6
let width = twoPi * 5e6, u = twoPi * 0.75e6
let (t1, tStar, tZero) = temperature < 5 ? (160e-6, 80e-6, 1.6e-6) : (1.6e-6, 0.16e-6, 0.16e-6)
let beta = 1.054571817e-34 / (1.380649e-23 * temperature)
func h(_ w: Double) -> Double { 1 / (1 + Double.exp(-beta * w)) }

let start = Date()
var hs = SpinOperator(spins: n)
for k in 0..<n {
  let offset = width * (Double(k) / Double(n - 1) - 0.5)
  hs = hs + (omegaE - omegaMW + offset) * SpinOperator.sz(k, spins: n)
}
for a in 0..<n {
  for b in (a + 1)..<n {
    let coupling = u / Double(n).squareRoot() * Double.sin(0.7 + 1.3 * Double(a) + 2.9 * Double(b))
    hs = hs + coupling * (SpinOperator.raising(a, spins: n) * SpinOperator.lowering(b, spins: n)
      + SpinOperator.lowering(a, spins: n) * SpinOperator.raising(b, spins: n))
  }
}
let basis = try SectorEigenbasis(hs)
var drive = SpinOperator(spins: n)
for k in 0..<n { drive = drive + omega1 * SpinOperator.sx(k, spins: n) }
// A^x_i and A^y_i (eq. 7) together act as √(h(ω_e)/T1) S^-_i and √(h(−ω_e)/T1) S^+_i: their cross terms cancel.
var jumps: [SpinOperator] = []
for k in 0..<n {
  jumps.append((h(omegaE) / t1).squareRoot() * SpinOperator.lowering(k, spins: n))
  jumps.append((h(-omegaE) / t1).squareRoot() * SpinOperator.raising(k, spins: n))
}
let dressed = (0..<n).map { k in
  DressedJump(
    local: (1 / (2 * tStar)).squareRoot() * SpinOperator.sz(k, spins: n),
    eigenDiagonal: basis.eigenstateExpectations(ofDiagonal: SpinOperator.sz(k, spins: n)).map {
      ((1 / (2 * tZero)).squareRoot() - (1 / (2 * tStar)).squareRoot()) * $0
    })
}
let l = try Lindbladian(
  hamiltonian: drive, jumps: jumps, eigenbasis: basis, eigenHamiltonian: basis.energies, dressedJumps: dressed)

if applications > 0 {
  let op = LindbladOperator(l)
  var x = [Double](repeating: 0, count: op.dimension), y = x
  for k in 0..<(1 << n) { x[2 * (k + k * (1 << n))] = 1 / Double(1 << n) }
  let t0 = Date()
  for _ in 0..<applications {
    x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { yp in op.apply(xp, into: yp) } }
  }
  print(String(format: "N = %d: %.4f s per Liouvillian application (%d applications)", n,
    Date().timeIntervalSince(t0) / Double(applications), applications))
  let t1 = Date()
  let pre = try SecularPreconditioner(l)
  let t2 = Date()
  for _ in 0..<applications {
    x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { yp in pre.apply(xp, into: yp) } }
  }
  print(String(format: "N = %d: secular preconditioner set-up %.3f s, %.4f s per application", n,
    t2.timeIntervalSince(t1), Date().timeIntervalSince(t2) / Double(applications)))
  exit(0)
}

let built = Date()
var lastReport = Date()
let state: LindbladSteadyState
do {
  state = try l.steadyState(
  options: .init(method: useBiCGSTAB ? .bicgstab : .gmres, tolerance: 1e-10, maxIterations: preconditioned ? 400 : 2000,
    preconditioned: preconditioned)
  ) { it, r in
  if Date().timeIntervalSince(lastReport) > 5 {
    FileHandle.standardError.write(Data("  \(it) applications, residual \(r)\n".utf8))
    lastReport = Date()
  }
}
} catch let e as SteadyStateNotConverged {
  print(String(format: "N = %d, T = %g K: NOT CONVERGED after %d applications (%.1f s): relative residual %.2e",
    n, temperature, e.iterations, Date().timeIntervalSince(built), e.relativeResidual))
  exit(1)
}
let done = Date()
let d = 1 << n
var polarizations = [Double](repeating: 0, count: n)
for k in 0..<n {
  for b in 0..<d { polarizations[k] += ((b >> k) & 1 == 1 ? 1 : -1) * state.rho[b, b].real }
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
var report: [String: Any] = [
  "N": n, "temperature_K": temperature, "seconds_build": built.timeIntervalSince(start),
  "seconds_solve": done.timeIntervalSince(built), "peak_rss_MB": Double(usage.ru_maxrss) / 1024,
  "polarizations": polarizations, "iterations": state.iterations, "relative_residual": state.relativeResidual,
  "trace_error": state.traceError, "hermiticity_error": state.hermiticityError,
  "preconditioned": preconditioned, "method": useBiCGSTAB ? "bicgstab" : "gmres",
]
if let outPath {
  var re = [Double](), im = [Double]()
  re.reserveCapacity(d * d)
  im.reserveCapacity(d * d)
  for r in 0..<d { for c in 0..<d { re.append(state.rho[r, c].real); im.append(state.rho[r, c].imaginary) } }
  report["rho_real"] = re
  report["rho_imag"] = im
  let data = try JSONSerialization.data(withJSONObject: report)
  try data.write(to: URL(fileURLWithPath: outPath))
}
print(String(format: "N = %d, T = %g K: build %.2f s, solve %.2f s, %d applications, residual %.2e, peak RSS %.0f MB",
  n, temperature, built.timeIntervalSince(start), done.timeIntervalSince(built), state.iterations,
  state.relativeResidual, Double(usage.ru_maxrss) / 1024))
