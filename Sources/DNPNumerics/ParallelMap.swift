import Dispatch
import Foundation

/// `body(i)` for i in 0..<count on up to `threads` threads, results in index order.
///
/// Each index is computed independently and stored in its own slot, so the result does not depend on the
/// thread count or scheduling (the reproducibility rule). Work is handed out largest-first when `costs` are
/// given (long tasks first balances a few uneven sector sizes).
/// - Throws: the error of the lowest failing index.
public func parallelMap<T>(
  _ count: Int, threads: Int, costs: [Double]? = nil, _ body: (Int) throws -> T
) throws -> [T] {
  if count == 0 { return [] }
  let order = costs.map { c in (0..<count).sorted { c[$0] > c[$1] } } ?? Array(0..<count)
  let workers = max(1, min(threads, count))
  if workers == 1 { return try order.sorted().map(body) }
  let slots = UnsafeMutablePointer<Result<T, Error>?>.allocate(capacity: count)
  slots.initialize(repeating: nil, count: count)
  defer {
    slots.deinitialize(count: count)
    slots.deallocate()
  }
  let counter = TicketCounter()
  withoutActuallyEscaping(body) { body in
    let box = UncheckedBox(body: body, slots: slots)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = counter.take()
        if k >= count { return }
        let i = order[k]
        box.slots[i] = Result { try box.body(i) }
      }
    }
  }
  return try (0..<count).map { try slots[$0]!.get() }
}

/// Carries the non-Sendable closure and result slots into `concurrentPerform`; each index is written by
/// exactly one worker, so there are no data races.
private struct UncheckedBox<T>: @unchecked Sendable {
  let body: (Int) throws -> T
  let slots: UnsafeMutablePointer<Result<T, Error>?>
}

/// Hands out 0, 1, 2, … to concurrent workers (work tickets, or a count of finished work for progress).
public final class TicketCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  public init() {}
  /// The next ticket: 0 on the first call, then 1, 2, …
  public func take() -> Int {
    lock.lock()
    defer { lock.unlock() }
    next += 1
    return next - 1
  }
}
