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
/// `--resume` reloads them and computes only what is missing. The configuration's fingerprint is stored in
/// `checkpoints/run.txt` so a resume with a different configuration is refused, naming the keys that differ.
/// Nothing is written before the first item is computed or the result is written, so a refusal (bad input,
/// too little memory) leaves no folder behind.
public final class RunSession: @unchecked Sendable {
  public let task: String
  public let options: RunOptions
  public let config: ResolvedConfig
  public let output: RunOutput
  private let started = Date()
  private let fingerprint: String
  private var largestPolicy = ExecutionPolicy(workers: 1, innerThreads: 1, blasThreads: 1)
  private var largestCount = 0
  private var createdFolder = false
  /// Every warning of this run: printed on stderr when it arises and recorded in result.json's metadata.
  public private(set) var warnings: [String] = []

  public init(task: String, options: RunOptions, config: ResolvedConfig) throws {
    self.task = task
    self.options = options
    self.config = config
    self.fingerprint = "task=\(task)\n" + config.fingerprint
    self.output = try RunFolder.check(options.output, resume: options.resume, fingerprint: fingerprint)
    if options.threads > ProcessInfo.processInfo.activeProcessorCount {
      warn(
        "--threads \(options.threads) is more than the \(ProcessInfo.processInfo.activeProcessorCount) cores of this machine; the extra threads only share them"
      )
    }
  }

  /// Creates the folder and the checkpoint marker on first use.
  private func start(checkpointed: Bool) throws {
    if !createdFolder {
      try output.create()
      createdFolder = true
    }
    if checkpointed && !FileManager.default.fileExists(atPath: output.url("checkpoints/run.txt").path) {
      try output.write(text: fingerprint, to: "checkpoints/run.txt")
    }
  }

  /// Computes `work(i, innerThreads)` for i in 0..<count, in parallel per the ``ExecutionPolicy``, reusing
  /// checkpoints. Results are returned in index order, so they do not depend on scheduling or thread count.
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
    var planned = ExecutionPolicy.forItems(count, threads: options.threads, inner: inner)
    if let memoryPerItem {
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
    var results = [R?](repeating: nil, count: count)
    for i in 0..<count {
      if let data = FileManager.default.contents(atPath: checkpointURL(phase, i).path) {
        results[i] = try? JSONCoding.decode(R.self, from: data)
      }
    }
    let progress = ProgressBar(total: count, label: label, quiet: options.quiet)
    progress.restore(results.compactMap { $0 }.count)
    let folder = output.directory.path
    Interruption.shared.install {
      Interruption.resumeAdvice(
        finished: progress.finishedItems, total: count, label: label, folder: folder,
        arguments: CommandLine.arguments)
    }
    defer { Interruption.shared.remove() }
    let pending = (0..<count).filter { results[$0] == nil }
    let output = self.output
    do {
      try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var next = 0
        func launch() {
          guard next < pending.count else { return }
          let i = pending[next]
          next += 1
          group.addTask {
            let r = try work(i, policy.innerThreads) { progress.report($0, of: i) }
            try output.writeJSON(r, to: "checkpoints/\(phase)/\(String(format: "%05d", i)).json")
            return (i, r)
          }
        }
        for _ in 0..<policy.workers { launch() }
        while let (i, r) = try await group.next() {
          results[i] = r
          progress.finishItem(i)
          launch()
        }
      }
    } catch {
      progress.finish()
      let finished = results.compactMap { $0 }.count
      throw ConfigError(
        "\(error)\n\(finished) of \(count) \(label) finished and are saved in '\(output.directory.path)/checkpoints': rerun the same command with --resume to continue, or delete '\(output.directory.path)' to start over"
      )
    }
    progress.finish()
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
      finished: ISO8601DateFormatter().string(from: Date()), warnings: warnings)
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

  /// Writes a figure's script and renders it; a missing gnuplot is a note, not a failure.
  /// Warnings so far are noted under the figure's title.
  public func plot(_ figure: GnuplotFigure) throws {
    try start(checkpointed: false)
    var figure = figure
    if !warnings.isEmpty {
      figure.note += " — \(warnings.count) warning(s), see result.json: curves may be incomplete"
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
