import ComplexModule
import RealModule
import DNPNumerics
import MasterEquations
import SpinPhysics

/// The three-level toy model of Zeno localization (SM Sec. IV, eq. S83, Fig. S11): a ground state |0⟩ and two
/// excited states |1⟩, |2⟩ at ω_e − Δ and ω_e + Δ, coupled to each other by an exchange J; a microwave at ω_MW
/// couples |0⟩ and |1⟩ with amplitude V; two independent harmonic baths exchange energy between |0⟩ and |α⟩
/// (α = 1, 2) with rates γ_α and occupations n̄_α at ω_e.
///
/// In the frame rotating at ω_MW (coherences ρ_0α renamed ρ_0α e^{−iω_MW t}, as in the paper before S95) the
/// model is time independent:
///
///     H = (Δω − Δ)|1⟩⟨1| + (Δω + Δ)|2⟩⟨2| + J(|1⟩⟨2| + |2⟩⟨1|) + V(|1⟩⟨0| + |0⟩⟨1|),   Δω = ω_e − ω_MW,
///
/// with the GKSL jumps of eq. S89, `L_α = √(2γ_α n̄_α)|α⟩⟨0|` and `L̃_α = √(2γ_α(n̄_α + 1))|0⟩⟨α|`.
/// The Lamb shifts δ_α, δ′_α are neglected, as in the paper from eq. S90 on.
///
/// V is taken real: a phase of V is removed by redefining |0⟩ → e^{iφ}|0⟩, which leaves every population
/// unchanged (the paper also sets V = V* before S95).
public struct ToyModelParameters: Codable, Sendable, Equatable {
  /// V, the microwave coupling of |0⟩ and |1⟩ (rad/s).
  public var drive: Double
  /// J, the exchange between |1⟩ and |2⟩ (rad/s).
  public var exchange: Double
  /// Δ: |1⟩ sits at ω_e − Δ and |2⟩ at ω_e + Δ (rad/s).
  public var offset: Double
  /// Δω = ω_e − ω_MW (rad/s).
  public var detuning: Double
  /// γ_1, γ_2 (s⁻¹): the zero-temperature decay rate of |α⟩ is 2γ_α.
  public var gamma1: Double
  public var gamma2: Double
  /// n̄_1, n̄_2: the baths' Bose occupations at ω_e, `1/(e^{βω_e} − 1)`.
  public var occupation1: Double
  public var occupation2: Double

  public init(
    drive: Double, exchange: Double, offset: Double, detuning: Double, gamma1: Double, gamma2: Double,
    occupation1: Double = 0, occupation2: Double = 0
  ) {
    self.drive = drive
    self.exchange = exchange
    self.offset = offset
    self.detuning = detuning
    self.gamma1 = gamma1
    self.gamma2 = gamma2
    self.occupation1 = occupation1
    self.occupation2 = occupation2
  }

  /// The paper's analytic case (before eq. S95): γ_1 = γ_2 = γ and zero temperature (n̄_α = 0).
  public init(drive: Double, exchange: Double, offset: Double, detuning: Double, gamma: Double) {
    self.init(
      drive: drive, exchange: exchange, offset: offset, detuning: detuning, gamma1: gamma, gamma2: gamma)
  }

  /// The Bose occupation `1/(e^{βω} − 1)` (β in s, ω in rad/s), for n̄_α at ω = ω_e.
  public static func boseOccupation(beta: Double, omega: Double) -> Double {
    1 / Double.expMinusOne(beta * omega)
  }
}

/// A stationary state of the toy model: the 3×3 density matrix in the basis |0⟩, |1⟩, |2⟩, in the rotating
/// frame of ``ToyModelParameters``.
public struct ToyModelState: Sendable {
  public var rho: ComplexMatrix
  /// The weight the 2-spin embedding of ``ToyModel/lindbladian()`` left outside the three levels:
  /// max |ρ_3x| over the row and column of |3⟩ = |↑↑⟩ (0 for the analytic solution).
  public var leakage: Double
  /// `‖L(ρ)‖ / (‖L‖‖ρ‖)` from the engine (0 for the analytic solution).
  public var relativeResidual: Double

  /// ρ_00, ρ_11, ρ_22.
  public var populations: [Double] { (0..<3).map { rho[$0, $0].real } }
}

/// Errors of the toy model: parameters outside the case a solution covers.
public struct ToyModelError: Error, CustomStringConvertible, Sendable, Equatable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The toy model of SM Sec. IV, solved analytically (eqs. S95–S101, in `ToyModel+Analytic.swift`) and through the
/// engine's GKSL steady state (``lindbladian()``).
public struct ToyModel: Sendable {
  public let parameters: ToyModelParameters

  public init(parameters: ToyModelParameters) { self.parameters = parameters }

  /// The register states that carry |0⟩, |1⟩, |2⟩: |↓↓⟩, |↑↓⟩ (spin 0 up), |↓↑⟩ (spin 1 up), as bit patterns.
  public static let embedding: [Int] = [0b00, 0b01, 0b10]

  /// The toy model's GKSL generator (eq. S89, Lamb shifts dropped) on a register of two spins-1/2.
  ///
  /// **Embedding.** |0⟩ = |↓↓⟩, |1⟩ = |↑↓⟩, |2⟩ = |↓↑⟩; the fourth state |3⟩ = |↑↑⟩ is spare. Every operator is
  /// a projected spin product that never leaves span{|0⟩, |1⟩, |2⟩}:
  /// - `|1⟩⟨0| = S^+_0 (½ − S^z_1)`, `|2⟩⟨0| = S^+_1 (½ − S^z_0)` (S^+_0 alone would also map |↓↑⟩ to |↑↑⟩),
  /// - `|1⟩⟨2| = S^+_0 S^−_1`, `|1⟩⟨1| = (½ + S^z_0)(½ − S^z_1)`, `|2⟩⟨2| = (½ − S^z_0)(½ + S^z_1)`.
  ///
  /// With these alone |↑↑⟩⟨↑↑| would be a second stationary state (nothing acts on it) and the steady state
  /// would not be unique. One extra jump `√κ |0⟩⟨3| = √κ S^−_0 S^−_1` drains |3⟩ into |0⟩. It annihilates the three
  /// levels and `κ|3⟩⟨3|` (its A†A) vanishes on them, so the generator restricted to the 3×3 block is exactly
  /// S89; its only effect is the feeding `κρ_33|0⟩⟨0|`, which is zero in the (now unique) steady state, where
  /// ρ_33 = 0 and ρ_3x = 0. κ = 2 max_α γ_α(n̄_α + 1), the scale of the model's own rates, keeps the problem
  /// well conditioned.
  ///
  /// - Throws: ``ToyModelError`` unless γ_α > 0 and n̄_α ≥ 0 (γ = 0 leaves the populations undetermined).
  public func lindbladian() throws -> Lindbladian {
    let p = parameters
    guard p.gamma1 > 0, p.gamma2 > 0, p.occupation1 >= 0, p.occupation2 >= 0 else {
      throw ToyModelError(
        "the toy model needs γ_α > 0 and n̄_α ≥ 0 (got γ = \(p.gamma1), \(p.gamma2), n̄ = \(p.occupation1), \(p.occupation2))"
      )
    }
    let half = SpinOperator.identity(spins: 2, times: Complex(0.5, 0))
    let down0 = half - .sz(0, spins: 2), up0 = half + .sz(0, spins: 2)
    let down1 = half - .sz(1, spins: 2), up1 = half + .sz(1, spins: 2)
    let raise1From0 = SpinOperator.raising(0, spins: 2) * down1  // |1⟩⟨0|
    let raise2From0 = SpinOperator.raising(1, spins: 2) * down0  // |2⟩⟨0|
    let hop = SpinOperator.raising(0, spins: 2) * .lowering(1, spins: 2)  // |1⟩⟨2|
    let hamiltonian =
      (p.detuning - p.offset) * (up0 * down1) + (p.detuning + p.offset) * (down0 * up1)
      + p.exchange * (hop + hop.adjoint) + p.drive * (raise1From0 + raise1From0.adjoint)
    var jumps: [SpinOperator] = []
    for (gamma, n, raise) in [(p.gamma1, p.occupation1, raise1From0), (p.gamma2, p.occupation2, raise2From0)]
    {
      if n > 0 { jumps.append((2 * gamma * n).squareRoot() * raise) }
      jumps.append((2 * gamma * (n + 1)).squareRoot() * raise.adjoint)
    }
    let kappa = 2 * max(p.gamma1 * (p.occupation1 + 1), p.gamma2 * (p.occupation2 + 1))
    jumps.append(kappa.squareRoot() * (SpinOperator.lowering(0, spins: 2) * .lowering(1, spins: 2)))
    return try Lindbladian(hamiltonian: hamiltonian, jumps: jumps)
  }

  /// How ``numericalStationaryState(method:)`` solves `L(ρ) = 0`.
  public enum NumericalMethod: Sendable {
    /// LU on the dense 16 × 16 superoperator (``Lindbladian/denseSteadyState()``).
    case dense
    /// The matrix-free Krylov path with the secular preconditioner (``Lindbladian/steadyState(options:monitor:)``).
    case matrixFree(SteadyStateOptions)
  }

  /// The stationary state of eq. S89 from the engine, for any γ_α, n̄_α (no analytic restriction), read back
  /// from the 2-spin embedding of ``lindbladian()``.
  /// - Throws: ``ToyModelError`` for invalid parameters; the engine's errors (e.g. ``SteadyStateNotConverged``).
  /// - Complexity: O(1): a 4-level register (16 × 16 superoperator).
  public func numericalStationaryState(method: NumericalMethod = .dense) throws -> ToyModelState {
    let l = try lindbladian()
    let solution: LindbladSteadyState
    switch method {
    case .dense: solution = try l.denseSteadyState()
    case .matrixFree(let options): solution = try l.steadyState(options: options)
    }
    let e = Self.embedding
    let rho = ComplexMatrix(rows: 3, columns: 3) { r, c in solution.rho[e[r], e[c]] }
    let spare = 0b11
    let leakage = (0..<4).map { solution.rho[spare, $0].length }.max() ?? 0
    return ToyModelState(rho: rho, leakage: leakage, relativeResidual: solution.relativeResidual)
  }
}
