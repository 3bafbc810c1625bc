import ComplexModule
import DNPNumerics
import RealModule

/// ρ(t) at the requested times, with the numbers that say how well trace and Hermiticity were kept.
public struct LindbladTrajectory: Sendable {
  public enum Method: String, Sendable {
    /// Eigendecomposition of the dense superoperator (any t at the same cost).
    case eigendecomposition
    /// Dense matrix exponentials between output times (when the eigenvectors are ill-conditioned).
    case denseExponential
    /// Krylov exp(tL)·ρ with adaptive steps, matrix-free (times up to a few hundred ‖L‖⁻¹·m).
    case krylov
    /// Shift-and-invert Krylov, matrix-free: one rational Krylov space per decade of output times, each vector
    /// a preconditioned GMRES solve of (1 − γL)x = v. For stiff generators over long times.
    case shiftInvert
  }
  public var times: [Double]
  /// ρ(t) in the computational basis, unnormalized (the trace error says how far from 1).
  public var states: [ComplexMatrix]
  public var method: Method
  /// max_t |Tr ρ(t) − 1|.
  public var traceError: Double
  /// max_t ‖ρ − ρᴴ‖_F / ‖ρ‖_F.
  public var hermiticityError: Double
}

extension Lindbladian {
  /// ρ(t) = exp(tL) ρ₀ at each time in `times` (ascending, ≥ 0).
  ///
  /// - Parameters:
  ///   - method: `nil` picks the dense eigendecomposition up to 5 spins and shift-and-invert Krylov above.
  ///   - tolerance: the Krylov local error tolerance (relative to ‖ρ₀‖).
  /// - Throws: ``LindbladError`` for a bad ρ₀ or times; the Krylov and LAPACK errors unchanged.
  /// - Complexity: dense: one non-Hermitian eigensolve of the 4^N × 4^N superoperator, O(64^N); Krylov:
  ///   ~‖L‖t/m steps of m ``LindbladOperator`` applications.
  public func evolve(
    from rho0: ComplexMatrix, times: [Double], method: LindbladTrajectory.Method? = nil, tolerance: Double = 1e-10,
    monitor: ((Double, Int) -> Void)? = nil
  ) throws -> LindbladTrajectory {
    let d = dimension
    guard rho0.rows == d, rho0.columns == d else { throw LindbladError("ρ₀ must be \(d) × \(d)") }
    guard zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }), times.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
      throw LindbladError("output times must be finite, non-negative and ascending")
    }
    let chosen = method ?? (spins <= 5 ? .eigendecomposition : .shiftInvert)
    var states: [ComplexMatrix]
    var used = chosen
    switch chosen {
    case .krylov:
      let op = LindbladOperator(self)
      let v = op.vector(fromComputational: rho0)
      let out = try krylovExponentialAction(
        op, v, times: times, normEstimate: op.normEstimate(), tolerance: tolerance, monitor: monitor)
      states = out.map { op.computational(fromVector: $0) }
    case .shiftInvert:
      states = try shiftInvertEvolution(rho0, times: times, tolerance: tolerance, monitor: monitor)
    case .eigendecomposition, .denseExponential:
      (states, used) = try denseEvolution(rho0, times: times, forceExponential: chosen == .denseExponential, tolerance: tolerance)
    }
    var traceError = 0.0, hermiticityError = 0.0
    for rho in states {
      var trace = Complex<Double>.zero
      for i in 0..<d { trace += rho[i, i] }
      traceError = max(traceError, (trace - Complex(1, 0)).length)
      var anti = 0.0
      for c in 0..<d { for r in 0..<d { anti += (rho[r, c] - rho[c, r].conjugate).lengthSquared } }
      hermiticityError = max(hermiticityError, anti.squareRoot() / max(rho.frobeniusNorm, .leastNormalMagnitude))
    }
    return LindbladTrajectory(
      times: times, states: states, method: used, traceError: traceError, hermiticityError: hermiticityError)
  }

  /// The steady state the evolutions subtract: matrix-free to the tightest relative residual reached among
  /// 1e-12 … 1e-9 (the error estimate has a problem-dependent rounding floor of 1e-11 to 1e-10), or the
  /// dense LU when the preconditioner cannot be built. An error δ in it is traceless, so the evolved
  /// `ρ_ss + e^{tL}(ρ₀ − ρ_ss)` is exact at t = 0 and t → ∞ and off by at most |δ| in between.
  private func stationaryReference(tolerance: Double) throws -> ComplexMatrix {
    for target in [1e-12, 1e-11, 1e-10, max(tolerance, 1e-9)] {
      if let state = try? steadyState(options: .init(tolerance: target)) { return state.rho }
    }
    if spins <= 6, let dense = try? denseSteadyState() { return dense.rho }
    return try steadyState(options: .init(tolerance: max(tolerance, 1e-11))).rho
  }

  /// Shift-and-invert Krylov from the last computed state: the next output time t sets γ = t − t_c, and every
  /// later output time within 10γ of t_c is taken from the same space; then the state moves on. The steady
  /// state is solved first and only the (traceless) deviation from it is evolved.
  private func shiftInvertEvolution(
    _ rho0: ComplexMatrix, times: [Double], tolerance: Double, monitor: ((Double, Int) -> Void)?
  ) throws -> [ComplexMatrix] {
    let op = LindbladOperator(self)
    let secular = try SecularPreconditioner(self)
    let size = dimension
    // ρ(t) = ρ_ss + exp(tL)(ρ₀ − ρ_ss): the evolved part is traceless, and (1 − γL)⁻¹ keeps it so, so the trace
    // is exact to rounding whatever the Krylov error, and the part that is evolved decays.
    let stationary = op.vector(fromComputational: try stationaryReference(tolerance: tolerance))
    let start = op.vector(fromComputational: rho0)
    let scale = frobenius(start)
    var current = zip(start, stationary).map { $0 - $1 }
    var tCurrent = 0.0
    var states: [ComplexMatrix] = []
    var k = 0
    var solves = 0
    while k < times.count {
      if times[k] <= tCurrent {
        states.append(op.computational(fromVector: zip(current, stationary).map { $0 + $1 }))
        k += 1
        continue
      }
      let gamma = times[k] - tCurrent
      var group = [times[k]]
      while k + group.count < times.count, times[k + group.count] - tCurrent <= 10 * gamma {
        group.append(times[k + group.count])
      }
      let pre = try secular.shifted(by: gamma)
      let shifted = ShiftedLindbladOperator(op, gamma: gamma)
      let out = try shiftInvertExponentialAction(
        dimension: op.dimension, current, times: group.map { $0 - tCurrent }, gamma: gamma,
        tolerance: tolerance * scale
      ) { b, x in
        let rhs = Array(b)
        let guess = pre.apply(rhs)
        let solution = try gmres(
          shifted, rhs, preconditioner: pre, initialGuess: guess, restart: min(op.dimension, 60),
          options: .init(relativeTolerance: max(1e-4 * tolerance, 1e-15 * (1 + gamma * secular.rateScale)), maxIterations: 2000)
        ).checked()
        solves += 1
        for i in 0..<x.count { x[i] = solution.x[i] }
        ComplexPlane.hermitianPartInPlace(x.baseAddress!, dimension: size)
      }
      states.append(contentsOf: out.map { op.computational(fromVector: zip($0, stationary).map { $0 + $1 }) })
      current = out.last!
      tCurrent = group.last!
      k += group.count
      monitor?(tCurrent, solves)
    }
    return states
  }

  /// Dense evolution of the deviation from the steady state: `vec ρ(t) = vec ρ_ss + R e^{Λt} R⁻¹ vec(ρ₀ − ρ_ss)`
  /// from `zgeev` of the superoperator. Two guards keep long times honest in stiff problems, where eigenvalues
  /// carry an absolute rounding error ~ε‖L‖ (10⁻⁷ s⁻¹ at 10⁹ rad/s, a 1 % drift after 10⁵ s): the stationary
  /// mode is removed exactly by evolving the deviation from ρ_ss (solved matrix-free to 10⁻¹³, or by the dense
  /// LU), and eigenvalues with a rounding-level positive real part are set to the imaginary axis (a GKSL
  /// generator has none). If the expansion coefficients show ill-conditioned eigenvectors (Σ|c_j| > 10⁶ ‖ρ₀‖
  /// with unit eigenvectors: more than six digits lost to cancellation), products of dense exponentials
  /// `exp(L(t_k − t_{k−1}))` are used instead.
  private func denseEvolution(_ rho0: ComplexMatrix, times: [Double], forceExponential: Bool, tolerance: Double) throws
    -> ([ComplexMatrix], LindbladTrajectory.Method)
  {
    let s = try superoperator()
    let d = dimension
    let stationary = try stationaryReference(tolerance: tolerance)
    let v0 = zip(rho0.elements, stationary.elements).map { $0 - $1 }
    // The exact deviation is Hermitian and traceless at every time; its rounding-level departures from both
    // (amplified by ill-conditioned eigenvectors in stiff problems) are projected out.
    func state(_ deviation: [Complex<Double>]) -> ComplexMatrix {
      var trace = Complex<Double>.zero
      for i in 0..<d { trace += deviation[i + i * d] }
      let shift = trace * Complex(1 / Double(d), 0)
      return ComplexMatrix(rows: d, columns: d) { r, c in
        let h = (deviation[r + c * d] + deviation[c + r * d].conjugate) * Complex(0.5, 0) - (r == c ? Complex(shift.real, 0) : .zero)
        return h + stationary[r, c]
      }
    }
    if !forceExponential {
      let eig = try s.generalEigen()
      let c = try eig.vectors.solve(v0)
      let growth = c.reduce(0) { $0 + $1.length } / max(rho0.frobeniusNorm, .leastNormalMagnitude)
      if growth <= 1e6 {
        let rates = eig.values.map { Complex(min($0.real, 0), $0.imaginary) }
        let states = times.map { t -> ComplexMatrix in
          let scaled = (0..<c.count).map { j in c[j] * Complex.exp(rates[j] * Complex(t, 0)) }
          return state(eig.vectors.times(scaled))
        }
        return (states, .eigendecomposition)
      }
    }
    var states: [ComplexMatrix] = []
    var current = v0, tPrev = 0.0
    for t in times {
      if t > tPrev {
        let step = ComplexMatrix(rows: s.rows, columns: s.columns, elements: s.elements.map { $0 * Complex(t - tPrev, 0) })
        current = try step.exponential().times(current)
        tPrev = t
      }
      states.append(state(current))
    }
    return (states, .denseExponential)
  }
}

/// `x ↦ x − γ L(x)` on Hermitian matrices, for the shift-and-invert solves.
final class ShiftedLindbladOperator: LinearOperator, @unchecked Sendable {
  typealias Scalar = Double
  let base: LindbladOperator
  let gamma: Double
  init(_ base: LindbladOperator, gamma: Double) {
    self.base = base
    self.gamma = gamma
  }
  var dimension: Int { base.dimension }
  func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    base.apply(x, into: y)
    for i in 0..<y.count { y[i] = x[i] - gamma * y[i] }
  }
}
