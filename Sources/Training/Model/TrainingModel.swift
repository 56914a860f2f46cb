// The words of the Training domain (domain.md §9): roles, kinds of training, certificate types
// and the 11 special-operation categories of Order 30.
import Kernel

/// A person's role for training purposes in one enterprise.
public enum TrainingRole: String, Sendable, CaseIterable {
    case principalPerson, safetyManager, specialOperator, newWorker, worker

    public var label: String {
        switch self {
        case .principalPerson: return "主要负责人"
        case .safetyManager: return "安全生产管理人员"
        case .specialOperator: return "特种作业人员"
        case .newWorker: return "新上岗从业人员"
        case .worker: return "从业人员"
        }
    }
    /// Principal persons and safety managers follow the 32/12 (48/16) rule.
    public var isManager: Bool { self == .principalPerson || self == .safetyManager }
    /// Words for the shortfall explanation ("safety manager").
    public var words: String {
        switch self {
        case .principalPerson: return "principal person"
        case .safetyManager: return "safety manager"
        case .specialOperator: return "special-operation worker"
        case .newWorker: return "new worker"
        case .worker: return "worker"
        }
    }
    /// The registry's post roles and what they mean here.
    public init?(postRole: String) {
        switch postRole {
        case "principalPerson": self = .principalPerson
        case "safetyManager": self = .safetyManager
        case "specialOperator": self = .specialOperator
        case "staff": self = .worker
        default: return nil
        }
    }
}

/// What a training was for.
public enum TrainingKind: String, Sendable, CaseIterable {
    /// 初次培训 of principal persons and safety managers.
    case initial
    /// 每年再培训.
    case refresher
    /// 新上岗三级安全培训 (plant, workshop, team).
    case newWorker
    /// 调岗或离岗一年以上重新上岗的再培训.
    case retraining
}

/// The three levels of a new worker's training.
public enum TrainingLevel: String, Sendable, CaseIterable {
    case plant, workshop, team
    public var label: String { self == .plant ? "厂级" : self == .workshop ? "车间级" : "班组级" }
}

public enum CertificateType: String, Sendable, CaseIterable {
    /// 特种作业操作证 (应急管理, Order 30).
    case specialOperation
    /// 特种设备作业人员证 (市场监管): a separate type with its own periods.
    case specialEquipment
}

/// A certificate's state on a given day.
public enum CertificateStatus: String, Sendable, CaseIterable {
    case valid, reviewDue, expired, invalid
}

public enum SpecialOperationCategory {
    /// The 11 categories of Order 30's catalogue (code, label).
    public static let all: [(code: String, label: String)] = [
        ("electrical", "电工作业"),
        ("welding", "焊接与热切割作业"),
        ("workAtHeight", "高处作业"),
        ("refrigeration", "制冷与空调作业"),
        ("coalMine", "煤矿安全作业"),
        ("metalNonMetalMine", "金属非金属矿山安全作业"),
        ("oilGas", "石油天然气安全作业"),
        ("metallurgyGas", "冶金(有色)生产安全作业"),
        ("hazardousChemicals", "危险化学品安全作业"),
        ("fireworks", "烟花爆竹安全作业"),
        ("other", "应急管理部认定的其他作业"),
    ]
    public static func label(_ code: String) -> String? { all.first { $0.code == code }?.label }
}

/// How a ban came about (Law Art 94).
public enum BanKind: String, Sendable, CaseIterable {
    /// 终身不得担任本行业生产经营单位的主要负责人 (major or especially major accident).
    case lifetime
    /// Five years (a setting) from the penalty.
    case term
}
