// 测试用名录:种子文档中出现的单位,另加几个成员单位、三个属地和两个专项领导小组办公室所在单位。
@testable import Responsibilities

enum PlanTestDirectory {
    static let office: Int64 = 1
    static let fireOffice: Int64 = 2
    static let organisation: Int64 = 3
    static let publicity: Int64 = 4
    static let development: Int64 = 5
    static let performance: Int64 = 6
    static let establishment: Int64 = 7
    static let housing: Int64 = 8
    static let transport: Int64 = 9

    static let directory = UnitDirectory(
        units: [
            .init(id: office, name: "区安全生产委员会办公室"),
            .init(id: fireOffice, name: "区消防安全委员会办公室"),
            .init(id: organisation, name: "区工委组织部"),
            .init(id: publicity, name: "区工委宣传部"),
            .init(id: development, name: "区发改局", aliases: ["区发展和改革局"]),
            .init(id: performance, name: "区绩效办"),
            .init(id: establishment, name: "区工委编办"),
            .init(id: housing, name: "区住房和城乡建设局", aliases: ["区住建局"]),
            .init(id: transport, name: "区交通运输局"),
        ],
        territories: [
            .init(id: 101, name: "东城镇"),
            .init(id: 102, name: "西山景区"),
            .init(id: 103, name: "经济开发区"),
        ],
        specialGroupHostUnitIDs: [housing, transport])

    static var memberIDs: Set<Int64> { Set(directory.units.map(\.id)) }
    static var territoryIDs: Set<Int64> { Set(directory.territories.map(\.id)) }
}

extension Array where Element == ResolvedUnit {
    /// ids having `role`.
    func ids(_ role: UnitRole) -> Set<Int64> { Set(filter { $0.role == role }.map(\.id)) }
}
