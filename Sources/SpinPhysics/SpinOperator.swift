import ComplexModule
import RealModule
import DNPNumerics

/// A product of single-spin factors S^+, S^−, S^z on distinct spins of a spin-1/2 register, acting on
/// computational basis states by bit manipulation (bit i set ⇔ spin i up, as in ``SpinBasis``).
///
/// `raise`, `lower` and `z` are disjoint bit masks of the spins carrying S^+, S^− and S^z. On a basis state b
/// the product is non-zero iff every raised spin is down and every lowered spin is up; it then maps b to
/// `b ^ (raise | lower)` with amplitude `Π_{i∈z} (±1/2)`, the sign being that of spin i in b.
public struct SpinProduct: Hashable, Sendable {
  public var raise: UInt32
  public var lower: UInt32
  public var z: UInt32

  public init(raise: UInt32 = 0, lower: UInt32 = 0, z: UInt32 = 0) {
    precondition(raise & lower == 0 && raise & z == 0 && lower & z == 0, "a spin carries one factor per product")
    self.raise = raise
    self.lower = lower
    self.z = z
  }

  /// The identity.
  public static let identity = SpinProduct()

  /// The bits flipped by the product.
  @inlinable public var flips: UInt32 { raise | lower }
  /// True when the product is diagonal in the computational basis (S^z factors only).
  @inlinable public var isDiagonal: Bool { raise | lower == 0 }

  /// The image of basis state `b` and the amplitude, or nil when the product annihilates `b`.
  @inlinable public func act(on b: UInt32) -> (state: UInt32, amplitude: Double)? {
    guard b & raise == 0, b & lower == lower else { return nil }
    let negatives = (z & ~b).nonzeroBitCount
    var amplitude = 1.0
    if z != 0 {
      amplitude = Double(sign: negatives & 1 == 1 ? .minus : .plus, exponent: -z.nonzeroBitCount, significand: 1)
    }
    return (b ^ (raise | lower), amplitude)
  }

  /// The adjoint: S^+ ↔ S^−, S^z unchanged.
  public var adjoint: SpinProduct { SpinProduct(raise: lower, lower: raise, z: z) }

  /// The single-spin factor on spin i as a 2×2 matrix m[out][in] over (down, up).
  fileprivate func factor(_ i: Int) -> [[Double]] {
    let bit = UInt32(1) << UInt32(i)
    if raise & bit != 0 { return [[0, 0], [1, 0]] }
    if lower & bit != 0 { return [[0, 1], [0, 0]] }
    if z & bit != 0 { return [[-0.5, 0], [0, 0.5]] }
    return [[1, 0], [0, 1]]
  }
}

/// One term of a ``SpinOperator``: a coefficient times a ``SpinProduct``.
public struct SpinTerm: Sendable, Equatable {
  public var coefficient: Complex<Double>
  public var product: SpinProduct
  public init(_ coefficient: Complex<Double>, _ product: SpinProduct) {
    self.coefficient = coefficient
    self.product = product
  }
}

/// A sum of products of S^+, S^−, S^z on an N-spin register: Hamiltonians and jump operators.
///
/// The operator knows only its terms; the basis (sectors, index lookup) is ``SpinBasis``'s business. It
/// applies to a state vector, and to a density matrix from the left or the right, term by term by bit
/// manipulation, in O(terms · 2^N) or O(terms · 4^N); ``dense()`` materializes it for tests and small
/// systems.
public struct SpinOperator: Sendable, Equatable {
  public let spins: Int
  public private(set) var terms: [SpinTerm]

  /// The operator Σ terms on `spins` spins (equal products are merged, zero coefficients dropped).
  public init(spins: Int, terms: [SpinTerm] = []) {
    precondition(spins >= 1 && spins <= 30, "a spin register holds 1...30 spins, got \(spins)")
    self.spins = spins
    self.terms = []
    for t in terms { add(t) }
  }

  private static func bit(_ i: Int, _ spins: Int) -> UInt32 {
    precondition(i >= 0 && i < spins, "spin index \(i) outside 0..<\(spins)")
    return UInt32(1) << UInt32(i)
  }

  /// S^z_i.
  public static func sz(_ i: Int, spins: Int) -> SpinOperator {
    SpinOperator(spins: spins, terms: [SpinTerm(.one, SpinProduct(z: bit(i, spins)))])
  }
  /// S^+_i.
  public static func raising(_ i: Int, spins: Int) -> SpinOperator {
    SpinOperator(spins: spins, terms: [SpinTerm(.one, SpinProduct(raise: bit(i, spins)))])
  }
  /// S^−_i.
  public static func lowering(_ i: Int, spins: Int) -> SpinOperator {
    SpinOperator(spins: spins, terms: [SpinTerm(.one, SpinProduct(lower: bit(i, spins)))])
  }
  /// S^x_i = (S^+_i + S^−_i)/2.
  public static func sx(_ i: Int, spins: Int) -> SpinOperator {
    0.5 * (raising(i, spins: spins) + lowering(i, spins: spins))
  }
  /// S^y_i = (S^+_i − S^−_i)/(2i).
  public static func sy(_ i: Int, spins: Int) -> SpinOperator {
    Complex(0, -0.5) * (raising(i, spins: spins) - lowering(i, spins: spins))
  }
  /// The identity times `c`.
  public static func identity(spins: Int, times c: Complex<Double> = .one) -> SpinOperator {
    SpinOperator(spins: spins, terms: [SpinTerm(c, .identity)])
  }

  /// Adds one term, merging it with an equal product.
  public mutating func add(_ t: SpinTerm) {
    precondition(t.product.raise | t.product.lower | t.product.z < (UInt64(1) << UInt64(spins)), "term acts outside the register")
    if let k = terms.firstIndex(where: { $0.product == t.product }) {
      terms[k].coefficient += t.coefficient
      if terms[k].coefficient == .zero { terms.remove(at: k) }
    } else if t.coefficient != .zero {
      terms.append(t)
    }
  }

  public static func + (a: SpinOperator, b: SpinOperator) -> SpinOperator {
    precondition(a.spins == b.spins, "operators on registers of different size")
    var r = a
    for t in b.terms { r.add(t) }
    return r
  }
  public static func - (a: SpinOperator, b: SpinOperator) -> SpinOperator { a + (-1.0) * b }
  public static func * (c: Complex<Double>, a: SpinOperator) -> SpinOperator {
    SpinOperator(spins: a.spins, terms: a.terms.map { SpinTerm(c * $0.coefficient, $0.product) })
  }
  public static func * (c: Double, a: SpinOperator) -> SpinOperator { Complex(c, 0) * a }

  /// The operator product `a · b` (b acts first), reduced spin by spin with the single-spin algebra
  /// (S^+S^− = 1/2 + S^z, S^zS^+ = S^+/2, …).
  public static func * (a: SpinOperator, b: SpinOperator) -> SpinOperator {
    precondition(a.spins == b.spins, "operators on registers of different size")
    var r = SpinOperator(spins: a.spins)
    for ta in a.terms {
      for tb in b.terms {
        for (c, p) in multiply(ta.product, tb.product) { r.add(SpinTerm(ta.coefficient * tb.coefficient * c, p)) }
      }
    }
    return r
  }

  /// `p · q` as a sum of products, by multiplying the 2×2 factors on every spin either touches.
  private static func multiply(_ p: SpinProduct, _ q: SpinProduct) -> [(Complex<Double>, SpinProduct)] {
    var result: [(Double, SpinProduct)] = [(1, .identity)]
    let touched = p.raise | p.lower | p.z | q.raise | q.lower | q.z
    for i in 0..<32 where touched & (UInt32(1) << UInt32(i)) != 0 {
      let bit = UInt32(1) << UInt32(i)
      let a = p.factor(i), b = q.factor(i)
      var m = [[0.0, 0.0], [0.0, 0.0]]
      for o in 0..<2 { for n in 0..<2 { m[o][n] = a[o][0] * b[0][n] + a[o][1] * b[1][n] } }
      // m = α·1 + ζ·S^z + ρ·S^+ + λ·S^−.
      let alpha = (m[0][0] + m[1][1]) / 2, zeta = m[1][1] - m[0][0], rho = m[1][0], lambda = m[0][1]
      var next: [(Double, SpinProduct)] = []
      for (c, prod) in result {
        if alpha != 0 { next.append((c * alpha, prod)) }
        if zeta != 0 { var n = prod; n.z |= bit; next.append((c * zeta, n)) }
        if rho != 0 { var n = prod; n.raise |= bit; next.append((c * rho, n)) }
        if lambda != 0 { var n = prod; n.lower |= bit; next.append((c * lambda, n)) }
      }
      result = next
    }
    return result.map { (Complex($0.0, 0), $0.1) }
  }

  /// The adjoint operator.
  public var adjoint: SpinOperator {
    SpinOperator(spins: spins, terms: terms.map { SpinTerm($0.coefficient.conjugate, $0.product.adjoint) })
  }

  /// True when every term is diagonal in the computational basis.
  public var isDiagonal: Bool { terms.allSatisfy { $0.product.isDiagonal } }

  /// True when the operator conserves the total magnetization (every term raises as many spins as it lowers).
  public var conservesMagnetization: Bool {
    terms.allSatisfy { $0.product.raise.nonzeroBitCount == $0.product.lower.nonzeroBitCount }
  }

  /// The diagonal `⟨b|O|b⟩` for every basis state b = 0..<2^N.
  public func diagonal() -> [Complex<Double>] {
    var d = [Complex<Double>](repeating: .zero, count: 1 << spins)
    for t in terms where t.product.isDiagonal {
      for b in 0..<d.count { if let (_, a) = t.product.act(on: UInt32(b)) { d[b] += t.coefficient * Complex(a, 0) } }
    }
    return d
  }

  /// The dense 2^N × 2^N matrix in the computational basis (index = bit pattern).
  /// - Complexity: O(terms · 2^N) time, O(4^N) memory.
  public func dense() -> ComplexMatrix {
    let n = 1 << spins
    var m = ComplexMatrix(rows: n, columns: n)
    for t in terms {
      for b in 0..<n {
        if let (target, a) = t.product.act(on: UInt32(b)) { m[Int(target), b] += t.coefficient * Complex(a, 0) }
      }
    }
    return m
  }

  /// `O ψ` for a state vector in the computational basis.
  /// - Complexity: O(terms · 2^N).
  public func apply(to psi: [Complex<Double>]) -> [Complex<Double>] {
    precondition(psi.count == 1 << spins, "state vector has \(psi.count) entries, expected \(1 << spins)")
    var out = [Complex<Double>](repeating: .zero, count: psi.count)
    for t in terms {
      for b in 0..<psi.count {
        if let (target, a) = t.product.act(on: UInt32(b)) { out[Int(target)] += t.coefficient * Complex(a, 0) * psi[b] }
      }
    }
    return out
  }

  /// `O ρ` (from the left) for a density matrix in the computational basis.
  /// - Complexity: O(terms · 4^N).
  public func applyLeft(_ rho: ComplexMatrix) -> ComplexMatrix {
    let n = 1 << spins
    precondition(rho.rows == n && rho.columns == n, "density matrix must be \(n)×\(n)")
    var out = ComplexMatrix(rows: n, columns: n)
    for t in terms {
      for r in 0..<n {
        guard let (target, a) = t.product.act(on: UInt32(r)) else { continue }
        let c = t.coefficient * Complex(a, 0)
        for col in 0..<n { out[Int(target), col] += c * rho[r, col] }
      }
    }
    return out
  }

  /// `ρ O` (from the right) for a density matrix in the computational basis: column b of O's action
  /// `O|b⟩ = a|b′⟩` moves column b′ of ρ into column b.
  /// - Complexity: O(terms · 4^N).
  public func applyRight(_ rho: ComplexMatrix) -> ComplexMatrix {
    let n = 1 << spins
    precondition(rho.rows == n && rho.columns == n, "density matrix must be \(n)×\(n)")
    var out = ComplexMatrix(rows: n, columns: n)
    for t in terms {
      for b in 0..<n {
        guard let (target, a) = t.product.act(on: UInt32(b)) else { continue }
        let c = t.coefficient * Complex(a, 0)
        for row in 0..<n { out[row, b] += c * rho[row, Int(target)] }
      }
    }
    return out
  }
}
