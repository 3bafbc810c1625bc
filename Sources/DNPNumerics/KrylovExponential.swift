import CLAPACK
import RealModule

/// Why an exponential action could not be computed.
public struct KrylovExponentialError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}

/// `exp(t A) v` at each requested time (ascending, ≥ 0) by Krylov projection with adaptive time steps
/// (Sidje 1998, Expokit `dgexpv`): an Arnoldi basis of dimension m is built at the current state, the small
/// Hessenberg exponential `exp(τH)` advances it by τ, and τ is set from the local error estimate so that
/// each step's error stays below `tolerance · τ` (relative to ‖v‖). Steps land exactly on the output times.
///
/// No fixed step: the step follows the local error, so it grows where the solution is smooth. The number of
/// steps still scales like ‖A‖·t/m, so for very stiff generators over long times use a dense
/// eigendecomposition when the system is small.
///
/// - Parameters:
///   - normEstimate: an estimate of ‖A‖₂ (sets the first step).
///   - maxSteps: the step budget; exceeding it throws rather than returning a partial answer.
///   - monitor: called after every step with (time reached, steps so far).
/// - Throws: ``KrylovExponentialError`` when a step is rejected ten times running or `maxSteps` is exhausted.
/// - Complexity: m operator applications and O(n·m²) work per step; memory (m + 2)·n.
public func krylovExponentialAction(
  _ a: some LinearOperator<Double>, _ v: [Double], times: [Double], normEstimate: Double,
  krylovDimension: Int = 30, tolerance: Double = 1e-10, maxSteps: Int = 100_000,
  monitor: ((Double, Int) -> Void)? = nil
) throws -> [[Double]] {
  let n = a.dimension
  guard v.count == n else {
    throw KrylovExponentialError(message: "vector length \(v.count) does not match operator dimension \(n)")
  }
  guard zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }), times.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
    throw KrylovExponentialError(message: "output times must be finite, non-negative and ascending")
  }
  let m = max(1, min(krylovDimension, n))
  let anorm = max(normEstimate, .leastNormalMagnitude)
  let gamma = 0.9, delta = 1.2
  var w = v
  var beta = w.withUnsafeBufferPointer { $0.norm() }
  var results: [[Double]] = []
  var basis = [Double](repeating: 0, count: n * (m + 1))
  var p = [Double](repeating: 0, count: n)
  var tNow = 0.0
  let xm = 1 / Double(m)
  let fact = Double.pow((Double(m) + 1) / Double.exp(1), Double(m) + 1) * (2 * Double.pi * (Double(m) + 1)).squareRoot()
  var tau = (1 / anorm) * Double.pow(fact * tolerance / (4 * max(beta, .leastNormalMagnitude) * anorm), xm)
  var steps = 0
  let vNorm = max(beta, .leastNormalMagnitude)
  for tOut in times {
    while tNow < tOut {
      if beta == 0 { break }
      steps += 1
      guard steps <= maxSteps else {
        throw KrylovExponentialError(
          message: "Krylov exponential: \(maxSteps) steps reached at t = \(tNow) of \(tOut) (‖A‖t too large for m = \(m))")
      }
      tau = min(tau, tOut - tNow)
      // Arnoldi on A with v₁ = w/β.
      var h = RealMatrix(rows: m + 2, columns: m + 2)
      var mb = m, k1 = 2
      var avnorm = 0.0
      basis.withUnsafeMutableBufferPointer { vb in
        p.withUnsafeMutableBufferPointer { pb in
          w.withUnsafeBufferPointer { wb in
            let v0 = UnsafeMutableBufferPointer(rebasing: vb[0..<n])
            v0.copy(from: wb)
            v0.scale(1 / beta)
          }
          for j in 0..<m {
            let vj = UnsafeBufferPointer(rebasing: vb[(j * n)..<((j + 1) * n)])
            a.apply(vj, into: pb)
            for i in 0...j {
              let vi = UnsafeBufferPointer(rebasing: vb[(i * n)..<((i + 1) * n)])
              let hij = vi.dot(pb.immutable)
              h[i, j] = hij
              pb.axpy(-hij, vi)
            }
            let s = pb.norm()
            if s <= 1e-12 * anorm {  // happy breakdown: the Krylov space is invariant
              k1 = 0
              mb = j + 1
              tau = tOut - tNow
              break
            }
            h[j + 1, j] = s
            let next = UnsafeMutableBufferPointer(rebasing: vb[((j + 1) * n)..<((j + 2) * n)])
            next.copy(from: pb.immutable)
            next.scale(1 / s)
          }
          if k1 != 0 {
            h[m + 1, m] = 1
            a.apply(UnsafeBufferPointer(rebasing: vb[(m * n)..<((m + 1) * n)]), into: pb)
            avnorm = pb.norm()
          }
        }
      }
      // Error-controlled step.
      var rejections = 0
      var f = RealMatrix(rows: 1, columns: 1)
      var errorLocal = 0.0
      while true {
        let mx = mb + k1
        let small = RealMatrix(rows: mx, columns: mx) { i, j in tau * h[i, j] }
        f = try small.exponential()
        if k1 == 0 { errorLocal = tolerance * vNorm * 1e-3; break }
        let phi1 = abs(beta * f[m, 0]), phi2 = abs(beta * f[m + 1, 0] * avnorm)
        errorLocal = phi1 > 10 * phi2 ? phi2 : (phi1 > phi2 ? phi1 * phi2 / (phi1 - phi2) : phi1)
        if errorLocal <= delta * tau * tolerance * vNorm { break }
        rejections += 1
        guard rejections <= 10 else {
          throw KrylovExponentialError(message: "Krylov exponential: step rejected 10 times at t = \(tNow)")
        }
        tau = gamma * tau * Double.pow(tau * tolerance * vNorm / errorLocal, xm)
        tau = roundToTwoDigits(min(tau, tOut - tNow))
      }
      // w = β V F[:, 0].
      let mx = mb + max(0, k1 - 1)
      w.withUnsafeMutableBufferPointer { wb in
        wb.fill(0)
        basis.withUnsafeBufferPointer { vb in
          for j in 0..<mx { wb.axpy(beta * f[j, 0], UnsafeBufferPointer(rebasing: vb[(j * n)..<((j + 1) * n)])) }
        }
      }
      beta = w.withUnsafeBufferPointer { $0.norm() }
      tNow += tau
      if abs(tNow - tOut) <= 1e-14 * max(1, tOut) { tNow = tOut }
      monitor?(tNow, steps)
      let grown = gamma * tau * Double.pow(tau * tolerance * vNorm / max(errorLocal, .leastNormalMagnitude), xm)
      tau = roundToTwoDigits(grown)
    }
    results.append(w)
  }
  return results
}

/// τ rounded up to two significant digits (Expokit's step rounding).
private func roundToTwoDigits(_ x: Double) -> Double {
  guard x > 0, x.isFinite else { return x }
  let s = Double.pow(10, Double.log10(x).rounded(.down) - 1)
  return (x / s).rounded(.up) * s
}
