// A page: a method and a path under `/`, who may open it, and what it answers. A signed-in page
// names the API route it stands on: it is open to exactly the roles that route admits (the page
// never promises more than the API would do for the user, nor hides what it would).
import HTTP
import Kernel

/// Who may open a page.
enum PageAccess: Sendable {
    /// Anyone, signed in or not (sign-in, the public tip-off pages, assets).
    case open
    /// A signed-in user whose role the API route (`"GET /api/v1/hazards"`) admits; nil: any user.
    case signedIn(standsOn: String?)
}

struct WebPage: Sendable {
    var method: String
    var path: String
    var access: PageAccess
    var handler: @Sendable (PageContext) throws -> Response

    init(_ method: String, _ path: String, _ access: PageAccess, _ handler: @escaping @Sendable (PageContext) throws -> Response) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }
}

/// A page that cannot be shown: its status and, in Chinese, why.
struct PageFailure: Error {
    var status: Int
    var message: String

    static func from(_ reply: APIReply) -> PageFailure {
        switch reply.status {
        case 401: return PageFailure(status: 401, message: "请先登录。")
        case 403: return PageFailure(status: 403, message: "您的账户无权进行此操作。")
        case 404: return PageFailure(status: 404, message: "未找到该记录，或您无权查看。")
        default: return PageFailure(status: reply.status, message: reply.problem)
        }
    }
}
