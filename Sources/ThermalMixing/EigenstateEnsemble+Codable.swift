/// Ensembles travel in checkpoint files, so the spin-temperature fit can run over all realizations of a
/// resumed run.
extension EigenstateEnsemble: Codable {
  enum CodingKeys: String, CodingKey { case relativeEnergies, magnetizations, populations }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      relativeEnergies: try c.decode([Double].self, forKey: .relativeEnergies),
      magnetizations: try c.decode([Double].self, forKey: .magnetizations),
      populations: try c.decode([Double].self, forKey: .populations))
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(relativeEnergies, forKey: .relativeEnergies)
    try c.encode(magnetizations, forKey: .magnetizations)
    try c.encode(populations, forKey: .populations)
  }
}
