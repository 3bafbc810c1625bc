import CrossEffect
import Foundation

/// Where the spins of a cross-effect run come from: a preset, an explicit sample file, or a geometry file
/// (positions in Å, possibly random protons), read and checked before anything is written.
enum CrossEffectInput: Sendable {
  case preset
  /// A sample file's couplings (rad/s), with its D and offsets.
  case sample(CrossEffectSpins, electronCoupling: Double, offsets: [Double])
  /// A geometry: the electrons' D comes from their positions unless the file gives one.
  case geometry(SpinGeometry, electronCoupling: Double?)

  var nuclei: Int? {
    switch self {
    case .preset: return nil
    case .sample(let s, _, _): return s.nuclei
    case .geometry(let g, _): return g.nuclei.count
    }
  }

  /// The sample file: `{"electron_offsets_MHz": [Δ1, Δ2], "electron_coupling_MHz": D,
  /// "hyperfine_secular_MHz": [[A_1k…], [A_2k…]], "hyperfine_pseudosecular_MHz": [[B_1k…], [B_2k…]] (real B) or
  /// "hyperfine_pseudosecular_complex_MHz": [[[Re, Im]…], […]] (complex B), "nuclear_dipolar_MHz": [[d_kk′…]]}`,
  /// frequencies ω/2π in MHz.
  static func readSample(path: String) throws -> CrossEffectInput {
    struct File: Decodable {
      var electron_offsets_MHz: [Double]
      var electron_coupling_MHz: Double
      var hyperfine_secular_MHz: [[Double]]
      var hyperfine_pseudosecular_MHz: [[Double]]?
      var hyperfine_pseudosecular_complex_MHz: [[[Double]]]?
      var nuclear_dipolar_MHz: [[Double]]
    }
    let form =
      "a JSON object with \"electron_offsets_MHz\": [Δ1, Δ2], \"electron_coupling_MHz\": D, \"hyperfine_secular_MHz\": [[A_1k…], [A_2k…]], \"hyperfine_pseudosecular_MHz\": [[B_1k…], [B_2k…]] (or \"hyperfine_pseudosecular_complex_MHz\": [[[Re, Im]…], […]]) and \"nuclear_dipolar_MHz\": [[d_kk′…]] (n × n, symmetric, zero diagonal)"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError("key 'sample': cannot read '\(path)'")
    }
    let file: File
    do { file = try JSONDecoder().decode(File.self, from: data) } catch {
      throw ConfigError("key 'sample': '\(path)' must be \(form)")
    }
    let toRad = CrossEffectConfig.megahertz
    let b: [[[Double]]]
    switch (file.hyperfine_pseudosecular_MHz, file.hyperfine_pseudosecular_complex_MHz) {
    case (let real?, nil): b = real.map { $0.map { [$0 * toRad, 0] } }
    case (nil, let complex?): b = complex.map { $0.map { $0.map { $0 * toRad } } }
    default:
      throw ConfigError(
        "key 'sample': '\(path)' must give exactly one of \"hyperfine_pseudosecular_MHz\" (real B) and \"hyperfine_pseudosecular_complex_MHz\" ([Re, Im] pairs)")
    }
    let spins = CrossEffectSpins(
      secularHyperfine: file.hyperfine_secular_MHz.map { $0.map { $0 * toRad } }, pseudosecularHyperfine: b,
      nuclearCouplings: file.nuclear_dipolar_MHz.map { $0.map { $0 * toRad } })
    if let problem = spins.inconsistency() {
      throw ConfigError("key 'sample': '\(path)' is inconsistent: \(problem)")
    }
    guard file.electron_offsets_MHz.count == 2, file.electron_offsets_MHz.allSatisfy(\.isFinite),
      file.electron_coupling_MHz.isFinite
    else {
      throw ConfigError("key 'sample': '\(path)' needs two finite electron offsets and a finite electron coupling")
    }
    return .sample(
      spins, electronCoupling: file.electron_coupling_MHz * toRad,
      offsets: file.electron_offsets_MHz.map { $0 * toRad })
  }

  /// The geometry file: `{"electrons": [[x, y, z], [x, y, z]], "field": [x, y, z], "nuclei": [[x, y, z]…]}` in Å
  /// (field optional, default [0, 0, 1]), or instead of "nuclei" `"random_protons": {"count": n,
  /// "concentration_M": c, "exclusion_radius_A": r, "spacing_A": s}` (spacing optional, default 1.5 Å), drawn
  /// from stream (seed, 2⁶³). Optional `"electron_coupling_MHz"` replaces the electrons' point-dipole D (e.g.
  /// with exchange).
  static func readGeometry(path: String, seed: UInt64) throws -> CrossEffectInput {
    struct Random: Decodable {
      var count: Int
      var concentration_M: Double
      var exclusion_radius_A: Double
      var spacing_A: Double?
    }
    struct File: Decodable {
      var electrons: [[Double]]
      var field: [Double]?
      var nuclei: [[Double]]?
      var random_protons: Random?
      var electron_coupling_MHz: Double?
    }
    let form =
      "a JSON object with \"electrons\": [[x, y, z], [x, y, z]] (Å), optional \"field\": [x, y, z], and either \"nuclei\": [[x, y, z]…] or \"random_protons\": {\"count\": n, \"concentration_M\": c, \"exclusion_radius_A\": r}"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError("key 'geometry': cannot read '\(path)'")
    }
    let file: File
    do { file = try JSONDecoder().decode(File.self, from: data) } catch {
      throw ConfigError("key 'geometry': '\(path)' must be \(form)")
    }
    let field = file.field ?? [0, 0, 1]
    let geometry: SpinGeometry
    do {
      switch (file.nuclei, file.random_protons) {
      case (let nuclei?, nil):
        geometry = SpinGeometry(electrons: file.electrons, nuclei: nuclei, field: field)
      case (nil, let r?):
        guard r.count <= 5000 else {
          throw ConfigError("key 'geometry': '\(path)' asks for \(r.count) random protons; at most 5000")
        }
        geometry = try SpinGeometry.randomProtons(
          electrons: file.electrons, count: r.count, concentration: r.concentration_M,
          exclusionRadius: r.exclusion_radius_A, spacing: r.spacing_A ?? 1.5, field: field, seed: seed,
          stream: 1 << 63)
      default:
        throw ConfigError("key 'geometry': '\(path)' must give exactly one of \"nuclei\" and \"random_protons\"")
      }
      _ = try geometry.couplings()  // positions, field and distinct sites checked here
    } catch let e as CrossEffectError {
      throw ConfigError("key 'geometry': '\(path)': \(e.message)")
    }
    if let d = file.electron_coupling_MHz, !d.isFinite {
      throw ConfigError("key 'geometry': '\(path)': electron_coupling_MHz must be finite")
    }
    return .geometry(geometry, electronCoupling: file.electron_coupling_MHz.map { $0 * CrossEffectConfig.megahertz })
  }

  /// The parameters and spins of orientation `r` (of `orientations` field directions on a Fibonacci grid; one:
  /// the geometry's own field).
  func system(_ c: ResolvedConfig, orientation r: Int) throws -> (CrossEffectParameters, CrossEffectSpins) {
    var p = try CrossEffectConfig.parameters(c)
    switch self {
    case .preset:
      return (p, CrossEffectConfig.presetSpins(c))
    case .sample(let spins, let d, let offsets):
      p.electronCoupling = d
      p.electronOffsets = offsets
      return (p, spins)
    case .geometry(var g, let d):
      let count = c.integer("powder_orientations")
      if count > 1 { g.field = fibonacciSphere(count: count)[r] }
      let (geometric, spins): (Double, CrossEffectSpins)
      do { (geometric, spins) = try g.couplings() } catch let e as CrossEffectError {
        throw ConfigError("key 'geometry': \(e.message)")
      }
      p.electronCoupling = d ?? geometric
      return (p, spins)
    }
  }

  /// Positions (Å) of the nuclei, when a geometry gives them.
  var nuclearPositions: [[Double]]? {
    if case .geometry(let g, _) = self { return g.nuclei }
    return nil
  }
}

/// Which nuclei are core (max_j √(A_jk² + |B_jk|²) ≥ `core_hyperfine`) and which bulk: experiments see only the
/// bulk.
struct NuclearClasses: Codable, Sendable, Equatable {
  var core: [Int]
  var bulk: [Int]

  init(_ spins: CrossEffectSpins, threshold: Double) {
    var core = [Int](), bulk = [Int]()
    for k in 0..<spins.nuclei {
      let strength = (0..<2).map { j -> Double in
        let a = spins.secularHyperfine[j][k], b = spins.pseudosecularHyperfine[j][k]
        return (a * a + b[0] * b[0] + b[1] * b[1]).squareRoot()
      }.max() ?? 0
      if strength >= threshold && strength > 0 { core.append(k) } else { bulk.append(k) }
    }
    self.core = core
    self.bulk = bulk
  }

  /// The mean of `values` over `indices`, or nil for none.
  static func mean(_ values: [Double], _ indices: [Int]) -> Double? {
    indices.isEmpty ? nil : indices.map { values[$0] }.reduce(0, +) / Double(indices.count)
  }
}
