#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Thin names for libm so numerics files need no Foundation import.
@inlinable func Foundation_log(_ x: Double) -> Double { log(x) }
@inlinable func Foundation_cos(_ x: Double) -> Double { cos(x) }
@inlinable func Foundation_exp(_ x: Double) -> Double { exp(x) }
