import Foundation

/// A one-line progress bar on stderr for runs over many realizations or sweep points: percentage, count,
/// elapsed time and an estimate of the time left. Silent when stderr is not a terminal or with `--quiet`.
///
/// - The estimate uses only the items finished in this session (items restored from checkpoints took no
///   time now), and is shown as "estimating…" until one has finished.
/// - The clock ticks every second, not only when an item finishes.
/// - The line fits the terminal's width (narrower terminals drop the bar, then the label).
/// - Long items may report their finished fraction (``report(_:of:)``), so even one realization shows
///   progress.
public final class ProgressBar: @unchecked Sendable {
  private let total: Int
  private let label: String
  private let enabled: Bool
  private let start = Date()
  private var done = 0
  private var restored = 0
  /// The finished fraction of items still running, by index (reported from inside long items).
  private var partial = [Int: Double]()
  private var finished = false
  private let lock = NSLock()
  private var timer: DispatchSourceTimer?

  public init(total: Int, label: String, quiet: Bool) {
    self.total = total
    self.label = label
    self.enabled = !quiet && isatty(STDERR_FILENO) == 1
    if enabled {
      let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
      t.schedule(deadline: .now() + 1, repeating: 1)
      t.setEventHandler { [weak self] in self?.redraw() }
      t.resume()
      timer = t
    }
  }

  deinit { timer?.cancel() }

  /// Marks `count` items as restored from checkpoints (they do not count towards the time estimate).
  public func restore(_ count: Int) {
    lock.lock()
    done += count
    restored += count
    lock.unlock()
    redraw()
  }

  /// Marks `count` more items finished in this session and redraws.
  public func advance(by count: Int = 1) {
    lock.lock()
    done += count
    lock.unlock()
    redraw()
  }

  /// Marks item `index` finished (its partial progress ends) and redraws.
  public func finishItem(_ index: Int) {
    lock.lock()
    done += 1
    partial[index] = nil
    lock.unlock()
    redraw()
  }

  /// The finished fraction of item `index`, still running; the next tick of the clock shows it.
  public func report(_ fraction: Double, of index: Int) {
    lock.lock()
    partial[index] = min(max(fraction, 0), 1)
    lock.unlock()
  }

  /// The items finished so far (restored ones included).
  public var finishedItems: Int {
    lock.lock()
    defer { lock.unlock() }
    return done
  }

  public func finish() {
    timer?.cancel()
    timer = nil
    lock.lock()
    let wasFinished = finished
    finished = true
    lock.unlock()
    guard enabled, !wasFinished else { return }
    FileHandle.standardError.write(Data("\n".utf8))
  }

  private func redraw() {
    guard enabled else { return }
    lock.lock()
    let (d, r, over) = (done, restored, finished)
    let running = partial.values.reduce(0, +)
    lock.unlock()
    guard !over else { return }
    let line = Self.line(
      label: label, done: d, restored: r, total: total, elapsed: Date().timeIntervalSince(start),
      width: Self.terminalWidth(), running: running)
    FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
  }

  /// The progress line for a terminal `width` columns wide (without the leading carriage return).
  /// - Parameter running: the summed finished fractions of the items still running.
  static func line(
    label: String, done: Int, restored: Int, total: Int, elapsed: Double, width: Int, running: Double = 0
  ) -> String {
    let progressed = Double(done) + running
    let percent = total > 0 ? Int(100 * progressed / Double(total)) : 100
    let fresh = progressed - Double(restored)
    let left: String
    if done >= total {
      left = "done"
    } else if fresh > 0.005 {
      left = "~\(clock(elapsed * (Double(total) - progressed) / fresh)) left"
    } else {
      left = "estimating…"
    }
    let status = "\(percent)% \(done)/\(total)  \(clock(elapsed)) elapsed, \(left)"
    let columns = max(20, width) - 1
    let fixed = label.count + status.count + 4  // "label [" + "] " + status
    let barWidth = min(30, columns - fixed)
    if barWidth >= 10 {
      let filled = total > 0 ? min(barWidth, Int(Double(barWidth) * progressed / Double(total))) : barWidth
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
      return "\(label) [\(bar)] \(status)"
    }
    if label.count + 1 + status.count <= columns { return "\(label) \(status)" }
    return String(status.prefix(columns))
  }

  /// The width of the terminal on stderr (80 if unknown).
  static func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }

  static func clock(_ s: Double) -> String {
    let t = Int(s.rounded())
    return String(format: "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60)
  }
}
