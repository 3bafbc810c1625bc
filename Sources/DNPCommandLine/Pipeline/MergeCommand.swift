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
      "Shards (--shard): every task and figure; OUT becomes the complete run. Seeds: "
      + ModelRegistry.models.map { $0.pointTaskName }.joined(separator: ", ") + "; writes OUT/result.json."
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
    guard let model = Self.models[task] else {
      throw ConfigError(
        "'\(directories[0])' holds a '\(task)' run; merge takes \(Self.models.keys.sorted().joined(separator: " or ")) runs"
      )
    }
    let schema = model.schema
    guard schema.key("realizations") != nil, schema.key("seed") != nil else {
      throw ConfigError(
        "'\(task)' runs have no random realizations to merge by seed; merge the shards of one run (--shard) instead"
      )
    }
    var seeds = Set<Int>()
    // Compare values as the program reads them ("1200 mK" equals "1.2 K").
    let first = try schema.resolve(file: runs[0].config, overrides: [], baseDirectory: "/")
    for run in runs {
      guard run.task == task else {
        throw ConfigError("'\(run.directory)' holds a '\(run.task)' run, not '\(task)'")
      }
      let resolved = try schema.resolve(file: run.config, overrides: [], baseDirectory: "/")
      for key in Set(run.config.keys).union(runs[0].config.keys) where !Self.mergeable.contains(key) {
        guard resolved.canonical(key) == first.canonical(key) else {
          throw ConfigError(
            "'\(run.directory)' and '\(runs[0].directory)' differ in key '\(key)' (\(run.config[key]?.description ?? "unset") vs \(runs[0].config[key]?.description ?? "unset")); only seed and realizations may differ"
          )
        }
      }
      if run.config["sample"] != nil {
        throw ConfigError(
          "'\(run.directory)' used an explicit sample: merging it would repeat the same realization")
      }
      for source in try run.sources() {
        guard seeds.insert(source.seed).inserted else {
          throw ConfigError(
            "'\(run.directory)' has the same seed (\(source.seed)) as another run: its realizations would repeat")
        }
      }
    }
    var merged = runs[0].config
    merged["realizations"] = .number(Double(try runs.map { try $0.realizationCount() }.reduce(0, +)))
    merged["seed"] = nil
    var config = try schema.resolve(file: merged, overrides: [], baseDirectory: "/")
    config.values["seed"] = nil  // the sources' seeds are listed in merged_from
    let out = try RunFolder.check(output, resume: false, fingerprint: "")
    let sources = try runs.flatMap { try $0.sources() }
    let started = Date()
    let render: (GnuplotFigure) throws -> Void = { figure in
      try Gnuplot.writeAndRender(figure, into: out) { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) }
    }
    // A complete run folder: checkpoints (so a later merge or `dnp plot` accepts it), tables, figures, and
    // result.json last.
    try out.create()
    let encoded = try mergeRealizations(
      model, runs: runs, config: config, sources: sources, into: out, render: render,
      metadata: { metadata(task, config, started) })
    try out.write(
      text: RunSession.versionLine + "\ntask=\(task)\n" + config.fingerprint, to: "checkpoints/run.txt")
    try out.write(
      text: config.configFile(
        comment: [
          "The configuration of a merge of \(sources.count) runs of '\(task)' (dnp \(RunMetadata.programVersion)); their seeds are in result.json's merged_from."
        ]), to: "config.toml")
    try out.write(encoded, to: "result.json")
    print("merged \(runs.count) runs (\(sources.count) seeds) into \(out.url("result.json").path)")
  }

  /// The merged realizations as checkpoints 0, 1, … in source order, as a run would have written them.
  func writeCheckpoints<R: Encodable>(_ records: [R], into out: RunOutput) throws {
    for (i, r) in records.enumerated() {
      try out.writeJSON(r, to: "checkpoints/realizations/\(String(format: "%05d", i)).json")
    }
  }

  /// The models whose point task's runs can be merged, by that task's name.
  static var models: [String: any DNPModel.Type] {
    Dictionary(uniqueKeysWithValues: ModelRegistry.models.map { ($0.pointTaskName, $0) })
  }

  /// Writes the merged realizations as checkpoints, the point task's tables and figures, and returns the
  /// encoded result.json: the statistics recomputed over every realization, as one run would have them.
  private func mergeRealizations<Model: DNPModel>(
    _ model: Model.Type, runs: [MergedRun], config: ResolvedConfig, sources: [MergeSource],
    into out: RunOutput, render: (GnuplotFigure) throws -> Void, metadata: () -> RunMetadata
  ) throws -> Data {
    let checkpoints = try runs.flatMap { try $0.records(Model.Checkpoint.self) }
    try writeCheckpoints(checkpoints, into: out)
    let point = Model.summarize(
      config, sample: nil, realizations: checkpoints.flatMap { Model.realizations(in: $0) })
    try Model.writePointOutputs(point, config: config, output: out, render: render)
    return try JSONCoding.encodeResult(
      ResultFile(
        results: MergedResult(point: point, units: Model.units, mergedFrom: sources), metadata: metadata())
    ).data
  }

  func metadata(_ task: String, _ config: ResolvedConfig, _ started: Date) -> RunMetadata {
    RunMetadata(
      task: "merge of \(task)", config: config.asWritten.mapValues(ConfigValueCodable.init), seed: nil,
      workers: 1,
      innerThreads: 1, blasThreads: 1, wallTimeS: Date().timeIntervalSince(started),
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
    try RunSession.checkSameVersion(runText: text, directory: directory)
    task = String(line.dropFirst(5))
    struct Meta: Decodable {
      var metadata: Inner; struct Inner: Decodable { var config: [String: ConfigValue] }
    }
    guard let data = FileManager.default.contents(atPath: directory + "/result.json"),
      let meta = try? JSONCoding.decode(Meta.self, from: data)
    else { throw ConfigError("'\(directory)' has no readable result.json: finish it first (dnp … --resume)") }
    config = meta.metadata.config
  }

  /// The seeds this run's realizations came from: its own, or for a merged run those it lists.
  func sources() throws -> [MergeSource] {
    struct Merged: Decodable { var merged_from: [MergeSource]? }
    if let data = FileManager.default.contents(atPath: directory + "/result.json"),
      let listed = (try? JSONCoding.decode(Merged.self, from: data))?.merged_from
    {
      return listed
    }
    return [MergeSource(directory: directory, seed: try seed(), realizations: try realizationCount())]
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
