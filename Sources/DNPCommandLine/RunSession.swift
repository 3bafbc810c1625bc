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
/// `checkpoints/run.txt` so a resume with a different configuration is refused.
public final class RunSession: @unchecked Sendable {
  public let task: String
  public let options: RunOptions
  public let config: ResolvedConfig
  public let output: RunOutput
  private let started = Date()
  private var largestPolicy = ExecutionPolicy(workers: 1, innerThreads: 1, blasThreads: 1)
  private var largestCount = 0

  public init(task: String, options: RunOptions, config: ResolvedConfig) throws {
    self.task = task
    self.options = options
    self.config = config
    self.output = RunOutput(path: options.output)
    let fingerprint = "task=\(task)\n" + config.fingerprint
    let marker = output.url("checkpoints/run.txt")
    let fm = FileManager.default
    if let previous = fm.contents(atPath: marker.path).flatMap({ String(data: $0, encoding: .utf8) }) {
      guard options.resume else {
        throw ConfigError(
          "output folder '\(options.output)' already holds a run; pass --resume to continue it or choose another --output"
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
  }

  /// Computes `work(i, innerThreads)` for i in 0..<count, in parallel per the ``ExecutionPolicy``, reusing
  /// checkpoints. Results are returned in index order, so they do not depend on scheduling or thread count.
  public func map<R: Codable & Sendable>(
    count: Int, phase: String, label: String, inner: ExecutionPolicy.InnerParallelism = .model,
    _ work: @escaping @Sendable (_ index: Int, _ innerThreads: Int) throws -> R
  ) async throws -> [R] {
    let policy = ExecutionPolicy.forItems(count, threads: options.threads, inner: inner)
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
    progress.advance(by: results.compactMap { $0 }.count)
    let pending = (0..<count).filter { results[$0] == nil }
    let output = self.output
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
      var next = 0
      func launch() {
        guard next < pending.count else { return }
        let i = pending[next]
        next += 1
        group.addTask {
          let r = try work(i, policy.innerThreads)
          try output.writeJSON(r, to: "checkpoints/\(phase)/\(String(format: "%05d", i)).json")
          return (i, r)
        }
      }
      for _ in 0..<policy.workers { launch() }
      while let (i, r) = try await group.next() {
        results[i] = r
        progress.advance()
        launch()
      }
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
      finished: ISO8601DateFormatter().string(from: Date()))
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

  /// A line on stderr unless --quiet.
  public func say(_ text: String) {
    if !options.quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) }
  }
}
