import Foundation
import Testing

/// `make bench` works from a clone in a folder of any name: SwiftPM names the `.package(path: "..")`
/// dependency after that folder, so the benchmark manifest must read it (`mainPackage`), never spell it.
@Test func benchmarkManifestDoesNotAssumeTheCloneFolderName() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let manifest = try String(
    contentsOf: root.appendingPathComponent("Benchmarks/Package.swift"), encoding: .utf8)
  let products = manifest.components(separatedBy: ".product(").dropFirst()
  #expect(products.count >= 4)
  for product in products where !product.contains("package: \"benchmark\"") {
    #expect(
      product.contains("package: mainPackage"), "a product of the main package named by folder: \(product.prefix(60))")
  }
}
