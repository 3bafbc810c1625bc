import Foundation

/// A one-line progress bar on stderr for runs over many realizations or sweep points. Silent when stderr is
/// not a terminal or with `--quiet`.
public final class ProgressBar: @unchecked Sendable {
  private let total: Int
  private let label: String
  private let enabled: Bool
  private let start = Date()
  private var done = 0
  private let lock = NSLock()

  public init(total: Int, label: String, quiet: Bool) {
    self.total = total
    self.label = label
    self.enabled = !quiet && isatty(STDERR_FILENO) == 1 && total > 1
  }

  /// Marks `count` more items finished (e.g. restored from checkpoints) and redraws.
  public func advance(by count: Int = 1) {
    lock.lock()
    done += count
    let d = done
    lock.unlock()
    draw(d)
  }

  public func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\n".utf8))
  }

  private func draw(_ d: Int) {
    guard enabled else { return }
    let width = 30
    let filled = total > 0 ? width * d / total : width
    let elapsed = Date().timeIntervalSince(start)
    let remaining = d > 0 ? elapsed * Double(total - d) / Double(d) : 0
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let line = "\r\(label) [\(bar)] \(d)/\(total)  \(clock(elapsed)) elapsed, ~\(clock(remaining)) left "
    FileHandle.standardError.write(Data(line.utf8))
  }

  private func clock(_ s: Double) -> String {
    let t = Int(s.rounded())
    return String(format: "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60)
  }
}
