// What a page handler works with: the request, who is signed in, the posted form, the CSRF token
// its forms carry, and the API (called as the signed-in user).
import Foundation
import HTTP
import Kernel

final class PageContext {
    let request: Request
    let site: WebSite
    /// The signed-in user (nil on an open page visited signed out).
    let actor: Actor?
    /// The session's token: the kernel's API token, kept in the HttpOnly cookie.
    let token: String?
    /// The posted form (empty on a GET).
    let form: FormData
    /// The CSRF token every form of this page carries.
    let csrf: String
    /// Set-Cookie values to send with the answer.
    var setCookies: [String] = []
    /// Whether the browser reached us over TLS (directly or through a proxy saying so).
    let secure: Bool

    init(request: Request, site: WebSite, actor: Actor?, token: String?, form: FormData, csrf: String, secure: Bool) {
        self.request = request
        self.site = site
        self.actor = actor
        self.token = token
        self.form = form
        self.csrf = csrf
        self.secure = secure
    }

    var cookies: [String: String] { Cookies.parse(request) }

    /// Calls the API as the signed-in user (the public when signed out).
    func api(_ method: String, _ path: String, query: [(name: String, value: String)] = [], json: JSON? = nil,
             accept: String? = nil, headers: [(String, String)] = []) -> APIReply {
        site.api.call(method, path, query: query, json: json, token: token, accept: accept, extraHeaders: headers, remoteAddress: request.remoteAddress)
    }

    /// The JSON of a GET, or the failure page's reason.
    func get(_ path: String, query: [(name: String, value: String)] = []) throws -> JSON {
        let reply = api("GET", path, query: query)
        guard reply.ok else { throw PageFailure.from(reply) }
        return reply.json
    }

    /// Whether the signed-in user's role may call the API route `"POST /api/v1/hazards"`.
    func may(_ route: String) -> Bool { site.admits(route, actor) }

    /// A cookie for this site: HttpOnly, SameSite=Strict, Secure over TLS.
    func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=\(path); HttpOnly; SameSite=Strict"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }

    /// The hidden CSRF field every form carries.
    var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">" }

    /// The query of the page's URL.
    var query: [(name: String, value: String)] { request.queryItems }
}
