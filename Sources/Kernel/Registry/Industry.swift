// Industries of enterprises. The five high-risk ones (domain.md §2, §6) carry stricter rules.

public enum Industry {
    /// Code, Chinese label, and whether it is one of the five high-risk industries.
    public static let all: [(code: String, label: String, highRisk: Bool)] = [
        ("coal", "煤矿", true),
        ("nonCoalMining", "非煤矿山", true),
        ("hazardousChemicals", "危险化学品", true),
        ("fireworks", "烟花爆竹", true),
        ("metalSmelting", "金属冶炼", true),
        ("construction", "建筑施工", false),
        ("manufacturing", "工贸制造", false),
        ("transport", "交通运输", false),
        ("gas", "燃气", false),
        ("tourism", "文化旅游", false),
        ("education", "教育", false),
        ("healthcare", "医疗卫生", false),
        ("commerce", "商贸", false),
        ("specialEquipment", "特种设备使用", false),
        ("agriculture", "农业", false),
        ("other", "其他", false),
    ]

    public static func isHighRisk(_ code: String) -> Bool { all.first { $0.code == code }?.highRisk ?? false }
    public static func label(_ code: String) -> String { all.first { $0.code == code }?.label ?? code }
}
