import DNPNumerics

/// A population (Pauli) master equation `dp/dt = G p` on a state space split into blocks, typically the
/// conserved-magnetization sectors of a spin system (TM paper eq. 11; ZL paper's secular equation).
///
/// States are addressed as (block, index within block). Rates are added as dense block matrices:
/// `rates(from: k, to: l)[m, n]` is the rate W of the jump from state n of block k to state m of block l.
/// The diagonal of the generator is the outflow `−Σ W` and is never stored by the caller; self-rates
/// (the diagonal of a same-block rate matrix) are ignored.
///
/// Only jumps between equal or neighbouring blocks are allowed (|k − l| ≤ 1), so the generator is
/// block-tridiagonal; ``stationaryState(pivotBlock:)`` exploits that.
public struct PopulationMasterEquation: Sendable {
  public let blockSizes: [Int]
  /// Offsets of each block in the flat state vector.
  public let blockOffsets: [Int]
  /// `transfer[k][d]`: rates from block k to block k + d − 1 (d = 0, 1, 2), nil when absent.
  private var transfer: [[RealMatrix?]]

  public init(blockSizes: [Int]) {
    precondition(blockSizes.allSatisfy { $0 >= 0 }, "block sizes must be non-negative")
    self.blockSizes = blockSizes
    var offsets = [Int]()
    var total = 0
    for n in blockSizes {
      offsets.append(total)
      total += n
    }
    blockOffsets = offsets
    transfer = Array(repeating: [nil, nil, nil], count: blockSizes.count)
  }

  /// Total number of states.
  public var dimension: Int { blockSizes.reduce(0, +) }

  /// Adds rates from block `from` to block `to` (entry [m, n]: state n of `from` → state m of `to`).
  /// - Precondition: |from − to| ≤ 1, the matrix is `blockSizes[to] × blockSizes[from]`, rates ≥ 0.
  public mutating func addRates(from k: Int, to l: Int, _ w: RealMatrix) {
    precondition(abs(k - l) <= 1, "only jumps between neighbouring blocks are allowed (\(k) → \(l))")
    precondition(w.rows == blockSizes[l] && w.columns == blockSizes[k], "rate block has the wrong shape")
    let d = l - k + 1
    if transfer[k][d] == nil {
      transfer[k][d] = w
    } else {
      transfer[k][d] = transfer[k][d]! + w
    }
  }

  /// The rate matrix from block k to block l (zeros where none were added).
  public func rates(from k: Int, to l: Int) -> RealMatrix {
    guard abs(k - l) <= 1, l >= 0, l < blockSizes.count, let w = transfer[k][l - k + 1] else {
      return RealMatrix(rows: blockSizes[l], columns: blockSizes[k])
    }
    return w
  }

  /// Total outflow rate `Σ_{m ≠ n} W_{n→m}` of each state of block k.
  public func outflow(block k: Int) -> [Double] {
    var out = [Double](repeating: 0, count: blockSizes[k])
    for d in 0..<3 {
      guard let w = transfer[k][d] else { continue }
      for n in 0..<w.columns {
        var s = 0.0
        for m in 0..<w.rows where !(d == 1 && m == n) { s += w[m, n] }
        out[n] += s
      }
    }
    return out
  }

  /// The generator block `G_{l,k}` (state of block k → state of block l), with the outflow on the diagonal
  /// of `G_{k,k}`.
  public func generatorBlock(row l: Int, column k: Int) -> RealMatrix {
    var g = rates(from: k, to: l)
    if k == l {
      let out = outflow(block: k)
      for n in 0..<blockSizes[k] { g[n, n] = -out[n] }
    }
    return g
  }

  /// The whole generator as one dense matrix (for tests and small systems only).
  /// - Complexity: O(dimension²) memory.
  public func denseGenerator() -> RealMatrix {
    var g = RealMatrix(rows: dimension, columns: dimension)
    for k in 0..<blockSizes.count {
      for l in max(0, k - 1)...min(blockSizes.count - 1, k + 1) {
        let b = generatorBlock(row: l, column: k)
        for n in 0..<b.columns {
          for m in 0..<b.rows { g[blockOffsets[l] + m, blockOffsets[k] + n] = b[m, n] }
        }
      }
    }
    return g
  }

  /// Splits a flat state vector into per-block pieces.
  public func split(_ p: [Double]) -> [[Double]] {
    (0..<blockSizes.count).map { Array(p[blockOffsets[$0]..<(blockOffsets[$0] + blockSizes[$0])]) }
  }
}
