import Foundation

/// One shard of a run: the items `i` with `i mod count == index` of every checkpointed phase.
///
/// Realization r still draws from the random stream (seed, r), so the shards of a run together hold exactly the
/// checkpoints of the unsharded run, and `dnp merge` rebuilds its result bit for bit.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// K, from 0 to `count − 1`.
  public let index: Int
  /// N, the number of shards.
  public let count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Whether item `i` belongs to this shard.
  public func owns(_ item: Int) -> Bool { item % count == index }

  /// "K/N".
  public var description: String { "\(index)/\(count)" }

  /// The accepted forms, for messages.
  static let acceptedForm =
    "K/N with 0 ≤ K < N (e.g. --shard 0/4), or 'slurm' inside a SLURM job array (--array=0-3)"

  /// Parses `--shard`: `K/N`, or `slurm` read from the job array's environment (`SLURM_ARRAY_TASK_ID` and
  /// `SLURM_ARRAY_TASK_COUNT`, or `SLURM_ARRAY_TASK_MIN`/`_MAX`; K counts from the array's first index).
  public static func parse(_ text: String, environment: [String: String]) throws -> Shard {
    if text.lowercased() == "slurm" { return try fromSLURM(environment) }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
      let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 1, n <= 1_000_000, k >= 0, k < n
    else {
      throw ConfigError("--shard '\(text)': expected \(acceptedForm)")
    }
    return Shard(index: k, count: n)
  }

  static func fromSLURM(_ env: [String: String]) throws -> Shard {
    func integer(_ name: String) throws -> Int? {
      guard let text = env[name] else { return nil }
      guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
        throw ConfigError("--shard slurm: \(name)='\(text)' is not a whole number")
      }
      return value
    }
    guard let id = try integer("SLURM_ARRAY_TASK_ID") else {
      throw ConfigError(
        "--shard slurm: SLURM_ARRAY_TASK_ID is not set, so this is not a task of a SLURM job array; submit with sbatch --array=0-(N-1), or give --shard K/N"
      )
    }
    if let step = try integer("SLURM_ARRAY_TASK_STEP"), step != 1 {
      throw ConfigError(
        "--shard slurm: the job array has step \(step); use a contiguous array (--array=0-(N-1)) so every shard runs"
      )
    }
    let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
    let count: Int
    if let c = try integer("SLURM_ARRAY_TASK_COUNT") {
      if let maximum = try integer("SLURM_ARRAY_TASK_MAX"), maximum - minimum + 1 != c {
        throw ConfigError(
          "--shard slurm: the job array has \(c) tasks numbered \(minimum) to \(maximum), so it has gaps and some shards would never run; use a contiguous array (--array=0-\(c - 1))"
        )
      }
      count = c
    } else if let maximum = try integer("SLURM_ARRAY_TASK_MAX") {
      count = maximum - minimum + 1
    } else {
      throw ConfigError(
        "--shard slurm: neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is set, so the array's size is unknown; give --shard K/N"
      )
    }
    let k = id - minimum
    guard count >= 1, k >= 0, k < count else {
      throw ConfigError(
        "--shard slurm: task \(id) does not fit an array of \(count) tasks starting at \(minimum); use a contiguous array (--array=0-(N-1))"
      )
    }
    return Shard(index: k, count: count)
  }
}

/// Not a failure: a sharded run has computed and checkpointed its own items. The task stops here (its result
/// needs every shard) and `dnp` exits with status 0; `dnp merge` combines the shards.
public struct ShardCompleted: Error, CustomStringConvertible, Sendable {
  public let shard: Shard
  public let computed: Int
  public let owned: Int
  public let output: String

  public var description: String {
    "shard \(shard): \(owned) items (\(computed) computed now) checkpointed in \(output); when every shard has finished, combine them with: dnp merge SHARD_DIR… --output DIR"
  }
}
