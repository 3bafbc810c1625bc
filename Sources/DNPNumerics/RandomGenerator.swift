/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit mixer used to seed ``Xoshiro256StarStar``.
public struct SplitMix64: Sendable {
  public var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// xoshiro256** (Blackman & Vigna 2018), keyed by `(seed, stream)`.
///
/// Every realization of a disordered sample draws from its own stream `(seed, realization index)`, so the
/// numbers do not depend on which worker runs it or in which order: results are identical for any thread
/// count. Streams are separated by hashing the pair through SplitMix64.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64, stream: UInt64 = 0) {
    var mixer = SplitMix64(seed: seed)
    let key = mixer.next() ^ (stream &* 0xD1B5_4A32_D192_ED03)
    var seeder = SplitMix64(seed: key)
    _ = seeder.next()
    s = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    if s == (0, 0, 0, 0) { s.0 = 1 }
  }

  public mutating func next() -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in [a, b).
  public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

  /// Standard normal by the Box–Muller transform (one draw per call, two uniforms consumed, so the stream
  /// position does not depend on earlier calls' parity).
  public mutating func gaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
    let u1 = 1 - uniform()  // (0, 1]
    let u2 = uniform()
    let r = (-2 * Foundation_log(u1)).squareRoot()
    return mean + standardDeviation * r * Foundation_cos(2 * Double.pi * u2)
  }
}
