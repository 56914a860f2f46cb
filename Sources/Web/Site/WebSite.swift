// The pages of 安委工作台, served beside the API by the same router: sessions, CSRF, access by the
// API's own route declarations, security headers, the failure pages, the embedded assets.
import Foundation
import HTTP
import Kernel

public struct WebSite: Sendable {
    let core: Core
    let api: APICaller
    /// Who each API route admits, by `"METHOD /path/template"`.
    let access: [String: RouteAccess]
    /// Each API route's declaration, by `"METHOD /path/template"`: forms are made from what it takes.
    let declarations: [String: APIRoute]
    /// The templates of every GET page (for linking an API path to its page when there is one).
    let pageTemplates: [[String]]
    let pages: [WebPage]

    static let sessionCookie = "anwei_session"
    static let preSessionCookie = "anwei_pre"

    /// - Parameters:
    ///   - routes: every API route (their declarations say who may do what).
    ///   - api: the API's router handler, called in-process for every read and action a page makes.
    public init(core: Core, routes: [APIRoute], api: @escaping Handler) {
        self.core = core
        self.api = APICaller(handler: api)
        var access: [String: RouteAccess] = [:]
        for route in routes { access["\(route.method) \(route.path)"] = route.access }
        self.access = access
        self.declarations = Dictionary(routes.map { ("\($0.method) \($0.path)", $0) }, uniquingKeysWith: { first, _ in first })
        let pages = WebSite.allPages()
        self.pages = pages
        self.pageTemplates = pages.filter { $0.method == "GET" }.map { WebSite.segments($0.path) }
    }

    /// Every page, module by module: to add a page, add it to its module's list (or a new module's).
    static func allPages() -> [WebPage] {
        AssetPages.pages + SessionPages.pages + HomePage.pages + HazardPages.pages + HazardDashboardPage.pages + HazardReportPages.pages + TipOffTriagePages.pages + TipOffPublicPages.pages
            + TrainingPages.pages + ConsultationPages.pages
            + SupervisionPages.pages
            + PrintPages.pages + SystemPages.all
            + ResponsibilityPages.pages
    }

    /// Adds every page to `router` (the API's, so that the access log and metrics see them too).
    public func mount(on router: Router) {
        for page in pages {
            router.add(page.method, page.path) { request in self.serve(page, request) }
        }
    }

    /// The fields the API route `"METHOD /path"` takes in its body (none when it is unknown).
    func body(_ route: String) -> [FieldSpec] { declarations[route]?.body?.fields ?? [] }
    /// The query fields the API route `"METHOD /path"` takes.
    func params(_ route: String) -> [FieldSpec] { declarations[route]?.params.fields ?? [] }

    /// Whether `actor`'s role may call the API route `"METHOD /path"` (an unknown route: no one).
    func admits(_ route: String, _ actor: Actor?) -> Bool {
        guard let access = access[route] else { return false }
        switch access {
        case .open: return true
        case .roles(let roles): return actor.map { roles.contains($0.role) } ?? false
        }
    }

    /// The page for an API path (`/api/v1/hazards/12` → `/hazards/12`) when one exists, else nil.
    func pagePath(forAPI link: String?) -> String? {
        guard let link, link.hasPrefix("/api/v1/") else { return nil }
        let path = String(link.dropFirst("/api/v1".count))
        // A link's query (`…/compliance?quarter=2024-Q2`) goes along to the page; the path alone is matched.
        let parts = WebSite.segments(String(path.prefix { $0 != "?" }))
        let found = pageTemplates.contains { template in
            template.count == parts.count && zip(template, parts).allSatisfy { pattern, part in
                if pattern.hasSuffix(":int}") { return Int64(part) != nil }
                return pattern == part
            }
        }
        return found ? path : nil
    }

    static func segments(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    // MARK: - Serving a page

    func serve(_ page: WebPage, _ request: Request) -> Response {
        let cookies = Cookies.parse(request)
        let secure = request.headers["X-Forwarded-Proto"]?.lowercased() == "https"
        var token = cookies[WebSite.sessionCookie]
        var actor: Actor?
        var setCookies: [String] = []
        if let given = token {
            actor = try? Accounts(core: core).authenticate(token: given)
            if actor == nil {
                token = nil
                setCookies.append("\(WebSite.sessionCookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
            }
        }
        // The CSRF token: keyed by the session's token, or signed out by a random pre-session cookie.
        let secret: String
        if let token {
            secret = token
        } else if let pre = cookies[WebSite.preSessionCookie], pre.count >= 32, pre.count <= 64 {
            secret = pre
        } else {
            secret = Crypto.base64URL(Crypto.randomBytes(32))
            setCookies.append("\(WebSite.preSessionCookie)=\(secret); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""))
        }
        let csrf = CSRF.token(secret)
        if case .signedIn(let route) = page.access {
            guard let actor else {
                let next = request.method == "GET" && request.target.hasPrefix("/") && !request.target.hasPrefix("//") ? request.target : "/"
                var response = WebSite.redirect(next == "/" ? "/login" : "/login?" + Format.query([("next", next)]))
                for cookie in setCookies { response.headers.add("Set-Cookie", cookie) }
                return response
            }
            if let route, !admits(route, actor) {
                return finish(Layout.failure(PageFailure(status: 403, message: "您的账户（\(Labels.role(actor.role))）无权使用此页面。"), actor: actor, csrf: csrf, core: core), setCookies, secure)
            }
        }
        let form = request.method == "POST" ? FormData(request) : FormData()
        if request.method == "POST", !CSRF.matches(form.value("_csrf"), csrf) {
            let failure = PageFailure(status: 403, message: "表单已过期或来源无法确认（CSRF 校验未通过），请返回上一页刷新后重新提交。")
            return finish(Layout.failure(failure, actor: actor, csrf: csrf, core: core), setCookies, secure)
        }
        let context = PageContext(request: request, site: self, actor: actor, token: token, form: form, csrf: csrf, secure: secure)
        var response: Response
        do {
            response = try page.handler(context)
        } catch let failure as PageFailure {
            response = Layout.failure(failure, actor: actor, csrf: csrf, core: core)
        } catch {
            response = Layout.failure(PageFailure(status: 500, message: "服务器内部错误，请稍后再试。"), actor: actor, csrf: csrf, core: core)
        }
        return finish(response, setCookies + context.setCookies, secure)
    }

    private func finish(_ response: Response, _ cookies: [String], _ secure: Bool) -> Response {
        var response = response
        for cookie in cookies { response.headers.add("Set-Cookie", cookie) }
        if response.headers["Cache-Control"] == nil { response.headers.set("Cache-Control", "no-store") }
        response.headers.set("X-Content-Type-Options", "nosniff")
        response.headers.set("X-Frame-Options", "DENY")
        response.headers.set("Referrer-Policy", "same-origin")
        response.headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        return response
    }

    /// 303 See Other: after every POST, and to the sign-in page.
    static func redirect(_ location: String) -> Response {
        var response = Response(status: 303)
        response.headers.set("Location", location)
        return response
    }
}

/// The CSRF token of a session: an HMAC of a fixed text keyed by the session's secret (its token,
/// or the pre-session cookie), so a page on another site, which cannot read the cookie, cannot make it.
enum CSRF {
    static func token(_ secret: String) -> String {
        String(Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("anwei-web-csrf-v1".utf8))).prefix(40))
    }

    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given, given.utf8.count == expected.utf8.count else { return false }
        return Crypto.constantTimeEqual(Array(given.utf8), Array(expected.utf8))
    }
}
