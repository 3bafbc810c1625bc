/// A histogram on equal bins `[lowerEdge + k·binWidth, lowerEdge + (k+1)·binWidth)`, k = 0..<values.count.
public struct Histogram: Codable, Sendable, Equatable {
  public var lowerEdge: Double
  public var binWidth: Double
  public var values: [Double]

  public init(lowerEdge: Double, binWidth: Double, values: [Double]) {
    self.lowerEdge = lowerEdge
    self.binWidth = binWidth
    self.values = values
  }

  /// The bin centres.
  public var centers: [Double] { values.indices.map { lowerEdge + (Double($0) + 0.5) * binWidth } }

  /// An empty histogram of `count` bins covering `range`.
  public init(range: ClosedRange<Double>, bins count: Int) {
    let k = max(1, count)
    self.init(lowerEdge: range.lowerBound, binWidth: (range.upperBound - range.lowerBound) / Double(k),
      values: [Double](repeating: 0, count: k))
  }

  /// Σ values·binWidth (the integral of a density).
  public var integral: Double { values.reduce(0, +) * binWidth }

  /// The bin of x, or nil outside [lowerEdge, lowerEdge + count·binWidth).
  public func bin(of x: Double) -> Int? {
    let k = ((x - lowerEdge) / binWidth).rounded(.down)
    guard k >= 0, k < Double(values.count) else { return nil }
    return Int(k)
  }
}

