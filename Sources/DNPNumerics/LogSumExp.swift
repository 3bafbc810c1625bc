import Foundation

/// `log Σ exp(x_n)` without overflow or underflow (the largest term factored out); `-∞` for no terms.
public func logSumExp(_ x: [Double]) -> Double {
  guard let m = x.max(), m.isFinite else { return x.max() ?? -.infinity }
  var s = 0.0
  for v in x { s += exp(v - m) }
  return m + log(s)
}
