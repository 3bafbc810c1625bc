/// Walker's alias method over P fixed non-negative weights: one draw u ∈ [0, 1) selects index i with probability
/// w_i/Σw in O(1) (the integer part of uP picks a column, its fraction the column's own index or its alias).
/// Built in O(P) by Vose's pairing of small and large columns. For the static thinning bounds of
/// ``ZeemanKineticMonteCarlo``, where the sum tree's O(log P) walk through memory dominated a proposal.
struct AliasTable: Sendable {
  private(set) var weights: [Double]
  private var threshold: [Double]
  private var alias: [Int32]
  /// Σ w.
  let total: Double

  init(weights: [Double]) {
    precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.count < Int(Int32.max))
    self.weights = weights
    let count = weights.count
    total = weights.reduce(0, +)
    threshold = [Double](repeating: 1, count: count)
    alias = (0..<count).map { Int32($0) }
    guard total > 0 else { return }
    var scaled = weights.map { $0 * Double(count) / total }
    var small: [Int] = [], large: [Int] = []
    for (i, v) in scaled.enumerated() { if v < 1 { small.append(i) } else { large.append(i) } }
    while let s = small.popLast(), let l = large.last {
      threshold[s] = scaled[s]
      alias[s] = Int32(l)
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    // Leftovers (rounding) keep threshold 1 and select themselves; a zero weight among them goes to the largest.
    let largest = Int32(weights.indices.max { weights[$0] < weights[$1] }!)
    for i in 0..<count where weights[i] == 0 && alias[i] == Int32(i) {
      threshold[i] = 0
      alias[i] = largest
    }
  }

  /// The index for u ∈ [0, 1); never one of zero weight while the total is positive.
  /// - Complexity: O(1).
  @inline(__always)
  func select(_ u: Double) -> Int {
    let x = u * Double(threshold.count)
    let column = min(Int(x), threshold.count - 1)
    return (x - Double(column)) < threshold[column] ? column : Int(alias[column])
  }
}
