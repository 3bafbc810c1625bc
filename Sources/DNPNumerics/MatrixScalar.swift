import ComplexModule
import RealModule

/// The scalars a ``Matrix`` can hold: `Double` and `Complex<Double>`.
public protocol MatrixScalar: Sendable, Equatable, AdditiveArithmetic {
  static var one: Self { get }
  /// |x|².
  var magnitudeSquared: Double { get }
  /// The complex conjugate (the value itself for reals).
  var conjugate: Self { get }
  static func * (lhs: Self, rhs: Self) -> Self
}

extension Double: MatrixScalar {
  public static var one: Double { 1 }
  @inlinable public var magnitudeSquared: Double { self * self }
  @inlinable public var conjugate: Double { self }
}

extension Complex: MatrixScalar where RealType == Double {
  @inlinable public var magnitudeSquared: Double { lengthSquared }
}

public typealias RealMatrix = Matrix<Double>
public typealias ComplexMatrix = Matrix<Complex<Double>>
