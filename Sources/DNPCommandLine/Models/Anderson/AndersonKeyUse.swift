/// The keys each Anderson task reads: a key outside them that the user set is refused (see
/// ``ResolvedConfig/refuseUnread(except:task:)``), so nothing is silently ignored.
enum AndersonKeyUse {
  /// What a diagonalization of the lattice reads.
  static let lattice: Set<String> = [
    "size", "disorder_width", "hopping", "boundary", "electron_larmor", "realizations", "seed", "sample",
  ]

  /// The keys `task` reads (`dnp anderson <task>` as "anderson <task>", or a figure name).
  static func read(task: String) -> Set<String> {
    switch task {
    case "anderson dos", "anderson-fig2":
      return lattice.union(["dos_bins"])
    case "anderson overlap":
      return lattice.union(["overlap_bins", "overlap_half_width", "nuclear_larmor"])
    case "anderson-fig7":
      return lattice.union(["overlap_half_width"])
    default:  // P_n: polarization, sweep, anderson-fig3, anderson-fig4
      return Set(AndersonConfig.schema.keys.map(\.name)).subtracting(["dos_bins", "overlap_bins"])
    }
  }

  /// Why `task` does not read a key, for the message.
  static func reason(task: String) -> String {
    switch task {
    case "anderson dos", "anderson-fig2": return "\(task) (the density of states, eigenvalues only)"
    case "anderson overlap", "anderson-fig7": return "\(task) (eigenfunction overlaps only, no nuclear rates)"
    default: return task
    }
  }
}
