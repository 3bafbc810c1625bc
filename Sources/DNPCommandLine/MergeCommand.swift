import ArgumentParser
import Foundation

/// `dnp merge DIR… --output OUT` combines either
/// - the shards of one run (`--shard K/N` or `--shard slurm`, any task or figure): the task is rerun in OUT
///   over the shards' checkpoints, computing nothing, so OUT is the unsharded run bit for bit (see
///   ``ShardMerge``); or
/// - finished realization runs of one task that differ only in `seed` (and `realizations`), e.g. the same
///   configuration run on two machines. The statistics — and for thermal mixing the spin-temperature fit over
///   every realization's eigenstates and the KL divergences — are recomputed from the runs' checkpoints,
///   exactly as if one run had produced all the realizations.
struct MergeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the shards of one run, or finished runs of one task that differ only in seed.",
    discussion:
      "Shards (--shard): every task and figure; OUT becomes the complete run. Seeds: thermal-mixing steady-state, anderson polarization; writes OUT/result.json."
  )

  @Argument(help: "The run folders: every shard of one run, or two or more runs with different seeds.")
  var directories: [String]
  @Option(help: "Output folder for the merged run.") var output: String

  /// The keys that may differ between merged runs.
  static let mergeable: Set<String> = ["seed", "realizations"]

  func run() async throws {
    guard !directories.isEmpty else { throw ConfigError("merge needs the run folders to combine") }
    let sharded = directories.filter { ShardMerge.isShard($0) }
    if !sharded.isEmpty {
      guard sharded.count == directories.count else {
        let plain = directories.first { !ShardMerge.isShard($0) }!
        throw ConfigError(
          "'\(plain)' is not a shard (no checkpoints/shard.txt) but '\(sharded[0])' is; merge either the shards of one run or runs with different seeds"
        )
      }
      try await ShardMerge(directories: directories, output: output).run()
      return
    }
    guard directories.count >= 2 else { throw ConfigError("merge needs at least two run folders") }
    let runs = try directories.map(MergedRun.init)
    let task = runs[0].task
    guard let schema = Self.schemas[task] else {
      throw ConfigError(
        "'\(directories[0])' holds a '\(task)' run; merge takes \(Self.schemas.keys.sorted().joined(separator: " or ")) runs"
      )
    }
    var seeds = Set<String>()
    for run in runs {
      guard run.task == task else {
        throw ConfigError("'\(run.directory)' holds a '\(run.task)' run, not '\(task)'")
      }
      for key in Set(run.config.keys).union(runs[0].config.keys) where !Self.mergeable.contains(key) {
        guard run.config[key] == runs[0].config[key] else {
          throw ConfigError(
            "'\(run.directory)' and '\(runs[0].directory)' differ in key '\(key)' (\(run.config[key]?.description ?? "unset") vs \(runs[0].config[key]?.description ?? "unset")); only seed and realizations may differ"
          )
        }
      }
      if run.config["sample"] != nil {
        throw ConfigError(
          "'\(run.directory)' used an explicit sample: merging it would repeat the same realization")
      }
      guard seeds.insert(run.config["seed"]?.description ?? "").inserted else {
        throw ConfigError(
          "'\(run.directory)' has the same seed as another run: its realizations would repeat")
      }
    }
    var merged = runs[0].config
    merged["realizations"] = .number(Double(try runs.map { try $0.realizationCount() }.reduce(0, +)))
    merged["seed"] = nil
    var config = try schema.resolve(file: merged, overrides: [], baseDirectory: "/")
    config.values["seed"] = nil  // the sources' seeds are listed in merged_from
    let out = RunOutput(path: output)
    if FileManager.default.fileExists(atPath: out.url("result.json").path) {
      throw ConfigError("output folder '\(output)' already holds a result.json; choose another --output")
    }
    let sources = try runs.map {
      MergeSource(directory: $0.directory, seed: try $0.seed(), realizations: try $0.realizationCount())
    }
    let started = Date()
    let encoded: Data
    switch task {
    case "thermal-mixing steady-state":
      let records = try runs.flatMap { try $0.records(ThermalMixingRecord.self) }
      let point = ThermalMixingPoint(config: config, explicit: nil, records: records)
      encoded = try JSONCoding.encode(
        ResultFile(
          results: MergedResult(point: point, units: ThermalMixingPoint.units, mergedFrom: sources),
          metadata: metadata(task, config, started)))
    default:
      let records = try runs.flatMap { try $0.records([AndersonRecord].self).flatMap { $0 } }
      let point = AndersonPoint(config: config, records: records)
      encoded = try JSONCoding.encode(
        ResultFile(
          results: MergedResult(point: point, units: AndersonPoint.units, mergedFrom: sources),
          metadata: metadata(task, config, started)))
    }
    try out.create()
    try out.write(encoded, to: "result.json")
    print("merged \(runs.count) runs into \(out.url("result.json").path)")
  }

  static let schemas: [String: ConfigSchema] = [
    "thermal-mixing steady-state": ThermalMixingConfig.schema,
    "anderson polarization": AndersonConfig.schema,
  ]

  func metadata(_ task: String, _ config: ResolvedConfig, _ started: Date) -> RunMetadata {
    RunMetadata(
      task: "merge of \(task)", config: config.asWritten.mapValues(ConfigValueCodable.init), seed: nil,
      workers: 1,
      innerThreads: 1, blasThreads: 1, wallTimeSeconds: Date().timeIntervalSince(started),
      finished: ISO8601DateFormatter().string(from: Date()))
  }
}

/// Where merged realizations came from.
struct MergeSource: Codable, Sendable {
  var directory: String
  var seed: Int
  var realizations: Int
}

/// A merged result: the point's keys at the top level, units, and the source runs.
struct MergedResult<Point: Encodable>: Encodable {
  var point: Point
  var units: [String: String]
  var mergedFrom: [MergeSource]
  enum Key: String, CodingKey { case units, mergedFrom = "merged_from" }
  func encode(to encoder: Encoder) throws {
    try PointResult(point: point, units: units).encode(to: encoder)
    var c = encoder.container(keyedBy: Key.self)
    try c.encode(mergedFrom, forKey: .mergedFrom)
  }
}

/// One finished run folder: its task, its configuration as written, and its realization checkpoints.
private struct MergedRun {
  let directory: String
  let task: String
  let config: [String: ConfigValue]

  init(_ directory: String) throws {
    self.directory = directory
    let marker = directory + "/checkpoints/run.txt"
    guard
      let text = FileManager.default.contents(atPath: marker).flatMap({ String(data: $0, encoding: .utf8) }),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("task=") })
    else { throw ConfigError("'\(directory)' is not a dnp run folder (no checkpoints/run.txt)") }
    task = String(line.dropFirst(5))
    struct Meta: Decodable {
      var metadata: Inner; struct Inner: Decodable { var config: [String: ConfigValue] }
    }
    guard let data = FileManager.default.contents(atPath: directory + "/result.json"),
      let meta = try? JSONCoding.decode(Meta.self, from: data)
    else { throw ConfigError("'\(directory)' has no readable result.json: finish it first (dnp … --resume)") }
    config = meta.metadata.config
  }

  func seed() throws -> Int {
    guard case .number(let s)? = config["seed"] else {
      throw ConfigError("'\(directory)': no seed in result.json")
    }
    return Int(s)
  }

  func realizationCount() throws -> Int {
    guard case .number(let r)? = config["realizations"] else {
      throw ConfigError("'\(directory)': no realizations in result.json")
    }
    return Int(r)
  }

  /// The realization checkpoints in index order; all of them must be there.
  func records<R: Decodable>(_ type: R.Type) throws -> [R] {
    let folder = directory + "/checkpoints/realizations"
    let count = try realizationCount()
    return try (0..<count).map { i in
      let path = folder + "/" + String(format: "%05d", i) + ".json"
      guard let data = FileManager.default.contents(atPath: path),
        let r = try? JSONCoding.decode(R.self, from: data)
      else {
        throw ConfigError("'\(directory)': realization checkpoint \(path) is missing or unreadable")
      }
      return r
    }
  }
}
