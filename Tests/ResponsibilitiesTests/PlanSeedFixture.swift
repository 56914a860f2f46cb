// 种子文档(区安全生产委员会2024年工作要点)原文: the copy built into the binary for the demo
// (Responsibilities' SeedPlan), so that tests do not depend on /work/shared. A test checks it
// still matches shared/seeds/000_e6a803d408bb7296.txt when that file is present.
import Responsibilities

enum PlanSeedFixture {
    /// The seed exactly as stored: 14 lines, no final newline.
    static let text = SeedPlan.text
}
