import ArgumentParser
import Foundation

/// `dnp anderson …`: the Anderson free-fermion model of the AF paper. (Being filled in.)
struct AndersonCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "anderson", abstract: "Free fermions on a 3D Anderson lattice (AF paper).", subcommands: [])
}
