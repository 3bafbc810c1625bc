import DNPNumerics

/// The single-particle matrix M of eq. (7) on an L×L×L cubic lattice:
/// `M_ij = ω_i δ_ij − t [i, j nearest neighbours]`, `ω_i = ω_e + Δ_i`.
///
/// Sites are indexed `i = x + L·y + L²·z`. The lattice stores the offsets Δ_i = ω_i − ω_e rather than ω_i:
/// the matrix it builds is `M − ω_e·1`, whose eigenvalues are ε_α − ω_e, so that kHz-scale level differences
/// are not swamped by ω_e ≈ 2π·94 GHz (the eigenvectors are those of M).
public struct AndersonLattice: Sendable, Equatable {
  public let linearSize: Int
  public let hopping: Double
  public let boundary: LatticeBoundary
  /// Δ_i = ω_i − ω_e in site order, rad/s.
  public let offsets: [Double]

  /// - Throws: ``AndersonError`` for L < 1 or an offset list whose length is not L³.
  public init(linearSize: Int, hopping: Double, offsets: [Double], boundary: LatticeBoundary = .periodic)
    throws
  {
    guard linearSize >= 1 else { throw AndersonError.invalidParameter("linearSize must be ≥ 1") }
    let n = linearSize * linearSize * linearSize
    guard offsets.count == n else { throw AndersonError.sampleSizeMismatch(expected: n, got: offsets.count) }
    self.linearSize = linearSize
    self.hopping = hopping
    self.boundary = boundary
    self.offsets = offsets
  }

  /// N_e = L³.
  public var siteCount: Int { linearSize * linearSize * linearSize }

  /// `x + L·y + L²·z`.
  @inlinable public func siteIndex(x: Int, y: Int, z: Int) -> Int {
    x + linearSize * (y + linearSize * z)
  }

  /// The coordinates (x, y, z) of site `i`.
  public func coordinates(of i: Int) -> (x: Int, y: Int, z: Int) {
    (i % linearSize, (i / linearSize) % linearSize, i / (linearSize * linearSize))
  }

  /// The bonds (i, j) with i taken in order and j = i + ê_d, d = x, y, z: each bond listed once. With
  /// periodic boundaries and L ≤ 2 a pair can appear twice (the +ê and −ê neighbours coincide); its
  /// hoppings then add.
  public var bonds: [(Int, Int)] {
    let l = linearSize
    var result: [(Int, Int)] = []
    result.reserveCapacity(3 * siteCount)
    for i in 0..<siteCount {
      let c = coordinates(of: i)
      let position = [c.x, c.y, c.z]
      for d in 0..<3 {
        var next = position
        next[d] += 1
        if next[d] == l {
          guard boundary == .periodic else { continue }
          next[d] = 0
        }
        result.append((i, siteIndex(x: next[0], y: next[1], z: next[2])))
      }
    }
    return result
  }

  /// The nearest neighbours of site i (with multiplicity for periodic L ≤ 2).
  public func neighbors(of i: Int) -> [Int] {
    bonds.compactMap { $0.0 == i ? $0.1 : ($0.1 == i ? $0.0 : nil) }
  }

  /// `M − ω_e·1` of eq. (7): diagonal Δ_i, −t on nearest-neighbour bonds (dense, symmetric).
  /// - Complexity: O(N_e²) memory.
  public func shiftedMatrix() -> Matrix<Double> {
    let n = siteCount
    var m = Matrix<Double>(rows: n, columns: n)
    for i in 0..<n { m[i, i] = offsets[i] }
    for (i, j) in bonds {
      if i == j {
        m[i, i] -= 2 * hopping  // L = 1 periodic: the site is its own ±ê neighbour
      } else {
        m[i, j] -= hopping
        m[j, i] -= hopping
      }
    }
    return m
  }
}
