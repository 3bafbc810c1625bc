/// A physical dimension that a user-facing value must carry (SPEC §1).
public enum PhysicalDimension: String, Sendable, CaseIterable {
  case frequency, time, temperature, concentration, magneticField, length

  /// The accepted unit symbols and their factor to the internal unit: rad/s for frequencies (a frequency
  /// "x MHz" means ω = 2π·x·10⁶ rad/s), s, K, mol/m³ (1 mM = 1 mol/m³), T, m.
  public var units: [(symbol: String, factor: Double)] {
    let twoPi = 2 * Double.pi
    switch self {
    case .frequency:
      return [("Hz", twoPi), ("kHz", twoPi * 1e3), ("MHz", twoPi * 1e6), ("GHz", twoPi * 1e9), ("rad/s", 1)]
    case .time: return [("s", 1), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("ns", 1e-9)]
    case .temperature: return [("K", 1), ("mK", 1e-3)]
    case .concentration: return [("M", 1e3), ("mM", 1), ("uM", 1e-3), ("µM", 1e-3)]
    case .magneticField: return [("T", 1), ("mT", 1e-3)]
    case .length: return [("m", 1), ("nm", 1e-9), ("A", 1e-10), ("Å", 1e-10)]
    }
  }

  /// An example value, quoted as a config file writes it.
  public var example: String {
    switch self {
    case .frequency: return "\"54 MHz\""
    case .time: return "\"1 us\""
    case .temperature: return "\"1.2 K\""
    case .concentration: return "\"15 mM\""
    case .magneticField: return "\"3.35 T\""
    case .length: return "\"2 nm\""
    }
  }

  /// `a number and a unit (Hz, kHz, MHz, GHz, rad/s)`.
  public var unitForm: String { "a number and a unit (\(units.map(\.symbol).joined(separator: ", ")))" }

  /// The accepted form, for error messages: e.g. `a number and a unit (Hz, kHz, MHz, GHz, rad/s), e.g. "54 MHz"`.
  public var acceptedForm: String { "\(unitForm), e.g. \(example)" }
}

/// Why a quantity string was rejected.
public struct UnitParseError: Error, Equatable, CustomStringConvertible, Sendable {
  public let text: String
  public let dimension: PhysicalDimension
  public let reason: String
  public var description: String {
    "\"\(text)\" is not a \(dimension.rawValue): \(reason); expected \(dimension.acceptedForm)"
  }
}

/// A parsed quantity: the value in internal units and the text it came from.
public struct Quantity: Sendable, Equatable {
  public let value: Double
  public let text: String

  /// Parses `"<number> <unit>"` (the space is optional) for the given dimension.
  /// A bare number, an unknown unit or a unit of another dimension is an error.
  public init(parsing text: String, as dimension: PhysicalDimension) throws {
    let trimmed = text.trimmingCharacters(in: " \t")
    var numberEnd = trimmed.startIndex
    for (offset, ch) in trimmed.enumerated() {
      let isNumberChar =
        ch.isNumber || ch == "." || ch == "+" || ch == "-"
        || ((ch == "e" || ch == "E") && offset > 0
          && trimmed.dropFirst(offset + 1).first.map {
            $0.isNumber || $0 == "-" || $0 == "+"
          } == true)
      if !isNumberChar { break }
      numberEnd = trimmed.index(after: numberEnd)
    }
    let numberText = String(trimmed[..<numberEnd])
    let unitText = trimmed[numberEnd...].trimmingCharacters(in: " \t")
    guard let number = Double(numberText), number.isFinite else {
      throw UnitParseError(text: text, dimension: dimension, reason: "no number at the start")
    }
    guard !unitText.isEmpty else {
      throw UnitParseError(text: text, dimension: dimension, reason: "the unit is missing")
    }
    guard let unit = dimension.units.first(where: { $0.symbol == unitText }) else {
      let other = PhysicalDimension.allCases.first { d in d.units.contains { $0.symbol == unitText } }
      let reason =
        other.map { "\"\(unitText)\" is a unit of \($0.rawValue)" } ?? "unknown unit \"\(unitText)\""
      throw UnitParseError(text: text, dimension: dimension, reason: reason)
    }
    self.value = number * unit.factor
    self.text = trimmed
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
