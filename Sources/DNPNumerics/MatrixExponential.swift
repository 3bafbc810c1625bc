extension Matrix where Scalar: KrylovScalar {
  /// `exp(A)` for a real or complex matrix by scaling and squaring with the degree-13 Padé approximant
  /// (Higham 2005, Algorithm 2.3).
  /// - Complexity: O(n³ · (6 + s)) with s = ⌈log₂(‖A‖₁/5.37)⌉ squarings.
  public func exponential() throws -> Matrix {
    guard isSquare else { throw LAPACKError(routine: "expm", code: .dimensionMismatch) }
    let n = rows
    var norm1 = 0.0
    for j in 0..<n {
      var s = 0.0
      for i in 0..<n { s += self[i, j].magnitude }
      norm1 = max(norm1, s)
    }
    guard norm1.isFinite else { throw LAPACKError(routine: "expm", code: .illegalArgument(1)) }
    let theta13 = 5.371920351148152
    var squarings = 0
    if norm1 > theta13 { squarings = Int((Foundation_log(norm1 / theta13) / Foundation_log(2)).rounded(.up)) }
    let scale = Scalar(real: 1 / Double(1 << min(squarings, 60)))
    let a = Matrix(rows: n, columns: n, elements: elements.map { $0 * scale })
    let b: [Double] = [
      64_764_752_532_480_000, 32_382_376_266_240_000, 7_771_770_303_897_600, 1_187_353_796_428_800,
      129_060_195_264_000, 10_559_470_521_600, 670_442_572_800, 33_522_128_640, 1_323_241_920,
      40_840_800, 960_960, 16_380, 182, 1,
    ]
    let id = Matrix.identity(n)
    func mul(_ x: Matrix, _ y: Matrix) throws -> Matrix { try Matrix.product(x, .none, y, .none) }
    func lin(_ terms: [(Double, Matrix)]) -> Matrix {
      var r = Matrix(rows: n, columns: n)
      for (c, m) in terms {
        let cs = Scalar(real: c)
        for k in 0..<r.elements.count { r.elements[k] = r.elements[k] + cs * m.elements[k] }
      }
      return r
    }
    let a2 = try mul(a, a), a4 = try mul(a2, a2), a6 = try mul(a4, a2)
    let uInner = lin([(1, try mul(a6, lin([(b[13], a6), (b[11], a4), (b[9], a2)]))), (b[7], a6), (b[5], a4),
      (b[3], a2), (b[1], id)])
    let u = try mul(a, uInner)
    let v = lin([(1, try mul(a6, lin([(b[12], a6), (b[10], a4), (b[8], a2)]))), (b[6], a6), (b[4], a4),
      (b[2], a2), (b[0], id)])
    var r = try lin([(1, v), (-1, u)]).solve(lin([(1, v), (1, u)]))
    for _ in 0..<squarings { r = try mul(r, r) }
    return r
  }
}

extension Matrix where Scalar == Double {
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "matrix sum of different shapes")
    var r = a
    for k in 0..<r.elements.count { r.elements[k] += b.elements[k] }
    return r
  }
}
