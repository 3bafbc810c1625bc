import Foundation
import ZenoLocalization

enum ZenoFigures {
  static let recipes: [FigureRecipe] = []
}
