import DNPNumerics
import Foundation

/// How many workers run items in parallel, how many threads each item may use inside, and how many threads
/// OpenBLAS gets (ARCHITECTURE numerics rules; decided here and nowhere else):
/// several items → one BLAS thread per worker; one item → its threads go either to the model's own
/// parallel loops (`.model`, e.g. sectors of the thermal-mixing model, BLAS at 1 thread) or to BLAS
/// (`.blas`, one large matrix, e.g. the Anderson lattice).
public struct ExecutionPolicy: Sendable, Equatable {
  public enum InnerParallelism: Sendable { case model, blas }
  public var workers: Int
  public var innerThreads: Int
  public var blasThreads: Int
  public static func forItems(_ count: Int, threads: Int, inner: InnerParallelism) -> ExecutionPolicy {
    let threads = max(1, threads)
    if count > 1 {
      let workers = min(threads, count)
      return ExecutionPolicy(workers: workers, innerThreads: max(1, threads / workers), blasThreads: 1)
    }
    return inner == .model
      ? ExecutionPolicy(workers: 1, innerThreads: threads, blasThreads: 1)
      : ExecutionPolicy(workers: 1, innerThreads: 1, blasThreads: threads)
  }
}

/// One run of a task into an output folder: checks the folder, runs items in parallel with checkpoints,
/// and writes result.json with its metadata.
///
/// Every finished item (a realization or a sweep point) is saved at once as `checkpoints/<phase>/<index>.json`;
/// `--resume` reloads them and computes only what is missing. The program version, task and configuration are
/// stored in `checkpoints/run.txt`, so a resume with another version or configuration is refused. Every run
/// also writes `config.toml`, the complete configuration as run (`--config DIR/config.toml` repeats it).
///
/// Sharding lives here and nowhere else: with `--shard K/N`, ``map(count:phase:label:inner:_:)`` computes only
/// the items `i ≡ K (mod N)`, checkpoints them and ends the run with ``ShardCompleted``; `dnp merge` reruns the
/// task over the shards' checkpoints with ``checkpointsOnly`` set.
public final class RunSession: @unchecked Sendable {
  public let task: String
  public let options: RunOptions
  public let config: ResolvedConfig
  public let output: RunOutput
  /// `--shard`, if given.
  public let shard: Shard?
  private let started = Date()
  private var largestPolicy = ExecutionPolicy(workers: 1, innerThreads: 1, blasThreads: 1)
  private var largestCount = 0
  /// Checkpoints that could not be read and were recomputed (reported in the metadata).
  private var recomputed = [String]()

  /// Set by `dnp merge`: every item must come from a checkpoint; nothing is computed.
  @TaskLocal public static var checkpointsOnly = false

  /// The first line of `checkpoints/run.txt`.
  static var versionLine: String { "version=\(RunMetadata.programVersion)" }

  public init(task: String, options: RunOptions, config: ResolvedConfig) throws {
    self.task = task
    self.options = options
    self.config = config
    self.output = RunOutput(path: options.output)
    self.shard = try options.shard.map { try Shard.parse($0, environment: ProcessInfo.processInfo.environment) }
    let fingerprint = Self.versionLine + "\n" + "task=\(task)\n" + config.fingerprint
    let marker = output.url("checkpoints/run.txt")
    let fm = FileManager.default
    if let previous = fm.contents(atPath: marker.path).flatMap({ String(data: $0, encoding: .utf8) }) {
      guard options.resume else {
        throw ConfigError(
          "output folder '\(options.output)' already holds a run; pass --resume to continue it or choose another --output"
        )
      }
      let previousVersion = previous.split(separator: "\n").first.map(String.init) ?? ""
      guard previousVersion == Self.versionLine else {
        let was =
          previousVersion.hasPrefix("version=") ? "dnp " + previousVersion.dropFirst(8) : "an older dnp"
        throw ConfigError(
          "--resume: '\(options.output)' was started by \(was), this is dnp \(RunMetadata.programVersion); its checkpoints could mix numbers from two programs, so rerun into another --output"
        )
      }
      guard previous == fingerprint else {
        throw ConfigError(
          "--resume: '\(options.output)' was started with a different task or configuration; choose another --output"
        )
      }
    } else if fm.fileExists(atPath: output.url("result.json").path) && !options.resume {
      throw ConfigError(
        "output folder '\(options.output)' already holds a result.json; choose another --output")
    }
    try output.create()
    try output.write(text: fingerprint, to: "checkpoints/run.txt")
    try output.write(
      text: ConfigFile.toml(
        config.asWritten,
        comment: [
          "The complete configuration of this run (dnp \(RunMetadata.programVersion), task: \(task)).",
          "Repeat it with: dnp \(Self.commandLine(task).joined(separator: " ")) --config RUN_DIR/config.toml --output NEW_DIR",
        ]), to: "config.toml")
    if let shard { try output.write(text: shard.description, to: "checkpoints/shard.txt") }
  }

  /// The command-line words of a task as stored in `run.txt` ("reproduce FIG --scale quick" → its words).
  static func commandLine(_ task: String) -> [String] { task.split(separator: " ").map(String.init) }

  /// Computes `work(i, innerThreads)` for i in 0..<count, in parallel per the ``ExecutionPolicy``, reusing
  /// checkpoints. Results are returned in index order, so they do not depend on scheduling or thread count.
  ///
  /// A checkpoint that cannot be read is reported (stderr and the metadata) and recomputed. With a shard, only
  /// the shard's items are computed, and the call ends with ``ShardCompleted`` instead of returning. An error
  /// thrown by `work` becomes a ``NumericalFailure`` naming the item (a ``ConfigError`` passes unchanged).
  public func map<R: Codable & Sendable>(
    count: Int, phase: String, label: String, inner: ExecutionPolicy.InnerParallelism = .model,
    _ work: @escaping @Sendable (_ index: Int, _ innerThreads: Int) throws -> R
  ) async throws -> [R] {
    // The policy follows the whole run's item count, so a shard runs each item exactly as the unsharded run
    // would (same BLAS threads: bit-identical numbers).
    let policy = ExecutionPolicy.forItems(count, threads: options.threads, inner: inner)
    if count >= largestCount {
      largestCount = count
      largestPolicy = policy
    }
    BLASThreads.set(policy.blasThreads)
    let checkpointsOnly = Self.checkpointsOnly
    let owned = (0..<count).filter { checkpointsOnly || shard?.owns($0) ?? true }
    var results = [R?](repeating: nil, count: count)
    for i in owned {
      let url = checkpointURL(phase, i)
      guard let data = FileManager.default.contents(atPath: url.path) else { continue }
      do { results[i] = try JSONCoding.decode(R.self, from: data) } catch {
        guard !checkpointsOnly else {
          throw ConfigError("checkpoint '\(url.path)' cannot be read (\(error)); rerun the shard that wrote it")
        }
        recomputed.append(url.path)
        warn("warning: checkpoint '\(url.path)' cannot be read (\(error)); recomputing it")
      }
    }
    let pending = owned.filter { results[$0] == nil }
    if checkpointsOnly && !pending.isEmpty {
      throw ConfigError(
        "'\(phase)' has no checkpoint for \(pending.count) of its \(count) items (first: item \(pending[0]), checkpoints/\(phase)/\(String(format: "%05d", pending[0])).json); give the folders of every shard, each finished"
      )
    }
    let progress = ProgressBar(total: owned.count, label: label, quiet: options.quiet)
    progress.advance(by: owned.count - pending.count)
    let output = self.output
    let workers = max(1, min(policy.workers, pending.count))
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
      var next = 0
      func launch() {
        guard next < pending.count else { return }
        let i = pending[next]
        next += 1
        group.addTask {
          let r: R
          do { r = try work(i, policy.innerThreads) } catch let e as ConfigError { throw e } catch
            is CancellationError
          { throw CancellationError() } catch {
            throw NumericalFailure(phase: phase, item: i, cause: error)
          }
          try output.writeJSON(r, to: "checkpoints/\(phase)/\(String(format: "%05d", i)).json")
          return (i, r)
        }
      }
      for _ in 0..<workers { launch() }
      while let (i, r) = try await group.next() {
        results[i] = r
        progress.advance()
        launch()
      }
    }
    progress.finish()
    if let shard {
      throw ShardCompleted(shard: shard, computed: pending.count, owned: owned.count, output: options.output)
    }
    return results.map { $0! }
  }

  private func checkpointURL(_ phase: String, _ i: Int) -> URL {
    output.url("checkpoints/\(phase)/\(String(format: "%05d", i)).json")
  }

  /// The metadata of this run so far.
  public func metadata(seed: UInt64?) -> RunMetadata {
    RunMetadata(
      task: task, config: config.asWritten.mapValues(ConfigValueCodable.init), seed: seed,
      workers: largestPolicy.workers, innerThreads: largestPolicy.innerThreads,
      blasThreads: largestPolicy.blasThreads,
      wallTimeSeconds: Date().timeIntervalSince(started),
      finished: ISO8601DateFormatter().string(from: Date()),
      recomputedCheckpoints: recomputed.isEmpty ? nil : recomputed)
  }

  /// Writes result.json (results + metadata), atomically.
  public func writeResult<R: Encodable>(_ results: R, seed: UInt64?) throws {
    try output.writeJSON(ResultFile(results: results, metadata: metadata(seed: seed)), to: "result.json")
  }

  /// Writes a figure's script and renders it; a missing gnuplot is a note, not a failure.
  public func plot(_ figure: GnuplotFigure) throws {
    try figure.write(into: output)
    do { try Gnuplot.render(figure.scriptName, in: output) } catch let e as ConfigError {
      if !options.quiet { FileHandle.standardError.write(Data("note: \(e.message)\n".utf8)) }
    }
  }

  /// A warning on stderr, shown even with --quiet.
  public func warn(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

  /// A line on stderr unless --quiet.
  public func say(_ text: String) {
    if !options.quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) }
  }
}
