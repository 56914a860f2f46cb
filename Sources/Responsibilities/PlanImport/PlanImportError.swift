// 工作要点导入的错误:每个错误一行中英文说明,便于命令行和接口直接展示。

/// Why a work plan could not be imported at all (problems inside a plan are `PlanWarning`s instead).
public enum PlanImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 文件为空或只有空白。
    case empty
    /// 不是文本:含 NUL 字节,或既不是 UTF-8 也不是 GB18030。
    case binary(String)
    /// 找不到任何可识别的任务编号((一)、1. 等)。
    case noTasks
    /// 年份不合理(导入时须给出计划所属年份)。
    case invalidYear(Int)

    public var description: String {
        switch self {
        case .empty:
            return "文件为空,没有可导入的内容 (the file is empty: nothing to import)"
        case .binary(let why):
            return "文件不是文本文件:\(why) (not a text file: UTF-8 or GB18030 expected)"
        case .noTasks:
            return "未找到可识别的任务(如“一、”“(一)”“1.”编号的条目) (no recognisable task: expected numbered items such as 一、 (一) 1.)"
        case .invalidYear(let year):
            return "年份\(year)不合理 (invalid plan year \(year): expected 1900–2200)"
        }
    }
}
