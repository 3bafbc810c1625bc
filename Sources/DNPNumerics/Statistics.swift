/// Mean and sample standard deviation of a list of numbers (the realization statistics of every model).
public struct SampleStatistics: Codable, Sendable, Equatable {
  public var count: Int
  public var mean: Double
  /// The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.
  public var standardDeviation: Double
  /// `standardDeviation / √count`.
  public var standardError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : 0 }

  public init(_ values: [Double]) {
    count = values.count
    mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    if values.count > 1 {
      let m = mean
      let ss = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
      standardDeviation = (ss / Double(values.count - 1)).squareRoot()
    } else {
      standardDeviation = 0
    }
  }
}

/// `n` equally spaced values from `a` to `b` inclusive.
public func linearSpace(_ a: Double, _ b: Double, count n: Int) -> [Double] {
  guard n > 1 else { return n == 1 ? [a] : [] }
  return (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) }
}
