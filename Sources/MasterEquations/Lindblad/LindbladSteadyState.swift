import ComplexModule
import DNPNumerics
import RealModule

/// A stationary density matrix with the numbers that say how good it is.
public struct LindbladSteadyState: Sendable {
  /// ρ in the computational basis (index = bit pattern), trace 1.
  public var rho: ComplexMatrix
  /// Operator applications the Krylov solve spent (0 for the dense path).
  public var iterations: Int
  /// `‖L(ρ)‖_F / (‖L‖·‖ρ‖_F)`, with ‖L‖ estimated by the largest secular rate (dense path: the largest
  /// column norm of the superoperator).
  public var relativeResidual: Double
  /// `‖M L(ρ)‖_F / ‖ρ‖_F` with M the secular preconditioner (≈ L⁻¹ on traceless matrices): an estimate of the
  /// relative error of ρ, which the residual alone does not bound in stiff problems (κ(L) ~ 10¹¹ in the cross
  /// effect). Equal to the relative residual without the preconditioner; 0 for the dense path.
  public var errorEstimate: Double = 0
  /// `|Tr ρ − 1|` before the final normalization.
  public var traceError: Double
  /// `‖ρ − ρᴴ‖_F / ‖ρ‖_F`.
  public var hermiticityError: Double
}

/// How the matrix-free steady state is solved.
public struct SteadyStateOptions: Sendable {
  public enum Method: String, Sendable { case gmres, bicgstab }
  public var method: Method
  /// Target for ``LindbladSteadyState/errorEstimate`` when preconditioned (the secular preconditioner's estimate
  /// of the relative error of ρ), else for ``LindbladSteadyState/relativeResidual``; default 1e-10. Each extra
  /// digit costs about one iteration. Rounding sets a problem-dependent floor: ~1e-11 for the Zeno model, ~1e-10
  /// for the stiff cross-effect pentagon (ω_I = 2π·145 MHz, R1 = 1 s⁻¹), where 1e-10 may be reported as not
  /// converged (with the estimate reached) and 1e-9 is the tolerance to ask for.
  public var tolerance: Double
  public var maxIterations: Int
  /// GMRES restart length (memory: restart + 1 vectors of 2·4^N doubles). Up to 7 spins the solve keeps up to
  /// 1000 vectors (and allows as many iterations), so it cannot stagnate.
  public var restart: Int
  /// Precondition with the secular approximation in the full-Hamiltonian eigenbasis.
  public var preconditioned: Bool
  public init(
    method: Method = .gmres, tolerance: Double = 1e-10, maxIterations: Int = 400, restart: Int = 40,
    preconditioned: Bool = true
  ) {
    self.method = method
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.restart = restart
    self.preconditioned = preconditioned
  }
}

/// An unconverged steady-state solve, with the numbers reached.
public struct SteadyStateNotConverged: Error, CustomStringConvertible, Sendable {
  public let iterations: Int
  public let relativeResidual: Double
  public var errorEstimate: Double = .nan
  public let traceError: Double
  public let hermiticityError: Double
  public var description: String {
    "the steady-state solve did not converge: estimated error \(errorEstimate), relative residual "
      + "\(relativeResidual) after \(iterations) operator applications (trace error \(traceError), Hermiticity "
      + "error \(hermiticityError))"
  }
}

extension Lindbladian {
  /// The steady state `L(ρ) = 0`, `Tr ρ = 1`, matrix-free.
  ///
  /// Starts from the secular steady state ρ₀ and solves `L(δ) = −L(ρ₀)` for a traceless Hermitian correction
  /// by left-preconditioned GMRES (or BiCGSTAB) in real arithmetic on Hermitian matrices: the secular
  /// preconditioner maps traceless to traceless, so the singular direction of L (the trace) never enters, and
  /// the preconditioned residual it minimizes estimates the error of ρ (``LindbladSteadyState/errorEstimate``).
  ///
  /// - Parameter monitor: called with (operator applications, residual estimate) during the solve.
  /// - Throws: ``SteadyStateNotConverged`` with the residual, trace and Hermiticity errors reached;
  ///   ``LindbladError`` when the preconditioner cannot be built.
  /// - Complexity: set-up O(D³·jumps); per iteration one ``LindbladOperator`` application and, preconditioned,
  ///   16·D³ flops. Memory O(restart·D²).
  public func steadyState(options: SteadyStateOptions = .init(), monitor: ((Int, Double) -> Void)? = nil) throws
    -> LindbladSteadyState
  {
    let op = LindbladOperator(self)
    // Preconditioned: start from the secular steady state. Otherwise from 1/D, with ‖L‖ estimated by
    // power iteration.
    let secular = options.preconditioned ? try SecularPreconditioner(self) : nil
    let rho0 = secular?.secularState() ?? identityVector(dimension, scale: 1 / Double(dimension))
    let r0 = op.apply(rho0)
    let b = r0.map { -$0 }
    let normRho0 = frobenius(rho0)
    let scale = secular?.rateScale ?? op.normEstimate()
    // Preconditioned, GMRES/BiCGSTAB run on M L δ = M b (left preconditioning): the minimized residual
    // ‖M(b − Lδ)‖ then estimates the error of δ directly, which the plain residual does not in stiff problems.
    let system: any LinearOperator<Double> = secular.map { LeftPreconditioned(op, $0) } ?? op
    let rhs = secular?.apply(b) ?? b
    // The Krylov target sits below the final check (recomputed from ρ = ρ₀ + δ, with its own rounding).
    let target = 0.3 * options.tolerance * normRho0 * (secular == nil ? scale : 1)
    // Small registers (2·4^N ≤ 32768 unknowns, up to 7 spins) keep the whole Krylov basis: full GMRES cannot
    // stagnate, and its memory is small there.
    let small = system.dimension <= 32768
    let restart = small ? max(options.restart, min(system.dimension, 1000)) : options.restart
    let solverOptions = IterativeSolverOptions(
      relativeTolerance: 0, absoluteTolerance: target,
      maxIterations: small ? max(options.maxIterations, min(system.dimension, 2000)) : options.maxIterations)
    let solution: IterativeSolution<Double>
    switch options.method {
    case .gmres:
      solution = try gmres(system, rhs, restart: restart, options: solverOptions, monitor: monitor)
    case .bicgstab:
      solution = try bicgstab(system, rhs, options: solverOptions, monitor: monitor)
    }
    var rho = rho0
    for i in 0..<rho.count { rho[i] += solution.x[i] }
    let lRho = op.apply(rho)
    let normRho = frobenius(rho)
    let residual = frobenius(lRho) / (scale * normRho)
    let errorEstimate = secular.map { frobenius($0.apply(lRho)) / normRho } ?? residual
    var state = op.computational(fromVector: rho)
    let (traceError, hermiticityError) = normalize(&state)
    guard errorEstimate <= options.tolerance else {
      throw SteadyStateNotConverged(
        iterations: solution.iterations, relativeResidual: residual, errorEstimate: errorEstimate,
        traceError: traceError, hermiticityError: hermiticityError)
    }
    return LindbladSteadyState(
      rho: state, iterations: solution.iterations, relativeResidual: residual, errorEstimate: errorEstimate,
      traceError: traceError, hermiticityError: hermiticityError)
  }

  /// The steady state from the dense superoperator: one row of `L vec(ρ) = 0` replaced by `Tr ρ = 1`, then
  /// LU with partial pivoting (the test oracle, and the path for small registers).
  /// - Complexity: O(64^N) time, O(16^N) memory; at most 6 spins.
  public func denseSteadyState() throws -> LindbladSteadyState {
    var s = try superoperator()
    let d = dimension, d2 = d * d
    var norm = 0.0
    for c in 0..<d2 {
      var col = 0.0
      for r in 0..<d2 { col += s[r, c].length }
      norm = max(norm, col)
    }
    for c in 0..<d2 { s[0, c] = .zero }
    for i in 0..<d { s[0, i + i * d] = Complex(norm, 0) }
    var rhs = [Complex<Double>](repeating: .zero, count: d2)
    rhs[0] = Complex(norm, 0)
    let v = try s.solve(rhs)
    var rho = ComplexMatrix(rows: d, columns: d, elements: v)
    let l = try superoperator()
    let lr = l.times(rho.elements)
    let residual = (lr.map(\.lengthSquared).reduce(0, +)).squareRoot() / (norm * rho.frobeniusNorm)
    let (traceError, hermiticityError) = normalize(&rho)
    return LindbladSteadyState(
      rho: rho, iterations: 0, relativeResidual: residual, traceError: traceError, hermiticityError: hermiticityError)
  }
}

/// `scale · 1` as an interleaved complex D×D vector.
func identityVector(_ d: Int, scale: Double) -> [Double] {
  var v = [Double](repeating: 0, count: 2 * d * d)
  for i in 0..<d { v[2 * (i + i * d)] = scale }
  return v
}

extension LindbladOperator {
  /// ‖L‖₂ on Hermitian matrices estimated by power iteration on LᵀL (a lower bound, close after 20 steps).
  func normEstimate(iterations: Int = 20) -> Double {
    var x = [Double](repeating: 0, count: dimension)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<x.count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      x[i] = Double(state >> 11) / Double(1 << 53) - 0.5
    }
    var estimate = 0.0
    for _ in 0..<iterations {
      let nx = frobenius(x)
      guard nx > 0 else { break }
      let y = apply(x)
      estimate = frobenius(y) / nx
      x = y.map { $0 / max(frobenius(y), .leastNormalMagnitude) }
    }
    return max(estimate, .leastNormalMagnitude)
  }
}

/// Frobenius norm of an interleaved complex vector.
func frobenius(_ v: [Double]) -> Double { v.withUnsafeBufferPointer { $0.norm() } }

/// Measures |Tr ρ − 1| and the anti-Hermitian part, then makes ρ exactly Hermitian with unit trace.
func normalize(_ rho: inout ComplexMatrix) -> (trace: Double, hermiticity: Double) {
  let d = rho.rows
  var trace = Complex<Double>.zero
  for i in 0..<d { trace += rho[i, i] }
  var anti = 0.0
  for c in 0..<d { for r in 0..<d { anti += (rho[r, c] - rho[c, r].conjugate).lengthSquared } }
  let hermiticity = anti.squareRoot() / max(rho.frobeniusNorm, .leastNormalMagnitude)
  let t = trace.real
  for c in 0..<d {
    for r in c..<d {
      let h = (rho[r, c] + rho[c, r].conjugate) * Complex(0.5 / t, 0)
      rho[r, c] = h
      rho[c, r] = h.conjugate
    }
  }
  return ((trace - Complex(1, 0)).length, hermiticity)
}

/// `x ↦ M(L(x))` with a work buffer (one instance per solve; not for concurrent use).
final class LeftPreconditioned: LinearOperator, @unchecked Sendable {
  typealias Scalar = Double
  let operatorL: LindbladOperator
  let preconditioner: SecularPreconditioner
  private var work: [Double]
  init(_ l: LindbladOperator, _ m: SecularPreconditioner) {
    operatorL = l
    preconditioner = m
    work = [Double](repeating: 0, count: l.dimension)
  }
  var dimension: Int { operatorL.dimension }
  func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    work.withUnsafeMutableBufferPointer { w in
      operatorL.apply(x, into: w)
      preconditioner.apply(UnsafeBufferPointer(w), into: y)
    }
  }
}
