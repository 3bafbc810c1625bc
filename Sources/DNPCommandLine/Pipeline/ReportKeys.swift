/// The one naming rule of result.json's keys: a Swift property name in camelCase becomes snake_case, a run of
/// capitals is one word (`nuclearPolarizationGOEStd` → `nuclear_polarization_goe_std`), and a unit keeps its
/// case (`bandMinimumMHz` → `band_minimum_MHz`, `inverseTemperaturePerK` → `inverse_temperature_per_K`).
///
/// Report types therefore name their properties after their keys and write no `CodingKeys`. A key that is
/// already snake_case (an explicit `CodingKeys` value, a config key, a dictionary key) is left as it is.
/// Checkpoints are not renamed (``JSONCoding/encode(_:)``), so their types keep their own keys.
enum ReportKey {
  /// Units written with their own capitals.
  static let units = ["MHz", "GHz", "K"]

  static func name(_ property: String) -> String {
    guard !property.contains("_"), property.contains(where: \.isUppercase) else { return property }
    let chars = Array(property)
    var words = [String](), current = ""
    func flush() {
      if !current.isEmpty { words.append(current) }
      current = ""
    }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c.isUppercase {
        if let unit = units.first(where: { unit in
          let end = i + unit.count
          return end <= chars.count && String(chars[i..<end]) == unit
            && (end == chars.count || chars[end].isUppercase)
        }) {
          flush()
          words.append(unit)
          i += unit.count
          continue
        }
        let previous = i > 0 ? chars[i - 1] : nil
        let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
        if previous.map({ $0.isLowercase || $0.isNumber }) == true
          || (previous?.isUppercase == true && nextIsLower)
        {
          flush()
        }
      }
      current.append(c)
      i += 1
    }
    flush()
    return words.map { units.contains($0) ? $0 : $0.lowercased() }.joined(separator: "_")
  }

  /// The key strategy of result.json.
  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
