import Foundation

/// Runs the realizations of one or more parameter points of a model, checkpointed and in parallel: the
/// (group × realization) items are flattened into one ``RunSession/map(count:phase:label:inner:memoryPerItem:_:)``
/// (so `--shard` splits them evenly and `--resume` reuses their checkpoints), then regrouped per point and
/// summarized.
enum EnsembleRunner<Model: DNPModel> {
  static func run(
    session: RunSession, points: [ResolvedConfig], sample: Model.Sample?, phase: String, label: String
  ) async throws -> [Model.Summary] {
    var groups = [[Int]]()
    var groupOf = [String: Int]()
    for (k, c) in points.enumerated() {
      if let key = Model.sharingKey(c), let g = groupOf[key] {
        groups[g].append(k)
      } else {
        if let key = Model.sharingKey(c) { groupOf[key] = groups.count }
        groups.append([k])
      }
    }
    let fixedGroups = groups
    try Model.beforeRun(points, sample: sample, session: session)
    let checkpoints: [[Model.Checkpoint]] = try await session.mapRealizations(
      counts: groups.map { Model.realizationCount(points[$0[0]], sample: sample) }, phase: phase,
      label: label, inner: Model.inner, memoryPerItem: Model.memoryPerItem(points)
    ) { g, r, threads, report in
      try Model.realize(
        fixedGroups[g].map { points[$0] }, sample: sample, realization: r, threads: threads, report: report)
    }
    var perPoint = [[Model.Realization]](repeating: [], count: points.count)
    for (g, members) in groups.enumerated() {
      for checkpoint in checkpoints[g] {
        let records = Model.realizations(in: checkpoint)
        for (j, k) in members.enumerated() { perPoint[k].append(records[j]) }
      }
    }
    let summaries = points.enumerated().map { Model.summarize($1, sample: sample, realizations: perPoint[$0]) }
    for (k, summary) in summaries.enumerated() {
      let at = points.count > 1 ? "\(label) point \(k + 1) of \(points.count): " : ""
      for w in Model.warnings(of: summary) { session.warn(at + w) }
    }
    return summaries
  }
}

extension RunSession {
  /// The one flatten → map → regroup of the command line: item `(point, realization)` for every point and
  /// each of its `counts[point]` realizations, point-major, computed by
  /// ``map(count:phase:label:inner:memoryPerItem:_:)`` (checkpoints, resume, shards), and returned per point
  /// in realization order.
  func mapRealizations<R: Codable & Sendable>(
    counts: [Int], phase: String, label: String, inner: ExecutionPolicy.InnerParallelism = .model,
    memoryPerItem: Double? = nil,
    _ work: @escaping @Sendable (
      _ point: Int, _ realization: Int, _ innerThreads: Int, _ report: @escaping @Sendable (Double) -> Void
    ) throws -> R
  ) async throws -> [[R]] {
    let items = counts.enumerated().flatMap { k, n in (0..<n).map { (point: k, realization: $0) } }
    let results = try await map(
      count: items.count, phase: phase, label: label, inner: inner, memoryPerItem: memoryPerItem
    ) { i, threads, report in try work(items[i].point, items[i].realization, threads, report) }
    var start = 0
    return counts.map { n in
      defer { start += n }
      return Array(results[start..<(start + n)])
    }
  }
}
