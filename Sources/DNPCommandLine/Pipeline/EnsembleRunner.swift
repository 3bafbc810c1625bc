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
    var items = [(group: Int, realization: Int)]()
    for (g, members) in groups.enumerated() {
      for r in 0..<Model.realizationCount(points[members[0]], sample: sample) { items.append((g, r)) }
    }
    let work = items, fixedGroups = groups
    try Model.beforeRun(points, sample: sample, session: session)
    let checkpoints: [Model.Checkpoint] = try await session.map(
      count: work.count, phase: phase, label: label, inner: Model.inner,
      memoryPerItem: Model.memoryPerItem(points)
    ) { i, threads, report in
      let (g, r) = work[i]
      return try Model.realize(
        fixedGroups[g].map { points[$0] }, sample: sample, realization: r, threads: threads, report: report)
    }
    var perPoint = [[Model.Realization]](repeating: [], count: points.count)
    for (i, item) in work.enumerated() {
      let records = Model.realizations(in: checkpoints[i])
      for (j, k) in fixedGroups[item.group].enumerated() { perPoint[k].append(records[j]) }
    }
    let summaries = points.enumerated().map { Model.summarize($1, sample: sample, realizations: perPoint[$0]) }
    for (k, summary) in summaries.enumerated() {
      let at = points.count > 1 ? "\(label) point \(k + 1) of \(points.count): " : ""
      for w in Model.warnings(of: summary) { session.warn(at + w) }
    }
    return summaries
  }
}
