/// A dense column-major matrix of real or complex scalars.
///
/// Element `(i, j)` lives at `elements[i + j * rows]`, the layout LAPACK and BLAS expect, so a matrix is
/// handed to them without copying.
public struct Matrix<Scalar: MatrixScalar>: Sendable, Equatable {
  public let rows: Int
  public let columns: Int
  /// Column-major storage, `rows * columns` entries.
  public var elements: [Scalar]

  /// A `rows × columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Scalar = .zero) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing column-major storage.
  public init(rows: Int, columns: Int, elements: [Scalar]) {
    precondition(elements.count == rows * columns, "storage does not match \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix whose entry `(i, j)` is `entry(i, j)`.
  public init(rows: Int, columns: Int, _ entry: (Int, Int) -> Scalar) {
    self.init(rows: rows, columns: columns)
    for j in 0..<columns { for i in 0..<rows { elements[i + j * rows] = entry(i, j) } }
  }

  /// The `n × n` identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i + i * n] = .one }
    return m
  }

  @inlinable public subscript(i: Int, j: Int) -> Scalar {
    get { elements[i + j * rows] }
    set { elements[i + j * rows] = newValue }
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Scalar] { Array(elements[(j * rows)..<((j + 1) * rows)]) }

  public var isSquare: Bool { rows == columns }

  /// The transpose (not conjugated).
  public var transposed: Matrix {
    Matrix(rows: columns, columns: rows) { i, j in self[j, i] }
  }

  /// The Frobenius norm.
  public var frobeniusNorm: Double {
    var s = 0.0
    for e in elements { s += e.magnitudeSquared }
    return s.squareRoot()
  }
}
