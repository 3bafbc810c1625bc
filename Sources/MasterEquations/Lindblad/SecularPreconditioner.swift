import CLAPACK
import ComplexModule
import DNPNumerics
import RealModule
import SpinPhysics

/// The secular (Davies) approximation of a ``Lindbladian`` in the eigenbasis of its *full* Hamiltonian
/// (drive included), inverted: a preconditioner for the steady-state Krylov solve.
///
/// In the eigenbasis |n⟩ of H (E_n), with `Ã_k = Uᵀ A_k U`, the secular generator keeps
/// - coherences |n⟩⟨m| on their own diagonal element
///   `λ_nm = −i(E_n − E_m) − ½(Γ_n + Γ_m) + Σ_k Ã_k,nn Ã*_k,mm`, `Γ_n = Σ_{k,l} |Ã_k,ln|²`;
/// - populations under the Pauli rates `W_{m→n} = Σ_k |Ã_k,nm|²` (a ``PopulationMasterEquation`` of one
///   block).
/// Applying the preconditioner divides coherences by λ_nm and solves the rate equation for the populations.
/// The rate generator G is singular (columns sum to zero); it is replaced by `G + s·1 1ᵀ`, which maps a
/// traceless right-hand side to the traceless solution of `G p = r`, so traceless matrices stay traceless.
///
/// The drive must be in the basis: with H_S's eigenbasis alone, a drive ω1 much larger than the coherence
/// damping leaves the preconditioned operator far from normal and restarted GMRES stagnates.
///
/// - Complexity: set-up O(D³) per jump operator (two basis changes each) plus one D×D eigensolve and LU;
///   one application is four dense real products, 16·D³ flops. Memory: U, 1/λ (D² complex) and the LU.
/// - Note: holds work buffers; one instance must not be applied from two threads at once.
public final class SecularPreconditioner: LinearOperator, @unchecked Sendable {
  public typealias Scalar = Double
  public let size: Int
  public var dimension: Int { 2 * size * size }
  /// Eigenvalues of the full Hamiltonian (ascending).
  public let energies: [Double]
  /// The secular steady state: populations p₀ in the eigenbasis, `G p₀ = 0`, `Σ p₀ = 1`.
  public let populations: [Double]
  /// The largest |λ_nm|: a scale for ‖L‖ in relative residuals.
  public let rateScale: Double
  /// U, column-major (sector-order rows, eigenstates as columns): D² reals, or 2D² (interleaved complex) when
  /// the Hamiltonian is complex.
  private let u: [Double]
  private let complexBasis: Bool
  /// λ_nm (zero on the diagonal) and the Pauli generator G: kept so that shifted copies share them.
  private let lambda: [Complex<Double>]
  private let generator: RealMatrix
  /// nil: the steady-state inverse; γ: the inverse of 1 − γL.
  public let shift: Double?
  private let inverseLambda: [Complex<Double>]
  private let lu: LUFactorization<Double>
  private let work: UnsafeMutablePointer<Double>
  private let populationWork: UnsafeMutablePointer<Double>

  /// A real Hamiltonian gets a real orthogonal U and real-arithmetic basis changes (dgemm on the real view
  /// of complex matrices, half the flops); a complex one a unitary U and zgemm.
  /// - Throws: ``LindbladError`` when the rate matrix is singular.
  public init(_ l: Lindbladian) throws {
    let d = l.dimension
    size = d
    let basis = l.eigenbasis
    let pos = basis.position, order = basis.order
    // Full Hamiltonian in sector order.
    var h = ComplexMatrix(rows: d, columns: d)
    for t in l.hamiltonian.terms {
      for j in 0..<d {
        guard let (target, a) = t.product.act(on: order[j]) else { continue }
        h[Int(pos[Int(target)]), j] += t.coefficient * Complex(a, 0)
      }
    }
    if let e = l.eigenHamiltonian {
      for (k, v) in basis.blocks.enumerated() {
        let o = basis.offsets[k], n = basis.sizes[k]
        for c in 0..<n {
          for r in 0..<n {
            var s = 0.0
            for q in 0..<n { s += v[r, q] * e[o + q] * v[c, q] }
            h[o + r, o + c] += Complex(s, 0)
          }
        }
      }
    }
    let scaleH = h.elements.map(\.length).max() ?? 0
    let realH = h.elements.allSatisfy { abs($0.imaginary) <= 1e-15 * scaleH }
    if realH {
      let eig = try RealMatrix(rows: d, columns: d, elements: h.elements.map(\.real)).symmetricEigen()
      energies = eig.values
      u = eig.vectors.elements
      complexBasis = false
    } else {
      let eig = try h.hermitianEigen()
      energies = eig.values
      u = eig.vectors.elements.flatMap { [$0.real, $0.imaginary] }
      complexBasis = true
    }
    work = .allocate(capacity: 3 * 2 * d * d)
    work.initialize(repeating: 0, count: 3 * 2 * d * d)
    populationWork = .allocate(capacity: max(1, d))

    // Rates from every jump operator, one at a time: Ã = Uᵀ A U.
    var rates = RealMatrix(rows: d, columns: d)  // Σ_k |Ã_k[n, m]|²
    var diagonals: [[Complex<Double>]] = []
    let dense = work, scratch = work + 2 * d * d, transformed = work + 4 * d * d
    let basisU = u, isComplex = complexBasis
    /// `Uᴴ A U` into `dst` (A and dst complex D×D).
    func similarity(_ a: UnsafePointer<Double>, _ scratch: UnsafeMutablePointer<Double>, _ dst: UnsafeMutablePointer<Double>) {
      basisU.withUnsafeBufferPointer { ub in
        if isComplex {
          var one = Complex<Double>.one, zero = Complex<Double>.zero
          cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, blasint(d), blasint(d), blasint(d), &one, a, blasint(d),
            ub.baseAddress, blasint(d), &zero, scratch, blasint(d))
          cblas_zgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, blasint(d), blasint(d), blasint(d), &one, ub.baseAddress,
            blasint(d), scratch, blasint(d), &zero, dst, blasint(d))
        } else {
          ComplexPlane.similarity(a, ub.baseAddress!, work: scratch, into: dst, dimension: d)
        }
      }
    }
    func accumulate() {
      var diag = [Complex<Double>](repeating: .zero, count: d)
      for m in 0..<d {
        for n in 0..<d {
          let i = 2 * (n + m * d)
          rates.elements[n + m * d] += transformed[i] * transformed[i] + transformed[i + 1] * transformed[i + 1]
        }
        diag[m] = Complex(transformed[2 * (m + m * d)], transformed[2 * (m + m * d) + 1])
      }
      diagonals.append(diag)
    }
    let realJumps = !complexBasis && l.jumps.allSatisfy { $0.terms.allSatisfy { $0.coefficient.imaginary == 0 } }
    u.withUnsafeBufferPointer { up in
      let ub = up.baseAddress!
      if realJumps {
        // Real path: A U by row operations (local) or through Vᵀ U (dressed), then one dgemm Uᵀ(AU).
        let au = dense, product = transformed
        func transformAndAccumulate() {
          cblas_dgemm(
            CblasColMajor, CblasTrans, CblasNoTrans, blasint(d), blasint(d), blasint(d), 1, ub, blasint(d), au,
            blasint(d), 0, product, blasint(d))
          var diag = [Complex<Double>](repeating: .zero, count: d)
          for m in 0..<d {
            for n in 0..<d {
              let x = product[n + m * d]
              rates.elements[n + m * d] += x * x
            }
            diag[m] = Complex(product[m + m * d], 0)
          }
          diagonals.append(diag)
        }
        for a in l.jumps {
          au.update(repeating: 0, count: d * d)
          for t in a.terms {
            let c = t.coefficient.real
            for j in 0..<d {
              guard let (target, amp) = t.product.act(on: order[j]) else { continue }
              let row = Int(pos[Int(target)])
              cblas_daxpy(blasint(d), c * amp, ub + j, blasint(d), au + row, blasint(d))
            }
          }
          transformAndAccumulate()
        }
        if !l.dressedJumps.isEmpty {
          // Vᵀ U, block by block (rows of sector k).
          let vtu = scratch
          for (k, v) in basis.blocks.enumerated() {
            let o = basis.offsets[k], n = basis.sizes[k]
            v.elements.withUnsafeBufferPointer { vb in
              cblas_dgemm(
                CblasColMajor, CblasTrans, CblasNoTrans, blasint(n), blasint(d), blasint(n), 1, vb.baseAddress,
                blasint(n), ub + o, blasint(d), 0, vtu + o, blasint(d))
            }
          }
          let scaled = UnsafeMutablePointer<Double>.allocate(capacity: d * d)
          defer { scaled.deallocate() }
          for jump in l.dressedJumps {
            for c in 0..<d { for r in 0..<d { scaled[r + c * d] = jump.eigenDiagonal[r] * vtu[r + c * d] } }
            for (k, v) in basis.blocks.enumerated() {
              let o = basis.offsets[k], n = basis.sizes[k]
              v.elements.withUnsafeBufferPointer { vb in
                cblas_dgemm(
                  CblasColMajor, CblasNoTrans, CblasNoTrans, blasint(n), blasint(d), blasint(n), 1, vb.baseAddress,
                  blasint(n), scaled + o, blasint(d), 0, au + o, blasint(d))
              }
            }
            let local = jump.local.diagonal()
            for j in 0..<d {
              let dj = local[Int(order[j])].real
              if dj != 0 { cblas_daxpy(blasint(d), dj, ub + j, blasint(d), au + j, blasint(d)) }
            }
            transformAndAccumulate()
          }
        }
        return
      }
      for a in l.jumps {
        dense.update(repeating: 0, count: 2 * d * d)
        for t in a.terms {
          for j in 0..<d {
            guard let (target, amp) = t.product.act(on: order[j]) else { continue }
            let i = 2 * (Int(pos[Int(target)]) + j * d)
            dense[i] += t.coefficient.real * amp
            dense[i + 1] += t.coefficient.imaginary * amp
          }
        }
        similarity(dense, scratch, transformed)
        accumulate()
      }
      for jump in l.dressedJumps {
        dense.update(repeating: 0, count: 2 * d * d)
        let local = jump.local.diagonal()
        for j in 0..<d { dense[2 * (j + j * d)] = local[Int(order[j])].real }
        for (k, v) in basis.blocks.enumerated() {
          let o = basis.offsets[k], n = basis.sizes[k]
          let vz = RealMatrix(rows: n, columns: n) { r, q in v[r, q] * jump.eigenDiagonal[o + q] }
          let block = vz * v.transposed
          for c in 0..<n { for r in 0..<n { dense[2 * ((o + r) + (o + c) * d)] += block[r, c] } }
        }
        similarity(dense, scratch, transformed)
        accumulate()
      }
    }
    var gamma = [Double](repeating: 0, count: d)
    for m in 0..<d { for n in 0..<d { gamma[m] += rates[n, m] } }
    var lambdas = [Complex<Double>](repeating: .zero, count: d * d)
    var scale = 0.0
    for m in 0..<d {
      for n in 0..<d where n != m {
        var dephasing = Complex<Double>.zero
        for diag in diagonals { dephasing += diag[n] * diag[m].conjugate }
        let lambda = Complex(-0.5 * (gamma[n] + gamma[m]), -(energies[n] - energies[m])) + dephasing
        scale = max(scale, lambda.length)
        lambdas[n + m * d] = lambda
      }
    }
    lambda = lambdas
    inverseLambda = lambdas.map { $0 == .zero ? .zero : Complex(1, 0) / $0 }
    // Populations: the Pauli rate equation of one block, made invertible by s·1 1ᵀ.
    var equation = PopulationMasterEquation(blockSizes: [d])
    equation.addRates(from: 0, to: 0, rates)
    generator = equation.generatorBlock(row: 0, column: 0)
    var g = generator
    var s = 0.0
    for n in 0..<d { s += abs(g[n, n]) }
    s = max(s / Double(d), .leastNormalMagnitude)
    for k in 0..<g.elements.count { g.elements[k] += s }
    scale = max(scale, s)
    rateScale = scale
    do { lu = try LUFactorization(g) } catch {
      throw LindbladError("the secular rate matrix is singular: some eigenstates are unreachable (\(error))")
    }
    populations = lu.solve([Double](repeating: s, count: d))
    shift = nil
  }

  /// The same secular approximation inverted with a shift: an approximation of `(1 − γL)⁻¹`, for the
  /// shift-and-invert Krylov evolution. Coherences are divided by `1 − γλ_nm`, populations solved with
  /// `1 − γG` (invertible for γ > 0: G's eigenvalues have non-positive real parts).
  /// - Complexity: O(D³) for the LU; U and the rates are shared, not recomputed.
  public func shifted(by gamma: Double) throws -> SecularPreconditioner {
    try SecularPreconditioner(shifting: self, by: gamma)
  }

  private init(shifting base: SecularPreconditioner, by gamma: Double) throws {
    let d = base.size
    size = d
    energies = base.energies
    populations = base.populations
    rateScale = base.rateScale
    u = base.u
    complexBasis = base.complexBasis
    lambda = base.lambda
    generator = base.generator
    shift = gamma
    inverseLambda = base.lambda.map { $0 == .zero ? .zero : Complex(1, 0) / (Complex(1, 0) - Complex(gamma, 0) * $0) }
    var g = base.generator
    for k in 0..<g.elements.count { g.elements[k] *= -gamma }
    for n in 0..<d { g[n, n] += 1 }
    do { lu = try LUFactorization(g) } catch {
      throw LindbladError("the shifted secular rate matrix 1 − γG is singular (γ = \(gamma)): \(error)")
    }
    work = .allocate(capacity: 3 * 2 * d * d)
    work.initialize(repeating: 0, count: 3 * 2 * d * d)
    populationWork = .allocate(capacity: max(1, d))
  }

  deinit {
    work.deallocate()
    populationWork.deallocate()
  }

  /// The secular steady state `U diag(p₀) Uᵀ` as a sector-order vector.
  public func secularState() -> [Double] {
    let d = size
    var diag = [Double](repeating: 0, count: 2 * d * d)
    for n in 0..<d { diag[2 * (n + n * d)] = populations[n] }
    var out = [Double](repeating: 0, count: 2 * d * d)
    diag.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { y in toComputational(x.baseAddress!, y.baseAddress!) } }
    return out
  }

  /// `dst = src · U` or `src · Uᴴ` (one dgemm on the real view for a real U, zgemm otherwise).
  private func rightMultiplyByBasis(_ src: UnsafePointer<Double>, adjoint: Bool, into dst: UnsafeMutablePointer<Double>) {
    let d = size
    u.withUnsafeBufferPointer { up in
      if complexBasis {
        var one = Complex<Double>.one, zero = Complex<Double>.zero
        cblas_zgemm(CblasColMajor, CblasNoTrans, adjoint ? CblasConjTrans : CblasNoTrans, blasint(d), blasint(d), blasint(d),
          &one, src, blasint(d), up.baseAddress, blasint(d), &zero, dst, blasint(d))
      } else {
        cblas_dgemm(CblasColMajor, CblasNoTrans, adjoint ? CblasTrans : CblasNoTrans, blasint(2 * d), blasint(d), blasint(d), 1,
          src, blasint(2 * d), up.baseAddress, blasint(d), 0, dst, blasint(2 * d))
      }
    }
  }

  /// `δ = U δ̃ Uᴴ` (Hermitian δ̃): `W = δ̃Uᴴ`, then `(Wᴴ)Uᴴ`.
  private func toComputational(_ tilde: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    let d = size
    let w1 = work, w2 = work + 2 * d * d
    rightMultiplyByBasis(tilde, adjoint: true, into: w1)
    ComplexPlane.adjoint(w1, into: w2, dimension: d)
    rightMultiplyByBasis(w2, adjoint: true, into: out)
  }

  /// `y = M⁻¹ x` for the Hermitian x (sector-order vector).
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    let d = size
    let w1 = work, w2 = work + 2 * d * d, w3 = work + 4 * d * d
    rightMultiplyByBasis(x.baseAddress!, adjoint: false, into: w1)
    ComplexPlane.adjoint(w1, into: w2, dimension: d)
    rightMultiplyByBasis(w2, adjoint: false, into: w3)
    // Populations through the rate equation, coherences divided by λ (whose diagonal is stored as 0).
    let p = UnsafeMutableBufferPointer(start: populationWork, count: d)
    for k in 0..<d { p[k] = w3[2 * (k + k * d)] }
    lu.solve(inPlace: p)
    ComplexPlane.hadamardMultiply(w3, by: inverseLambda)
    for k in 0..<d {
      w3[2 * (k + k * d)] = p[k]
      w3[2 * (k + k * d) + 1] = 0
    }
    // w3 now holds δ̃; transform back (toComputational uses w1, w2 only).
    toComputational(UnsafePointer(w3), y.baseAddress!)
    ComplexPlane.hermitianPartInPlace(y.baseAddress!, dimension: d)
  }
}
