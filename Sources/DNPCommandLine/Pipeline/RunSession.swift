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
/// stored in `checkpoints/run.txt`, so a resume with another version or configuration is refused, naming the
/// keys that differ (``RunFolder``). Every run also writes `config.toml`, the complete configuration as run
/// (the user's keys as settings, defaults and presets as comments; `--config DIR/config.toml` repeats it). Nothing is written before the first item is computed or the result
/// is written, so a refusal (bad input, too little memory) leaves no folder behind.
///
/// Sharding lives here and nowhere else: with `--shard K/N`, ``map(count:phase:label:inner:memoryPerItem:_:)``
/// computes only the items `i ≡ K (mod N)`, checkpoints them and ends the run with ``ShardCompleted``;
/// `dnp merge` reruns the task over the shards' checkpoints with ``checkpointsOnly`` set.
public final class RunSession: @unchecked Sendable {
  public let task: String
  public let options: RunOptions
  public let config: ResolvedConfig
  public let output: RunOutput
  /// `--shard`, if given.
  public let shard: Shard?
  private let started = Date()
  private let fingerprint: String
  private var largestPolicy = ExecutionPolicy(workers: 1, innerThreads: 1, blasThreads: 1)
  private var largestCount = 0
  private var createdFolder = false
  /// Checkpoints that could not be read and were recomputed (reported in the metadata).
  private var recomputed = [String]()
  /// Every warning of this run: printed on stderr when it arises and recorded in result.json's metadata.
  public private(set) var warnings: [String] = []

  /// Set by `dnp merge`: every item must come from a checkpoint; nothing is computed.
  @TaskLocal public static var checkpointsOnly = false

  /// The first line of `checkpoints/run.txt`.
  static var versionLine: String { "version=\(RunMetadata.programVersion)" }

  /// Refuses a run folder (its `checkpoints/run.txt` text) written by another program version: its
  /// checkpoints may not decode, or mean something else, in this one.
  static func checkSameVersion(runText: String, directory: String) throws {
    let line = runText.split(separator: "\n").first.map(String.init) ?? ""
    guard line == versionLine else {
      let written = line.hasPrefix("version=") ? "dnp " + line.dropFirst(8) : "an older dnp"
      throw ConfigError(
        "'\(directory)' was computed by \(written), this is dnp \(RunMetadata.programVersion); merge it with the same version"
      )
    }
  }

  public init(task: String, options: RunOptions, config: ResolvedConfig) throws {
    self.task = task
    self.options = options
    self.config = config
    self.shard = try options.shard.map { try Shard.parse($0, environment: ProcessInfo.processInfo.environment) }
    self.fingerprint = Self.versionLine + "\n" + "task=\(task)\n" + config.fingerprint
    self.output = try RunFolder.check(options.output, resume: options.resume, fingerprint: fingerprint)
    if options.threads > ProcessInfo.processInfo.activeProcessorCount {
      warn(
        "--threads \(options.threads) is more than the \(ProcessInfo.processInfo.activeProcessorCount) cores of this machine; the extra threads only share them"
      )
    }
  }

  /// Creates the folder with `config.toml` on first use, and the checkpoint marker (and shard marker) when
  /// the run has checkpoints.
  private func start(checkpointed: Bool) throws {
    if !createdFolder {
      try output.create()
      try output.write(
        text: config.configFile(
          comment: [
            "The complete configuration of this run (dnp \(RunMetadata.programVersion), task: \(task)).",
            "Repeat it with: dnp \(Self.commandLine(task).joined(separator: " ")) --config RUN_DIR/config.toml --output NEW_DIR",
          ]), to: "config.toml")
      createdFolder = true
    }
    if checkpointed && !FileManager.default.fileExists(atPath: output.url("checkpoints/run.txt").path) {
      try output.write(text: fingerprint, to: "checkpoints/run.txt")
      if let shard { try output.write(text: shard.description, to: "checkpoints/shard.txt") }
    }
  }

  /// The command-line words of a task as stored in `run.txt` ("reproduce FIG --scale quick" → its words).
  static func commandLine(_ task: String) -> [String] { task.split(separator: " ").map(String.init) }

  /// Computes `work(i, innerThreads)` for i in 0..<count, in parallel per the ``ExecutionPolicy``, reusing
  /// checkpoints. Results are returned in index order, so they do not depend on scheduling or thread count.
  ///
  /// A checkpoint that cannot be read is reported (stderr and the metadata) and recomputed. With a shard, only
  /// the shard's items are computed, and the call ends with ``ShardCompleted`` instead of returning. An error
  /// thrown by `work` ends the run as an ``UnfinishedRun`` (its cause a ``NumericalFailure`` naming the item;
  /// a ``ConfigError`` passes unchanged), which says how to resume.
  /// - Parameter memoryPerItem: the estimated peak memory of one item in bytes: the workers are reduced to
  ///   fit the machine's memory (with a warning), or the run is refused before anything is written.
  public func map<R: Codable & Sendable>(
    count: Int, phase: String, label: String, inner: ExecutionPolicy.InnerParallelism = .model,
    memoryPerItem: Double? = nil,
    _ work: @escaping @Sendable (_ index: Int, _ innerThreads: Int) throws -> R
  ) async throws -> [R] {
    try await map(
      count: count, phase: phase, label: label, inner: inner, memoryPerItem: memoryPerItem
    ) { i, threads, _ in try work(i, threads) }
  }

  /// ``map(count:phase:label:inner:memoryPerItem:_:)`` for long items that report their own progress: `work`
  /// gets a function to call with the finished fraction (0…1) of item `index`, shown by the progress bar.
  public func map<R: Codable & Sendable>(
    count: Int, phase: String, label: String, inner: ExecutionPolicy.InnerParallelism = .model,
    memoryPerItem: Double? = nil,
    _ work: @escaping @Sendable (
      _ index: Int, _ innerThreads: Int, _ report: @escaping @Sendable (Double) -> Void
    ) throws -> R
  ) async throws -> [R] {
    // The policy follows the whole run's item count, so a shard runs each item exactly as the unsharded run
    // would (same BLAS threads: bit-identical numbers).
    var planned = ExecutionPolicy.forItems(count, threads: options.threads, inner: inner)
    let checkpointsOnly = Self.checkpointsOnly
    if let memoryPerItem, !checkpointsOnly {
      planned = try MemoryBudget.fit(planned, perItem: memoryPerItem, threads: options.threads, inner: inner) {
        self.warn($0)
      }
    }
    let policy = planned
    try start(checkpointed: true)
    if count >= largestCount {
      largestCount = count
      largestPolicy = policy
    }
    BLASThreads.set(policy.blasThreads)
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
        warn("checkpoint '\(url.path)' cannot be read (\(error)); recomputing it")
      }
    }
    let pending = owned.filter { results[$0] == nil }
    if checkpointsOnly && !pending.isEmpty {
      throw ConfigError(
        "'\(phase)' has no checkpoint for \(pending.count) of its \(count) items (first: item \(pending[0]), checkpoints/\(phase)/\(String(format: "%05d", pending[0])).json); give the folders of every shard, each finished"
      )
    }
    let progress = ProgressBar(total: owned.count, label: label, quiet: options.quiet)
    progress.restore(owned.count - pending.count)
    let folder = output.directory.path
    // Ctrl-C advice names the command to resume; `dnp merge` of shards computes nothing and has no --resume.
    if !checkpointsOnly {
      Interruption.shared.install {
        Interruption.resumeAdvice(
          finished: progress.finishedItems, total: owned.count, label: label, folder: folder,
          arguments: CommandLine.arguments)
      }
    }
    defer { Interruption.shared.remove() }
    let output = self.output
    let workers = max(1, min(policy.workers, pending.count))
    do {
      try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var next = 0
        func launch() {
          guard next < pending.count else { return }
          let i = pending[next]
          next += 1
          group.addTask {
            let r: R
            do { r = try work(i, policy.innerThreads) { progress.report($0, of: i) } } catch let e as ConfigError {
              throw e
            } catch is CancellationError { throw CancellationError() } catch {
              throw NumericalFailure(phase: phase, item: i, cause: error)
            }
            try output.writeJSON(r, to: "checkpoints/\(phase)/\(String(format: "%05d", i)).json")
            return (i, r)
          }
        }
        for _ in 0..<workers { launch() }
        while let (i, r) = try await group.next() {
          results[i] = r
          progress.finishItem(i)
          launch()
        }
      }
    } catch let e as ConfigError {
      progress.finish()
      throw e
    } catch {
      progress.finish()
      throw UnfinishedRun(
        cause: error, finished: owned.filter { results[$0] != nil }.count, total: owned.count, label: label,
        folder: folder)
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
      wallTimeS: Date().timeIntervalSince(started),
      finished: ISO8601DateFormatter().string(from: Date()), warnings: warnings,
      recomputedCheckpoints: recomputed.isEmpty ? nil : recomputed)
  }

  /// Writes result.json (results + metadata), atomically. A value that is not finite is written as null,
  /// with a warning naming its keys.
  public func writeResult<R: Encodable>(_ results: R, seed: UInt64?) throws {
    try start(checkpointed: false)
    let probe = try JSONCoding.encodeResult(ResultFile(results: results, metadata: metadata(seed: seed)))
    if !probe.nonFiniteKeys.isEmpty {
      warn(
        "result.json: \(probe.count) value(s) are not finite (NaN or infinite) and are written as null: \(probe.nonFiniteKeys.joined(separator: ", "))"
      )
    }
    let encoded = try JSONCoding.encodeResult(ResultFile(results: results, metadata: metadata(seed: seed)))
    try output.write(encoded.data, to: "result.json")
  }

  /// Writes a figure's script and renders it; a missing gnuplot is a note, not a failure. Warnings so far
  /// are noted under the figure's title.
  public func plot(_ figure: GnuplotFigure) throws {
    try start(checkpointed: false)
    var figure = figure
    if !warnings.isEmpty {
      figure.note += "\\n\(warnings.count) warning(s), see result.json: curves may be incomplete"
    }
    try Gnuplot.writeAndRender(figure, into: output) { note in
      if !options.quiet { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
    }
  }

  /// A line on stderr unless --quiet.
  public func say(_ text: String) {
    if !options.quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) }
  }

  /// A warning: on stderr at once (also with --quiet) and in result.json's `metadata.warnings`.
  public func warn(_ text: String) {
    warnings.append(text)
    FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
  }

  /// The run's result line: on stdout, also with --quiet (results belong on stdout; progress on stderr).
  public func report(_ text: String) {
    print(text)
  }
}

/// A run that stopped on an error after some items were checkpointed: the cause, how many items are saved,
/// and the two ways on (resume, or delete the folder).
public struct UnfinishedRun: Error, CustomStringConvertible, @unchecked Sendable {
  public let cause: any Error
  public let finished: Int
  public let total: Int
  public let label: String
  public let folder: String

  public var description: String {
    "\(cause)\n\(finished) of \(total) \(label) finished and are saved in '\(folder)/checkpoints': rerun the same command with --resume to continue, or delete '\(folder)' to start over"
  }
}
