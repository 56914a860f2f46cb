// The plan's text comes from anyone with the office's token (`POST .../plans`, up to 200 000
// characters): whatever it holds, the importer answers (a plan, or an import error) and never
// traps. Texts made of the characters the parser looks at (numbering, brackets, dates, clause
// words), cut and spliced from the seed, are all read to the end.
import Kernel
import XCTest
@testable import Responsibilities

final class PlanImportRobustnessTests: XCTestCase {
    static let alphabet: [String] = Array("一二三四五六七八九十零〇两()（）〔〕【】①⑳、.,，;；:：0123456789年月日底前上下半季度每第个旬责任单位牵头配合协同会同分工负责各有关镇景区开发区 \u{3000}\t\n\r").map(String.init)
        + ["区安委办", "区住建局", "12月底前", "每季度", "(责任单位:", "牵头,", "分工负责)", "2月底前", "年底前", "一、", "(一)", "1.", "\n"]

    func testAnyTextIsReadToTheEndWithoutATrap() throws {
        var random = SeededRandom(seed: 20_241_215)
        let seed = Array(PlanSeedFixture.text)
        for round in 0..<2000 {
            var text = ""
            switch round % 3 {
            case 0:
                for _ in 0..<random.below(120) { text += random.pick(Self.alphabet) }
            case 1:
                let start = random.below(seed.count), length = random.below(400)
                text = String(seed[start..<min(seed.count, start + length)])
                for _ in 0..<random.below(6) { text.insert(contentsOf: random.pick(Self.alphabet), at: text.index(text.startIndex, offsetBy: random.below(text.count + 1))) }
            default:
                for _ in 0..<random.below(30) {
                    let start = random.below(seed.count)
                    text += String(seed[start..<min(seed.count, start + random.below(40))]) + random.pick(Self.alphabet)
                }
            }
            do {
                _ = try PlanDrafter.draft(text: text, year: 2024, sourceName: "fuzz", importDate: CalendarDate(year: 2024, month: 1, day: 5)!,
                                          directory: PlanTestDirectory.directory)
            } catch is DomainError {
                continue  // an import error with its message: an answer
            }
        }
    }
}
