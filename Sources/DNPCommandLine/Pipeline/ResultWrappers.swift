/// result.json of a single-point task: the point's own keys at the top level plus a `units` map.
struct PointResult<Point: Encodable>: Encodable {
  var point: Point
  var units: [String: String]

  enum Key: String, CodingKey { case units }

  func encode(to encoder: Encoder) throws {
    try point.encode(to: encoder)
    var c = encoder.container(keyedBy: Key.self)
    try c.encode(units, forKey: .units)
  }
}

/// result.json of a sweep: the swept key, its values as written, one summary per value, and units.
struct SweepResult<Point: Encodable>: Encodable {
  var sweepParameter: String
  var values: [String]
  var points: [Point]
  var units: [String: String]
}
