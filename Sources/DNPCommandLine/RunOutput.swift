import Foundation

/// The output folder of one run: every file is written atomically (temporary file, then rename), so an
/// interrupted run never leaves a half-written result.
public struct RunOutput: Sendable {
  public let directory: URL

  public init(path: String) { directory = URL(fileURLWithPath: path, isDirectory: true) }

  public func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  /// Creates the folder (and parents) if needed.
  public func create() throws {
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw IOFailure("cannot create output folder", path: directory.path, cause: error)
    }
  }

  /// Writes `data` to `name` inside the folder via a temporary file and an atomic rename.
  public func write(_ data: Data, to name: String) throws {
    let target = url(name)
    do {
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw IOFailure("cannot create folder", path: target.deletingLastPathComponent().path, cause: error)
    }
    let temporary = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try data.write(to: temporary)
      // POSIX rename replaces the target atomically.
      guard rename(temporary.path, target.path) == 0 else {
        throw POSIXFailure()
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw IOFailure("cannot write", path: target.path, cause: error)
    }
  }

  public func write(text: String, to name: String) throws { try write(Data(text.utf8), to: name) }

  /// Pretty, key-sorted JSON.
  public func writeJSON<T: Encodable>(_ value: T, to name: String) throws {
    try write(try JSONCoding.encode(value), to: name)
  }

  /// A CSV table with a header line; numbers are written with full precision.
  public func writeCSV(_ table: CSVTable, to name: String) throws { try write(text: table.text, to: name) }
}

/// One CSV table: a header and rows of numbers (or text).
public struct CSVTable: Sendable {
  public var header: [String]
  public var rows: [[String]] = []
  public init(header: [String]) { self.header = header }
  public mutating func append(_ values: [Double]) { rows.append(values.map { "\($0)" }) }
  public mutating func append(text values: [String]) { rows.append(values) }
  public var text: String {
    ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
  }
}

/// The JSON conventions of every file DNPKit writes and reads.
public enum JSONCoding {
  public static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(value)
  }

  /// result.json's encoding: like ``encode(_:)``, but a non-finite number becomes `null` (JSON has no NaN);
  /// returns the keys where that happened (an array element is named by its array's key) and how many.
  public static func encodeResult<T: Encodable>(_ value: T) throws -> (
    data: Data, nonFiniteKeys: [String], count: Int
  ) {
    let marker = "__dnp_non_finite__"
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .custom { path in ReportKey.Key(stringValue: ReportKey.name(path.last!.stringValue)) }
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: marker, negativeInfinity: marker, nan: marker)
    let text = String(decoding: try encoder.encode(value), as: UTF8.self)
    guard text.contains(marker) else { return (Data(text.utf8), [], 0) }
    var keys = [String](), count = 0, arrayKeys = [String]()
    var lines = [String]()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(line)
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let key = trimmed.hasPrefix("\"") ? String(trimmed.dropFirst().prefix { $0 != "\"" }) : nil
      if trimmed.hasSuffix("[") { arrayKeys.append(key ?? arrayKeys.last ?? "?") }
      if trimmed.hasPrefix("]") { _ = arrayKeys.popLast() }
      if line.contains("\"\(marker)\"") {
        count += 1
        let name = trimmed.hasPrefix("\"\(marker)") ? (arrayKeys.last ?? "?") : (key ?? "?")
        if !keys.contains(name) { keys.append(name) }
        line = line.replacingOccurrences(of: "\"\(marker)\"", with: "null")
      }
      lines.append(line)
    }
    return (Data(lines.joined(separator: "\n").utf8), keys, count)
  }

  public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(type, from: data)
  }
}

/// "0.123456 ± 0.000123" for a mean and a standard deviation over n samples, or "0.123456 (n = 1)" when there
/// is only one sample and so no spread to report.
func spread(
  _ mean: Double, _ std: Double, n: Int, digits: Int = 6, meanFormat: String? = nil, stdFormat: String? = nil
) -> String {
  let m = String(format: meanFormat ?? "%.\(digits)f", mean)
  return n > 1 ? m + " ± " + String(format: stdFormat ?? "%.\(digits)f", std) : m + " (n = 1)"
}
