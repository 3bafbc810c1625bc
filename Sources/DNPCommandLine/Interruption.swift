import Foundation

/// Ctrl-C during a checkpointed run: prints how many items are saved and the command that continues the
/// run, then exits with status 130 (the finished items are already on disk; the ones in flight are lost).
final class Interruption: @unchecked Sendable {
  static let shared = Interruption()
  private let lock = NSLock()
  private var source: DispatchSourceSignal?
  private var message: (@Sendable () -> String)?

  /// Handles SIGINT with `message` until ``remove()``.
  func install(_ message: @escaping @Sendable () -> String) {
    lock.lock()
    defer { lock.unlock() }
    self.message = message
    guard source == nil else { return }
    signal(SIGINT, SIG_IGN)
    let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue.global())
    s.setEventHandler { [weak self] in
      let text = self?.currentMessage() ?? "interrupted"
      FileHandle.standardError.write(Data("\n\(text)\n".utf8))
      exit(130)
    }
    s.resume()
    source = s
  }

  /// Restores the default Ctrl-C behaviour.
  func remove() {
    lock.lock()
    defer { lock.unlock() }
    source?.cancel()
    source = nil
    message = nil
    signal(SIGINT, SIG_DFL)
  }

  private func currentMessage() -> String? {
    lock.lock()
    defer { lock.unlock() }
    return message?()
  }

  /// "interrupted: 5 of 16 realizations are saved in 'DIR/checkpoints'; continue with: dnp … --resume".
  static func resumeAdvice(finished: Int, total: Int, label: String, folder: String, arguments: [String])
    -> String
  {
    var words = ["dnp"] + arguments.dropFirst()
    if !words.contains("--resume") { words.append("--resume") }
    let command = words.map(shellQuoted).joined(separator: " ")
    return
      "interrupted: \(finished) of \(total) \(label) are saved in '\(folder)/checkpoints'; continue the run with:\n  \(command)"
  }

  static func shellQuoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "-_=./:,+@%".unicodeScalars.contains($0)
    }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
