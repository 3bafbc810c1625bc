import Foundation

/// Fits a run's parallel workers to the machine's memory, before anything is computed: each worker holds one
/// item, so `workers × perItem` must fit in the physical memory (`MemTotal` of /proc/meminfo, less a tenth
/// for the system). Too many workers are reduced, with a warning; if one item alone does not fit, the run is
/// refused with the estimate and the machine's memory.
enum MemoryBudget {
  /// The machine's physical memory in bytes (`MemTotal` of /proc/meminfo; ProcessInfo elsewhere).
  static var physicalMemory: Double {
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
      let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      return kib * 1024
    }
    return Double(ProcessInfo.processInfo.physicalMemory)
  }

  /// The share of physical memory a run may plan to use.
  static let usableFraction = 0.9

  static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }

  /// The policy with as many workers as fit; `warn` is told when workers were reduced.
  static func fit(
    _ policy: ExecutionPolicy, perItem: Double, threads: Int, inner: ExecutionPolicy.InnerParallelism,
    memory: Double = physicalMemory, warn: (String) -> Void
  ) throws -> ExecutionPolicy {
    let usable = memory * usableFraction
    guard perItem <= usable else {
      throw ConfigError(
        "this run needs about \(gigabytes(perItem)) of memory per item (one realization), more than the \(gigabytes(memory)) of this machine (\(Int(usableFraction * 100))% usable); reduce the problem size ('electrons' or 'size')"
      )
    }
    let fitting = max(1, Int(usable / perItem))
    guard policy.workers > fitting else { return policy }
    warn(
      "running \(fitting) worker(s) instead of \(policy.workers): each item needs about \(gigabytes(perItem)) and this machine has \(gigabytes(memory))"
    )
    return ExecutionPolicy(workers: fitting, innerThreads: max(1, threads / fitting), blasThreads: 1)
  }
}
