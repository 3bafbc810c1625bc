import CLAPACK
import ComplexModule
import DNPNumerics
import RealModule
import SpinPhysics

/// A ``Lindbladian`` applied matrix-free to Hermitian density matrices; the 4^N × 4^N matrix is never stored.
///
/// Vectors are Hermitian D×D matrices (D = 2^N) in the *sector order* of the reference eigenbasis, stored as
/// complex column-major arrays; as a ``LinearOperator`` it acts on their 2D² real components, so the Krylov
/// solvers run in real arithmetic on the real vector space of Hermitian matrices (a GKSL generator maps it
/// to itself). Only the Hermitian part of the input is seen.
///
/// Writing `L(ρ) = G + Gᴴ`, only G is computed, and only with products from the right:
/// - local parts: `G₁ = ρ(iH − ½Γ_loc)` by bit manipulation (one column axpy per non-zero), and
///   `G₂ = ½ Σ_k A_k ρ A_k†` monomial by monomial;
/// - `Σ_k D_k ρ D_k` (diagonal parts of dressed jumps): `G₃ = ½ ρ∘(Σ_k d_k d_kᵀ)`, a Hadamard product with a
///   rank-K matrix;
/// - the eigenbasis parts, with `X = ρV` and `ρ̃ = XᴴV = VᵀρV`: `E = ρ̃∘F` where
///   `F_nm = −i(e_n − e_m) − ½(q_n + q_m) + Σ_k z_k[n] z_k[m]` (q = Σ z_k²) carries −i[H_eig, ρ], the
///   anticommutator of Σ Z_k² and Σ Z_k ρ Z_k at once; the cross terms `Σ_k D_k ρ Z_k = (X∘K)Vᵀ` with the
///   rank-K matrix `K = Σ_k d_k z_kᵀ`; so `Q = (½(EVᵀ)ᴴ + X∘K)Vᵀ` gives ½VEVᵀ + (X∘K)Vᵀ in one product;
///   and `−½ρC` with the block-diagonal `C = Σ_k (D_k Z_k + Z_k D_k)`.
///
/// Sums over jumps thus cost one Hadamard product each, not one basis change per jump.
/// - Complexity per application: five block-diagonal real products, 20·D·Σ_k d_k² flops (d_k = C(N, k);
///   N = 10: 3.8 GFlop), plus O(D²·(terms of H and local jumps)). Memory: three D×D complex work matrices plus
///   F, K and Σ d dᵀ (D² each).
/// - Note: holds work buffers; one instance must not be applied from two threads at once.
public final class LindbladOperator: LinearOperator, @unchecked Sendable {
  public typealias Scalar = Double
  public let lindbladian: Lindbladian
  /// D = 2^N.
  public let size: Int
  public var dimension: Int { 2 * size * size }

  // Local right operator ρ ↦ ρ M, M = iH − ½Γ_loc: diagonal and off-diagonal entries (sector order).
  private let rightDiagonal: [Complex<Double>]
  private let rightEntries: [(column: Int32, source: Int32, value: Complex<Double>)]
  // ½ Σ A ρ A† as monomial pairs: each monomial compiled to (source, target, amplitude) in sector order.
  private let jumpPairs: [(coefficient: Complex<Double>, left: Int, right: Int)]
  private let monomials: [[(source: Int32, target: Int32, amplitude: Double)]]
  // ½ ρ∘(Σ d dᵀ), or nil without dressed jumps.
  private let localHadamard: [Double]?
  // Eigenbasis parts.
  private let hasEigenPart: Bool
  private let hadamardF: [Complex<Double>]
  private let crossK: [Double]?
  private let anticommutatorC: [RealMatrix]?
  private let work: UnsafeMutablePointer<Double>
  // Stable copies of the V and C blocks for BLAS (no per-application pinning or allocation).
  private let blockStorage: UnsafeMutablePointer<Double>
  private let vBlocks: [UnsafePointer<Double>]
  private let cBlocks: [UnsafePointer<Double>]?

  public init(_ l: Lindbladian) {
    lindbladian = l
    let d = l.dimension
    size = d
    let basis = l.eigenbasis
    let pos = basis.position, order = basis.order

    // Local jumps: Γ_loc = Σ A†A + Σ_k D_k², and the monomial pairs of A ρ A†.
    var gamma = SpinOperator(spins: l.spins)
    var monos: [SpinProduct] = []
    var pairs: [(Complex<Double>, Int, Int)] = []
    func monomial(_ p: SpinProduct) -> Int {
      if let k = monos.firstIndex(of: p) { return k }
      monos.append(p)
      return monos.count - 1
    }
    for a in l.jumps {
      gamma = gamma + a.adjoint * a
      for t1 in a.terms {
        for t2 in a.terms {
          pairs.append((Complex(0.5, 0) * t1.coefficient * t2.coefficient.conjugate, monomial(t1.product), monomial(t2.product)))
        }
      }
    }
    for j in l.dressedJumps { gamma = gamma + j.local * j.local }
    jumpPairs = pairs.map { (coefficient: $0.0, left: $0.1, right: $0.2) }
    monomials = monos.map { p in
      (0..<d).compactMap { j -> (source: Int32, target: Int32, amplitude: Double)? in
        guard let (t, a) = p.act(on: order[j]) else { return nil }
        return (Int32(j), pos[Int(t)], a)
      }
    }
    let m = Complex<Double>(0, 1) * l.hamiltonian - 0.5 * gamma
    var diag = [Complex<Double>](repeating: .zero, count: d)
    var entries: [(column: Int32, source: Int32, value: Complex<Double>)] = []
    for t in m.terms {
      for j in 0..<d {
        guard let (target, a) = t.product.act(on: order[j]) else { continue }
        let v = t.coefficient * Complex(a, 0)
        if t.product.isDiagonal { diag[j] += v } else { entries.append((Int32(j), pos[Int(target)], v)) }
      }
    }
    entries.sort { ($0.column, $0.source) < ($1.column, $1.source) }
    rightDiagonal = diag
    rightEntries = entries

    // Dressed jumps: d_k (sector order), z_k.
    let dVectors: [[Double]] = l.dressedJumps.map { j in
      let full = j.local.diagonal()
      return order.map { full[Int($0)].real }
    }
    let zVectors = l.dressedJumps.map(\.eigenDiagonal)
    if dVectors.isEmpty || dVectors.allSatisfy({ $0.allSatisfy { $0 == 0 } }) {
      localHadamard = nil
      crossK = nil
      anticommutatorC = nil
    } else {
      localHadamard = lowRank(dVectors, dVectors, d).map { 0.5 * $0 }
      if zVectors.allSatisfy({ $0.allSatisfy { $0 == 0 } }) {
        crossK = nil
        anticommutatorC = nil
      } else {
        let k = lowRank(dVectors, zVectors, d)
        crossK = k
        // C = Σ (D Z + Z D) per sector: (V∘K)_s V_sᵀ + transpose.
        anticommutatorC = basis.blocks.enumerated().map { s, v in
          let o = basis.offsets[s], n = basis.sizes[s]
          var vk = RealMatrix(rows: n, columns: n)
          for c in 0..<n { for r in 0..<n { vk[r, c] = v[r, c] * k[(o + r) + (o + c) * d] } }
          var c = vk * v.transposed
          for j in 0..<n { for i in 0..<j { let s = c[i, j] + c[j, i]; c[i, j] = s; c[j, i] = s } }
          for i in 0..<n { c[i, i] *= 2 }
          return c
        }
      }
    }
    hasEigenPart = l.eigenHamiltonian != nil || zVectors.contains { $0.contains { $0 != 0 } }
    if hasEigenPart {
      let e = l.eigenHamiltonian ?? [Double](repeating: 0, count: d)
      var q = [Double](repeating: 0, count: d)
      for z in zVectors { for n in 0..<d { q[n] += z[n] * z[n] } }
      let zz = zVectors.isEmpty ? [Double](repeating: 0, count: d * d) : lowRank(zVectors, zVectors, d)
      var f = [Complex<Double>](repeating: .zero, count: d * d)
      for mm in 0..<d { for n in 0..<d { f[n + mm * d] = Complex(zz[n + mm * d] - 0.5 * (q[n] + q[mm]), -(e[n] - e[mm])) } }
      hadamardF = f
    } else {
      hadamardF = []
    }
    work = .allocate(capacity: 3 * 2 * d * d)
    work.initialize(repeating: 0, count: 3 * 2 * d * d)
    let stored = basis.blocks + (anticommutatorC ?? [])
    let total = stored.reduce(0) { $0 + $1.elements.count }
    let storage = UnsafeMutablePointer<Double>.allocate(capacity: max(1, total))
    blockStorage = storage
    var pointers: [UnsafePointer<Double>] = []
    var at = 0
    for b in stored {
      b.elements.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { (storage + at).initialize(from: base, count: src.count) }
      }
      pointers.append(UnsafePointer(storage + at))
      at += b.elements.count
    }
    vBlocks = Array(pointers[0..<basis.blocks.count])
    cBlocks = anticommutatorC == nil ? nil : Array(pointers[basis.blocks.count...])
  }

  deinit {
    work.deallocate()
    blockStorage.deallocate()
  }

  /// `y = L(x)` for the Hermitian matrix x (2D² reals: interleaved complex, sector order).
  public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    let d = size
    let rho = x.baseAddress!, out = y.baseAddress!
    let plane = 2 * d * d
    let wX = work, w1 = work + plane, w2 = work + 2 * plane
    let basis = lindbladian.eigenbasis
    // The elementwise passes share BLAS's threads (set by the caller's execution policy).
    let threads = BLASThreads.current
    if hasEigenPart {
      do {
        let v = vBlocks
        ComplexPlane.rightMultiply(rho, blocks: v, offsets: basis.offsets, sizes: basis.sizes, transpose: false, into: wX, dimension: d)
        ComplexPlane.adjoint(wX, into: w1, dimension: d, threads: threads)
        ComplexPlane.rightMultiply(w1, blocks: v, offsets: basis.offsets, sizes: basis.sizes, transpose: false, into: w2, dimension: d)
        ComplexPlane.hadamardMultiply(w2, by: hadamardF, threads: threads)
        ComplexPlane.rightMultiply(w2, blocks: v, offsets: basis.offsets, sizes: basis.sizes, transpose: true, into: w1, dimension: d)
        ComplexPlane.adjoint(w1, into: w2, dimension: d, threads: threads)
        if let k = crossK {
          k.withUnsafeBufferPointer { kb in
            let ks = UncheckedSendable(kb.baseAddress!), ws = UncheckedSendable((w2, wX))
            ComplexPlane.parallel(threads) { part, parts in
              let k = ks.value, (w2, wX) = ws.value
              for i in ComplexPlane.chunk(d * d, part, parts) {
                w2[2 * i] = 0.5 * w2[2 * i] + k[i] * wX[2 * i]
                w2[2 * i + 1] = 0.5 * w2[2 * i + 1] + k[i] * wX[2 * i + 1]
              }
            }
          }
        } else {
          for i in 0..<plane { w2[i] *= 0.5 }
        }
        ComplexPlane.rightMultiply(w2, blocks: v, offsets: basis.offsets, sizes: basis.sizes, transpose: true, into: out, dimension: d)
      }
      if let cb = cBlocks {
        ComplexPlane.rightMultiply(rho, blocks: cb, offsets: basis.offsets, sizes: basis.sizes, transpose: false, into: w1, dimension: d)
        cblas_daxpy(blasint(plane), -0.5, w1, 1, out, 1)
      }
    } else {
      out.update(repeating: 0, count: plane)
    }
    // G₁ = ρ M.
    rightDiagonal.withUnsafeBufferPointer { diag in
      var v = Complex<Double>.zero
      for j in 0..<d where diag[j] != .zero {
        v = diag[j]
        cblas_zaxpy(blasint(d), &v, rho + 2 * j * d, 1, out + 2 * j * d, 1)
      }
    }
    for e in rightEntries {
      var v = e.value
      cblas_zaxpy(blasint(d), &v, rho + 2 * Int(e.source) * d, 1, out + 2 * Int(e.column) * d, 1)
    }
    // G₂ = ½ Σ A ρ A†.
    // Distinct source columns of a monomial go to distinct target columns: parts write disjoint columns.
    let io = UncheckedSendable((rho, out))
    for p in jumpPairs {
      let left = monomials[p.left], right = monomials[p.right]
      let cr = p.coefficient.real, ci = p.coefficient.imaginary
      ComplexPlane.parallel(threads) { part, parts in
        let (rho, out) = io.value
        for col in right[ComplexPlane.chunk(right.count, part, parts)] {
          let src = 2 * Int(col.source) * d, dst = 2 * Int(col.target) * d
          for row in left {
            let a = col.amplitude * row.amplitude
            let s = src + 2 * Int(row.source), t = dst + 2 * Int(row.target)
            let re = rho[s], im = rho[s + 1]
            out[t] += a * (cr * re - ci * im)
            out[t + 1] += a * (cr * im + ci * re)
          }
        }
      }
    }
    // G₃ = ½ ρ∘(Σ d dᵀ).
    if let h = localHadamard {
      h.withUnsafeBufferPointer { hb in
        let hs = UncheckedSendable(hb.baseAddress!)
        ComplexPlane.parallel(threads) { part, parts in
          let h = hs.value, (rho, out) = io.value
          for i in ComplexPlane.chunk(d * d, part, parts) {
            out[2 * i] += h[i] * rho[2 * i]
            out[2 * i + 1] += h[i] * rho[2 * i + 1]
          }
        }
      }
    }
    ComplexPlane.addAdjointInPlace(out, dimension: d, threads: threads)
  }

  // MARK: - Conversions between the computational basis and sector order

  /// A matrix in the computational basis (index = bit pattern) rearranged into sector order, as the
  /// interleaved real vector this operator acts on.
  public func vector(fromComputational rho: ComplexMatrix) -> [Double] {
    let d = size, order = lindbladian.eigenbasis.order
    var v = [Double](repeating: 0, count: 2 * d * d)
    for c in 0..<d {
      for r in 0..<d {
        let z = rho[Int(order[r]), Int(order[c])]
        v[2 * (r + c * d)] = z.real
        v[2 * (r + c * d) + 1] = z.imaginary
      }
    }
    return v
  }

  /// The inverse of ``vector(fromComputational:)``.
  public func computational(fromVector v: [Double]) -> ComplexMatrix {
    let d = size, order = lindbladian.eigenbasis.order
    var m = ComplexMatrix(rows: d, columns: d)
    for c in 0..<d {
      for r in 0..<d { m[Int(order[r]), Int(order[c])] = Complex(v[2 * (r + c * d)], v[2 * (r + c * d) + 1]) }
    }
    return m
  }

  /// `L(A)` for any (not necessarily Hermitian) matrix in the computational basis, by linearity over its
  /// Hermitian and anti-Hermitian parts: `L(A) = L(H₁) + i L(H₂)`, `A = H₁ + iH₂`.
  public func apply(computational a: ComplexMatrix) -> ComplexMatrix {
    let h1 = ComplexMatrix(rows: size, columns: size) { i, j in (a[i, j] + a[j, i].conjugate) * Complex(0.5, 0) }
    let h2 = ComplexMatrix(rows: size, columns: size) { i, j in (a[i, j] - a[j, i].conjugate) * Complex(0, -0.5) }
    let l1 = computational(fromVector: apply(vector(fromComputational: h1)))
    let l2 = computational(fromVector: apply(vector(fromComputational: h2)))
    return ComplexMatrix(rows: size, columns: size) { i, j in l1[i, j] + Complex(0, 1) * l2[i, j] }
  }
}

/// `Σ_k a_k b_kᵀ` as a D×D column-major array (one `dgemm` of rank K).
func lowRank(_ a: [[Double]], _ b: [[Double]], _ d: Int) -> [Double] {
  let k = a.count
  var out = [Double](repeating: 0, count: d * d)
  guard k > 0 else { return out }
  let am = a.flatMap { $0 }, bm = b.flatMap { $0 }  // D×K column-major
  am.withUnsafeBufferPointer { pa in
    bm.withUnsafeBufferPointer { pb in
      out.withUnsafeMutableBufferPointer { po in
        cblas_dgemm(
          CblasColMajor, CblasNoTrans, CblasTrans, blasint(d), blasint(d), blasint(k), 1, pa.baseAddress, blasint(d),
          pb.baseAddress, blasint(d), 0, po.baseAddress, blasint(d))
      }
    }
  }
  return out
}

