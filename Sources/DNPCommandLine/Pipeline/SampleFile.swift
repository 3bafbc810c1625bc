import Foundation

/// Reading an explicit sample file (the `sample` key), shared by the models: the JSON decoded into the model's
/// file type, and the size checked against the schema's accepted `electrons`.
enum SampleFile {
  /// The file at `path` decoded as `T`; a missing file or another shape is refused, `shape` saying what it
  /// must hold.
  static func decode<T: Decodable>(_ type: T.Type, path: String, shape: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError("key 'sample': cannot read '\(path)'")
    }
    do { return try JSONDecoder().decode(T.self, from: data) } catch {
      throw ConfigError("key 'sample': '\(path)' must be a JSON object with \(shape)")
    }
  }

  /// Refuses a sample of `electrons` spins outside the schema's range of `electrons`, or an inconsistent one.
  static func check(electrons: Int, inconsistency: String?, path: String, schema: ConfigSchema) throws {
    if let problem = inconsistency {
      throw ConfigError("key 'sample': '\(path)' is inconsistent: \(problem)")
    }
    let range = schema.key("electrons")!.range!
    guard range.contains(Double(electrons)) else {
      throw ConfigError(
        "key 'sample': '\(path)' has \(electrons) electrons; expected \(format(range.lowerBound)) to \(format(range.upperBound)) (the accepted range of N)"
      )
    }
  }
}
