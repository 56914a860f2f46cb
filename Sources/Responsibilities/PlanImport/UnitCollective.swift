// 集合称谓:“区安委会各成员单位”“各镇(景区、开发区)”“十二个专项领导小组办公室所在单位”展开为
// 名录中的集合;“有关/相关”单位(区安委会有关成员单位、有关部门、相关单位)由区安委办指定,导入时待明确。

enum UnitCollective: Sendable, Equatable {
    /// 各成员单位 / 55家区安委会成员单位 → all member units.
    case memberUnits
    /// 有关成员单位 / 各有关部门 / 相关单位: the *relevant* units, left to the office to designate (待明确).
    case toDesignate
    /// 各镇(景区、开发区) in any bracket style → all territories.
    case territories
    /// 十二个专项领导小组办公室所在单位 → the host units.
    case specialGroupHosts
    /// 各有关部门 / 有关单位: an open set; recorded as a note, not expanded.
    case unspecifiedDepartments

    /// `key` is the phrase with spaces removed and brackets folded (see `UnitResolver.key`).
    static func recognise(_ key: String) -> UnitCollective? {
        if key.contains("专项领导小组"), key.hasSuffix("所在单位") || key.hasSuffix("办公室") || key.hasSuffix("牵头单位") {
            return .specialGroupHosts
        }
        let relevant = ["有关", "相关"].contains(where: key.contains)
        let unitWords = ["单位", "部门", "镇", "景区", "开发区", "街道", "园区", "机构", "方面"]
        if relevant, unitWords.contains(where: key.hasSuffix) { return .toDesignate }
        if key.hasSuffix("成员单位") { return .memberUnits }
        let openers = ["各", "有关", "相关", "其他", "其它"]
        if openers.contains(where: key.hasPrefix) {
            if ["镇", "景区", "开发区", "街道", "乡镇", "园区"].contains(where: key.contains), !key.contains("部门") {
                return .territories
            }
            if key.hasSuffix("部门") || key.hasSuffix("单位") || key.hasSuffix("部门和单位") {
                return .unspecifiedDepartments
            }
        }
        return nil
    }
}
