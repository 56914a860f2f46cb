import Kernel

extension SupervisionDemo {
    static func loadLadder(_ base: Core, territories: [Int64]) throws {}
}
