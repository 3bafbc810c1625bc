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
  private let u: [Double]  // D×D real, column-major (sector-order rows, eigenstates as columns)
  private let inverseLambda: [Complex<Double>]
  private let lu: LUFactorization<Double>
  private let work: UnsafeMutablePointer<Double>
  private let populationWork: UnsafeMutablePointer<Double>

  /// - Throws: ``LindbladError`` when the full Hamiltonian is not real (the real-arithmetic basis changes
  ///   need a real orthogonal U), or the rate matrix is singular.
  public init(_ l: Lindbladian) throws {
    let d = l.dimension
    size = d
    let basis = l.eigenbasis
    let pos = basis.position, order = basis.order
    // Full Hamiltonian in sector order, real.
    var h = RealMatrix(rows: d, columns: d)
    for t in l.hamiltonian.terms {
      for j in 0..<d {
        guard let (target, a) = t.product.act(on: order[j]) else { continue }
        let v = t.coefficient * Complex(a, 0)
        guard abs(v.imaginary) <= 1e-14 * max(1, v.length) else {
          throw LindbladError("the secular preconditioner needs a real Hamiltonian (coefficient \(v))")
        }
        h[Int(pos[Int(target)]), j] += v.real
      }
    }
    if let e = l.eigenHamiltonian {
      for (k, v) in basis.blocks.enumerated() {
        let o = basis.offsets[k], n = basis.sizes[k]
        for c in 0..<n {
          for r in 0..<n {
            var s = 0.0
            for q in 0..<n { s += v[r, q] * e[o + q] * v[c, q] }
            h[o + r, o + c] += s
          }
        }
      }
    }
    let eig = try h.symmetricEigen()
    energies = eig.values
    u = eig.vectors.elements
    work = .allocate(capacity: 3 * 2 * d * d)
    work.initialize(repeating: 0, count: 3 * 2 * d * d)
    populationWork = .allocate(capacity: max(1, d))

    // Rates from every jump operator, one at a time: Ã = Uᵀ A U.
    var rates = RealMatrix(rows: d, columns: d)  // Σ_k |Ã_k[n, m]|²
    var diagonals: [[Complex<Double>]] = []
    let dense = work, scratch = work + 2 * d * d, transformed = work + 4 * d * d
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
    let realJumps = l.jumps.allSatisfy { $0.terms.allSatisfy { $0.coefficient.imaginary == 0 } }
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
        ComplexPlane.similarity(dense, ub, work: scratch, into: transformed, dimension: d)
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
        ComplexPlane.similarity(dense, ub, work: scratch, into: transformed, dimension: d)
        accumulate()
      }
    }
    var gamma = [Double](repeating: 0, count: d)
    for m in 0..<d { for n in 0..<d { gamma[m] += rates[n, m] } }
    var inverse = [Complex<Double>](repeating: .zero, count: d * d)
    var scale = 0.0
    for m in 0..<d {
      for n in 0..<d where n != m {
        var dephasing = Complex<Double>.zero
        for diag in diagonals { dephasing += diag[n] * diag[m].conjugate }
        let lambda = Complex(-0.5 * (gamma[n] + gamma[m]), -(energies[n] - energies[m])) + dephasing
        scale = max(scale, lambda.length)
        inverse[n + m * d] = lambda == .zero ? .zero : Complex(1, 0) / lambda
      }
    }
    inverseLambda = inverse
    // Populations: the Pauli rate equation of one block, made invertible by s·1 1ᵀ.
    var equation = PopulationMasterEquation(blockSizes: [d])
    equation.addRates(from: 0, to: 0, rates)
    var g = equation.generatorBlock(row: 0, column: 0)
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

  /// `δ = U δ̃ Uᵀ` with `δ̃ = Uᵀ x U` (Hermitian x).
  private func toComputational(_ tilde: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    let d = size
    let w1 = work, w2 = work + 2 * d * d
    u.withUnsafeBufferPointer { up in
      let uu = [up.baseAddress!]
      ComplexPlane.rightMultiply(tilde, blocks: uu, offsets: [0], sizes: [d], transpose: true, into: w1, dimension: d)
      ComplexPlane.adjoint(w1, into: w2, dimension: d)
      ComplexPlane.rightMultiply(w2, blocks: uu, offsets: [0], sizes: [d], transpose: true, into: out, dimension: d)
    }
  }

  /// `y = M⁻¹ x` for the Hermitian x (sector-order vector).
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    let d = size
    let w1 = work, w2 = work + 2 * d * d, w3 = work + 4 * d * d
    u.withUnsafeBufferPointer { up in
      let uu = [up.baseAddress!]
      ComplexPlane.rightMultiply(x.baseAddress!, blocks: uu, offsets: [0], sizes: [d], transpose: false, into: w1, dimension: d)
      ComplexPlane.adjoint(w1, into: w2, dimension: d)
      ComplexPlane.rightMultiply(w2, blocks: uu, offsets: [0], sizes: [d], transpose: false, into: w3, dimension: d)
    }
    // Populations through the rate equation, coherences divided by λ (whose diagonal is stored as 0).
    let p = UnsafeMutableBufferPointer(start: populationWork, count: d)
    for k in 0..<d { p[k] = w3[2 * (k + k * d)] }
    lu.solve(inPlace: p)
    inverseLambda.withUnsafeBufferPointer { inv in
      let f = UnsafeRawPointer(inv.baseAddress!).assumingMemoryBound(to: Double.self)
      for i in 0..<(d * d) {
        let a = w3[2 * i], b = w3[2 * i + 1], c = f[2 * i], e = f[2 * i + 1]
        w3[2 * i] = a * c - b * e
        w3[2 * i + 1] = a * e + b * c
      }
    }
    for k in 0..<d {
      w3[2 * (k + k * d)] = p[k]
      w3[2 * (k + k * d) + 1] = 0
    }
    // w3 now holds δ̃; transform back (toComputational uses w1, w2 only).
    toComputational(UnsafePointer(w3), y.baseAddress!)
  }
}
