/// The computational basis of N spin-1/2 with its magnetization sectors (the QuSpin split: the basis knows
/// states and indices, operators act on bit patterns).
///
/// A basis state is an N-bit pattern; bit i set means spin i is up (S^z_i = +1/2). Sector `k` holds the states
/// with k spins up, i.e. total `S^z = k − N/2`; states in a sector are ordered by increasing bit pattern.
public struct SpinBasis: Sendable {
  public let spins: Int
  /// `sectors[k]` lists the bit patterns with k bits set, ascending.
  public let sectors: [[UInt32]]
  /// For a bit pattern, its index inside its own sector.
  @usableFromInline let indexInSector: [Int32]

  /// - Precondition: 1 ≤ spins ≤ 26 (2^26 states is far beyond what dense methods reach).
  public init(spins: Int) {
    precondition(spins >= 1 && spins <= 26, "a spin basis holds 1...26 spins, got \(spins)")
    self.spins = spins
    var sectors = [[UInt32]](repeating: [], count: spins + 1)
    var index = [Int32](repeating: 0, count: 1 << spins)
    for state in 0..<UInt32(1 << spins) {
      let k = state.nonzeroBitCount
      index[Int(state)] = Int32(sectors[k].count)
      sectors[k].append(state)
    }
    self.sectors = sectors
    self.indexInSector = index
  }

  public var dimension: Int { 1 << spins }

  /// Number of up spins in a pattern, i.e. its sector.
  @inlinable public func sector(of state: UInt32) -> Int { state.nonzeroBitCount }

  /// Index of a pattern inside its sector.
  @inlinable public func index(of state: UInt32) -> Int { Int(indexInSector[Int(state)]) }

  /// Total magnetization `S^z = k − N/2` of sector k.
  public func magnetization(sector k: Int) -> Double { Double(k) - Double(spins) / 2 }

  /// `⟨state|S^z_i|state⟩ = ±1/2`.
  @inlinable public static func sz(_ state: UInt32, _ i: Int) -> Double {
    (state >> UInt32(i)) & 1 == 1 ? 0.5 : -0.5
  }

  /// `S^+_i |state⟩`: the raised pattern, or nil if spin i is already up (matrix element 1).
  @inlinable public static func raise(_ state: UInt32, _ i: Int) -> UInt32? {
    (state >> UInt32(i)) & 1 == 1 ? nil : state | (1 << UInt32(i))
  }

  /// `S^-_i |state⟩`: the lowered pattern, or nil if spin i is already down (matrix element 1).
  @inlinable public static func lower(_ state: UInt32, _ i: Int) -> UInt32? {
    (state >> UInt32(i)) & 1 == 0 ? nil : state & ~(1 << UInt32(i))
  }

  /// `(S^+_i S^-_j + S^-_i S^+_j)|state⟩`: the flip-flopped pattern (matrix element 1) when spins i and j are
  /// antiparallel, nil otherwise.
  @inlinable public static func flipFlop(_ state: UInt32, _ i: Int, _ j: Int) -> UInt32? {
    let bi = (state >> UInt32(i)) & 1, bj = (state >> UInt32(j)) & 1
    return bi == bj ? nil : state ^ ((1 << UInt32(i)) | (1 << UInt32(j)))
  }
}
