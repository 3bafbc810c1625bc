/// Keys that mean the same in every model's configuration, declared once.
extension ConfigKey {
  static let temperature = ConfigKey(
    "temperature", .quantity(.temperature), default: .string("1.2 K"), range: 1e-3...1e4,
    help: "bath temperature")
  static let t1e = ConfigKey(
    "t1e", .quantity(.time), default: .string("1 s"), range: 1e-12...1e6, help: "electron T1e")
  static let t2e = ConfigKey(
    "t2e", .quantity(.time), default: .string("1 us"), range: 1e-12...1e6, help: "electron T2e")
  static let seed = ConfigKey(
    "seed", .integer, default: .number(1), range: 0...9.007e15,
    help: "random seed; realization r draws from the stream (seed, r)")
}
