import Foundation

/// The rules for a run's output folder (`--output`), checked before anything is written:
///
/// - the path must name a folder other than the file-system root (`''` and `/` are refused);
/// - a new or empty folder is used;
/// - a folder holding a finished run (result.json) is refused unless `--resume` continues the same run;
/// - a folder holding an unfinished run (checkpoints/run.txt, no result.json: interrupted or failed) is
///   refused without `--resume`, saying that `--resume` continues it and deleting the folder starts over
///   (a shard, which never writes result.json, is named as such);
/// - `--resume` with another configuration is refused, naming the keys that differ;
/// - any other non-empty folder is refused: DNPKit never writes into a folder that is not its own.
enum RunFolder {
  static func check(_ path: String, resume: Bool, fingerprint: String) throws -> RunOutput {
    let output = try outputPath(path)
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: output.directory.path, isDirectory: &isDirectory) else { return output }
    guard isDirectory.boolValue else {
      throw ConfigError(
        "--output '\(path)' is a file; expected a folder for the run (new, empty, or a run to --resume)")
    }
    let marker = output.url("checkpoints/run.txt").path
    let finished = fm.fileExists(atPath: output.url("result.json").path)
    if let previous = fm.contents(atPath: marker).flatMap({ String(data: $0, encoding: .utf8) }) {
      guard resume else {
        if finished {
          throw ConfigError(
            "--output '\(path)' already holds a finished run (result.json); choose another --output, or delete the folder to run again"
          )
        }
        if let shard = fm.contents(atPath: output.url("checkpoints/shard.txt").path)
          .flatMap({ String(data: $0, encoding: .utf8) })?.trimmingCharacters(in: .whitespacesAndNewlines)
        {
          throw ConfigError(
            "--output '\(path)' holds shard \(shard) of a run (a shard writes no result.json: dnp merge combines the shards); pass --resume to complete it with the same configuration, or choose another --output"
          )
        }
        throw ConfigError(
          "--output '\(path)' holds an unfinished run (checkpoints/run.txt but no result.json: it was interrupted or failed); pass --resume to continue it with the same configuration, or delete the folder to start over"
        )
      }
      guard previous == fingerprint else {
        throw ConfigError(
          "--resume: '\(path)' was started with \(difference(previous, fingerprint)); choose another --output, or run with the same configuration"
        )
      }
      return output
    }
    if finished {
      throw ConfigError(
        "--output '\(path)' already holds a result.json (a run without checkpoints, which --resume cannot continue); choose another --output"
      )
    }
    let contents = (try? fm.contentsOfDirectory(atPath: output.directory.path)) ?? []
    if !finished && !contents.isEmpty {
      throw ConfigError(
        "--output '\(path)' is a non-empty folder that holds no dnp run; choose a new or empty folder (DNPKit does not write among other files)"
      )
    }
    return output
  }

  /// Refuses an empty path and the file-system root.
  static func outputPath(_ path: String) throws -> RunOutput {
    guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw ConfigError("--output is empty; expected a folder name, e.g. --output run1")
    }
    let output = RunOutput(path: path)
    guard output.directory.standardizedFileURL.path != "/" else {
      throw ConfigError(
        "--output '\(path)' is the file-system root; expected a folder of its own, e.g. --output run1")
    }
    return output
  }

  /// "a different task" or "different values of key 'temperature' (1.2 → 1.5)", from two fingerprints.
  static func difference(_ old: String, _ new: String) -> String {
    func lines(_ s: String) -> [String: String] {
      var d = [String: String]()
      for line in s.split(separator: "\n") {
        guard let eq = line.firstIndex(of: "=") else { continue }
        d[String(line[..<eq])] = String(line[line.index(after: eq)...])
      }
      return d
    }
    let a = lines(old), b = lines(new)
    if a["version"] != b["version"] {
      return
        "\(a["version"].map { "dnp " + $0 } ?? "an older dnp"), this is dnp \(b["version"] ?? "?") (its checkpoints could mix numbers from two programs)"
    }
    if a["task"] != b["task"] {
      return "a different task ('\(a["task"] ?? "?")', now '\(b["task"] ?? "?")')"
    }
    let keys = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    guard !keys.isEmpty else { return "a different configuration" }
    let listed = keys.map { "'\($0)' (\(a[$0] ?? "unset") then, \(b[$0] ?? "unset") now)" }
    return
      "a different value of key \(listed.joined(separator: ", key ")) — compared in internal units (rad/s, s, K)"
  }
}
