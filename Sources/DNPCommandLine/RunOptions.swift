import ArgumentParser
import Foundation

/// Options shared by every computing task: `[--config FILE] [--output DIR] [--set key=value]... [--threads N]
/// [--quiet] [--resume] [--shard K/N|slurm]`.
public struct RunOptions: ParsableArguments, Sendable {
  @Option(
    name: .long, help: "Configuration file (TOML or JSON, flat keys). Without it, the defaults are used.")
  public var config: String?

  @Option(name: .long, help: "Output folder for result.json, CSV tables, checkpoints and plots.")
  public var output: String = "dnp-output"

  @Option(name: .customLong("set"), help: "Override one key, e.g. --set temperature=\"1.2 K\" (repeatable).")
  public var overrides: [String] = []

  // Unconditional parsing, so that `--threads -1` reaches the range check instead of reading "-1" as a flag.
  @Option(name: .long, parsing: .unconditional, help: "Worker threads (default: all cores).")
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(name: .long, help: "No progress bar.")
  public var quiet = false

  @Flag(name: .long, help: "Continue an interrupted run in --output, keeping its finished points.")
  public var resume = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Compute only shard K of N: items i with i mod N = K (e.g. 0/4), or 'slurm' for this task of a SLURM job array. Combine the shards with dnp merge.",
      valueName: "K/N|slurm"))
  public var shard: String?

  public init() {}

  public func validate() throws {
    guard threads >= 1 && threads <= 1024 else {
      throw ValidationError("--threads must be a whole number from 1 to 1024, got \(threads)")
    }
  }

  /// Reads the config file (if any), applies `--set`, and validates everything against `schema`.
  /// - Parameter presets: a figure scale's `key=value` defaults, below the file and `--set`.
  public func resolve(_ schema: ConfigSchema, presets: [String] = []) throws -> ResolvedConfig {
    var file = [String: ConfigValue]()
    var base = FileManager.default.currentDirectoryPath
    if let path = config {
      file = try ConfigFile.read(path: path)
      let absolute = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
      base = (absolute as NSString).deletingLastPathComponent
    }
    return try schema.resolve(file: file, overrides: overrides, baseDirectory: base, presets: presets)
  }

  /// Refuses `--shard` for a task that computes one result with nothing to split (`what` says what it computes).
  public func refuseShard(task: String, computes what: String) throws {
    if shard != nil { throw ConfigError("--shard: \(task) computes \(what), with nothing to split; leave --shard out") }
  }
}
