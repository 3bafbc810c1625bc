import Foundation

/// Combines the shards of one run (`--shard K/N`) into the run itself.
///
/// The shards must hold the same program version, task and configuration (`checkpoints/run.txt`) and together
/// every shard 0…N−1. Their checkpoints are linked (or copied) into OUT, and the task is rerun there from
/// `config.toml` with `--resume` and ``RunSession/checkpointsOnly``: every item comes from a checkpoint,
/// nothing is computed, and the summaries, tables, plots and result.json are those of the unsharded run, bit
/// for bit. A missing or unreadable checkpoint stops the merge with its file name.
struct ShardMerge {
  let directories: [String]
  let output: String

  static func isShard(_ directory: String) -> Bool {
    FileManager.default.fileExists(atPath: directory + "/checkpoints/shard.txt")
  }

  static func read(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
    else { throw ConfigError("cannot read '\(path)': is it a dnp run folder?") }
    return text
  }

  func run() async throws {
    let fm = FileManager.default
    var fingerprint: String?
    var shards = [Int: String]()
    var total: Int?
    for directory in directories {
      let run = try Self.read(directory + "/checkpoints/run.txt")
      try RunSession.checkSameVersion(runText: run, directory: directory)
      if let f = fingerprint, f != run {
        throw ConfigError(
          "'\(directory)' and '\(directories[0])' are shards of different runs (task or configuration differ)")
      }
      fingerprint = run
      let text = try Self.read(directory + "/checkpoints/shard.txt").trimmingCharacters(in: .whitespacesAndNewlines)
      let shard = try Shard.parse(text, environment: [:])
      if let n = total, n != shard.count {
        throw ConfigError(
          "'\(directory)' is shard \(shard) but '\(directories[0])' is of \(n) shards; merge the shards of one split")
      }
      total = shard.count
      if let other = shards[shard.index] {
        throw ConfigError("'\(directory)' and '\(other)' are both shard \(shard)")
      }
      shards[shard.index] = directory
    }
    let n = total!
    let missing = (0..<n).filter { shards[$0] == nil }
    guard missing.isEmpty else {
      throw ConfigError(
        "shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: give the folders of all \(n) shards"
      )
    }
    // OUT: new or empty, or an interrupted merge of the same run (RunFolder's rules), never a finished run.
    let out = try RunFolder.check(output, resume: true, fingerprint: fingerprint!)
    if fm.fileExists(atPath: out.url("result.json").path) {
      throw ConfigError("output folder '\(output)' already holds a result.json; choose another --output")
    }
    guard let taskLine = fingerprint!.split(separator: "\n").first(where: { $0.hasPrefix("task=") }) else {
      throw ConfigError("'\(directories[0])/checkpoints/run.txt' names no task")
    }
    let task = String(taskLine.dropFirst(5))
    try out.create()
    try out.write(text: fingerprint!, to: "checkpoints/run.txt")
    try link(from: directories, into: out)
    try out.write(try Data(contentsOf: URL(fileURLWithPath: directories[0] + "/config.toml")), to: "config.toml")
    let arguments =
      RunSession.commandLine(task) + [
        "--config", out.url("config.toml").path, "--output", output, "--resume", "--quiet",
      ]
    try await RunSession.$checkpointsOnly.withValue(true) { try await DNPMain.run(arguments) }
    print("merged \(n) shards of '\(task)' into \(out.directory.path)")
  }

  /// Hard-links every checkpoint of every shard into `out` (copies where links are impossible, e.g. across
  /// file systems). Checkpoints are written once, by atomic rename, so a link never sees a later change.
  func link(from directories: [String], into out: RunOutput) throws {
    let fm = FileManager.default
    for directory in directories {
      let root = URL(fileURLWithPath: directory + "/checkpoints", isDirectory: true)
      let phases = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
      for phase in phases {
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: root.appendingPathComponent(phase).path, isDirectory: &isFolder),
          isFolder.boolValue
        else { continue }
        let files = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(phase).path)) ?? []
        let target = out.url("checkpoints/" + phase)
        do { try fm.createDirectory(at: target, withIntermediateDirectories: true) } catch {
          throw IOFailure("cannot create folder", path: target.path, cause: error)
        }
        for file in files where file.hasSuffix(".json") && !file.hasPrefix(".") {
          let source = root.appendingPathComponent(phase).appendingPathComponent(file)
          let destination = target.appendingPathComponent(file)
          if fm.fileExists(atPath: destination.path) { continue }
          do { try fm.linkItem(at: source, to: destination) } catch {
            do { try fm.copyItem(at: source, to: destination) } catch {
              throw IOFailure("cannot copy checkpoint", path: source.path, cause: error)
            }
          }
        }
      }
    }
  }
}
